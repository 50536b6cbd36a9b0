// `uccert inventory import`: stores what each server reported as observed, with the time: per
// server × use the thumbprint, and the certificate itself when the report carried its DER.

import { inputError } from '../errors.js';
import { insertCertificate } from '../store/certificate-records.js';
import { insertObservedAssignment } from '../store/observed-assignment-records.js';
import type { Store } from '../store/store.js';
import { decodeTopologyBytes } from '../topology/topology-text.js';
import { parseCertificate } from '../x509/certificate.js';
import { type InventoryReport, parseInventory } from './parse-inventory.js';

export interface InventoryFile {
  readonly path: string;
  readonly bytes: Uint8Array;
  /** The file's modification time: the observation time when the report has none. */
  readonly modifiedAt: Date;
}

export interface ImportedEntry {
  readonly use: string;
  readonly thumbprint: string;
  readonly certificateStored: boolean;
  readonly subject: string | null;
  readonly notAfter: string | null;
}

export interface ImportedInventory {
  readonly path: string;
  readonly format: InventoryReport['format'];
  readonly server: string;
  readonly observedAt: string;
  readonly observedAtFrom: 'report' | 'file time';
  readonly entries: readonly ImportedEntry[];
  readonly unknown: readonly string[];
}

/** Parses every file first (a bad one stores nothing), then stores all in one transaction. */
export async function importInventoryFiles(
  store: Store,
  files: readonly InventoryFile[],
  options: { readonly server: string | null; readonly now: Date },
): Promise<ImportedInventory[]> {
  const reports = files.map((file) => {
    const { text } = decodeTopologyBytes(file.bytes);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw inputError(
        'UNREADABLE_INVENTORY',
        `inventory "${file.path}" is not JSON: ${error instanceof Error ? error.message : String(error)}`,
        'give the file `uccert inventory script` wrote, or Get-CsCertificate | ConvertTo-Json output',
        error,
      );
    }
    const parsed = parseInventory(value);
    if (!parsed.ok) {
      throw inputError(
        'UNREADABLE_INVENTORY',
        `inventory "${file.path}": ${parsed.why}`,
        'run `uccert inventory script > uccert-inventory.ps1` and that script on the server, then import what it writes',
      );
    }
    const server = options.server?.toLowerCase() ?? parsed.report.server;
    if (server === null) {
      throw inputError(
        'INVENTORY_NEEDS_SERVER',
        `inventory "${file.path}" is plain Get-CsCertificate output, which names no server`,
        `say which server wrote it: uccert inventory import ${file.path} --server fe01.contoso.net`,
      );
    }
    if (options.server !== null && parsed.report.server !== null && parsed.report.server !== server) {
      throw inputError(
        'BAD_USAGE',
        `inventory "${file.path}" was written on ${parsed.report.server}, not on --server ${options.server}`,
        'leave --server out for files `uccert inventory script` wrote: they name their server',
      );
    }
    return { file, report: parsed.report, server };
  });
  return store.write(() =>
    reports.map(({ file, report, server }) => {
      const fromReport = report.collectedAt !== null;
      const observedAt = report.collectedAt ?? file.modifiedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
      const unknown = [...report.unknown];
      if (!fromReport)
        unknown.push(`the report carries no time: observed at the file's modification time, ${observedAt}`);
      const entries = report.entries.map((e) => {
        let certificateId: number | null = null;
        let subject: string | null = null;
        let notAfter = e.notAfter;
        if (e.der !== null) {
          try {
            const facts = parseCertificate(e.der);
            if (facts.thumbprint === e.thumbprint) {
              const stored = insertCertificate(
                store.db,
                { der: e.der, facts, privateKeyId: null, source: 'inventory' },
                options.now,
              );
              certificateId = stored.id;
              subject = facts.subject;
              notAfter = facts.notAfter;
            } else {
              unknown.push(
                `${e.use} ${e.thumbprint}: the DER in the report is another certificate (${facts.thumbprint}); not stored`,
              );
            }
          } catch (error) {
            unknown.push(
              `${e.use} ${e.thumbprint}: the DER in the report does not read as a certificate (${error instanceof Error ? error.message : String(error)}); not stored`,
            );
          }
        }
        insertObservedAssignment(
          store.db,
          {
            server,
            use: e.use,
            thumbprint: e.thumbprint,
            certificateId,
            effectiveDate: e.effectiveDate,
            previousThumbprint: e.previousThumbprint,
            observedAt,
            sourceFile: file.path,
            details: { format: report.format, powershell: report.powershell, skipped: report.skipped },
          },
          options.now,
        );
        return {
          use: e.use,
          thumbprint: e.thumbprint,
          certificateStored: certificateId !== null,
          subject,
          notAfter,
        };
      });
      return {
        path: file.path,
        format: report.format,
        server,
        observedAt,
        observedAtFrom: fromReport ? ('report' as const) : ('file time' as const),
        entries,
        unknown,
      };
    }),
  );
}
