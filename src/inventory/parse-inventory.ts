// Reads what a server reported about its certificates, in either form:
// - the JSON `uccert inventory script` writes (`uccertInventory: 1`): server, time, and per
//   Get-CsCertificate assignment its Use name, thumbprint, dates in ISO 8601 and the certificate's
//   DER (base64 of RawData from Cert:\LocalMachine\My), so nothing is truncated;
// - plain `Get-CsCertificate | ConvertTo-Json` from Windows PowerShell 5.1 or PowerShell 7: enums
//   as numbers, dates as \/Date(ms)\/ (5.1), no server name, and past ConvertTo-Json's default
//   depth of 2 nested values flattened to strings. What it cannot know is said, per entry.
// Pure: takes the decoded JSON value, returns data.

import { certificateUses } from '../requirements/certificate-use.js';

export interface ObservedEntry {
  readonly use: string;
  /** Uppercase hex, no separators. */
  readonly thumbprint: string;
  readonly effectiveDate: string | null;
  readonly previousThumbprint: string | null;
  readonly notAfter: string | null;
  /** The certificate's DER, when the report carried it. */
  readonly der: Uint8Array | null;
}

export interface InventoryReport {
  readonly format: 'uccert-inventory' | 'get-cscertificate';
  readonly server: string | null;
  readonly collectedAt: string | null;
  readonly powershell: string | null;
  readonly entries: readonly ObservedEntry[];
  /** What the report could not tell, said plainly, one line each. */
  readonly unknown: readonly string[];
  /** Entries that could not be read (a Use written as a number, a bad thumbprint). */
  readonly skipped: number;
}

export type InventoryParse =
  | { readonly ok: true; readonly report: InventoryReport }
  | { readonly ok: false; readonly why: string };

type Obj = Readonly<Record<string, unknown>>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `\/Date(1780315200000)\/` (5.1, with an optional zone offset) or ISO 8601 → ISO 8601 UTC. */
export function parsePowerShellDate(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value);
  const date = ms !== null ? new Date(Number(ms[1])) : new Date(value);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() <= 1) return null;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function thumbprintOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const hex = value.replace(/[\s:]/g, '').toUpperCase();
  return /^[0-9A-F]{40}$/.test(hex) ? hex : null;
}

function derOf(value: unknown): Uint8Array | null {
  if (typeof value !== 'string' || value === '') return null;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(value)) return null;
  const der = Buffer.from(value, 'base64');
  return der.length === 0 ? null : new Uint8Array(der);
}

/** PowerShell 5.1 writes some arrays as { value: [...], Count: n }; a lone object is a list of one. */
function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObj(value) && Array.isArray(value.value) && 'Count' in value) return value.value;
  return value === undefined || value === null ? [] : [value];
}

function useName(value: unknown): { use: string | null; note: string | null } {
  if (typeof value === 'string') {
    const known = certificateUses.find((u) => u.toLowerCase() === value.trim().toLowerCase());
    return known === undefined
      ? { use: null, note: `Use "${value}" is not a Set-CsCertificate -Type name` }
      : { use: known, note: null };
  }
  if (typeof value === 'number') {
    return {
      use: null,
      note: `Use was written as the number ${value} (ConvertTo-Json writes the CertificateUse enum as a number), and uccert does not guess which use that is`,
    };
  }
  return { use: null, note: 'no Use property' };
}

export function parseInventory(value: unknown): InventoryParse {
  if (isObj(value) && value.uccertInventory !== undefined) return parseUccertInventory(value);
  const items = listOf(value);
  if (items.length > 0 && items.every((i) => isObj(i) && 'Thumbprint' in i && 'Use' in i)) {
    return { ok: true, report: parseGetCsCertificate(items as Obj[]) };
  }
  return {
    ok: false,
    why: 'it is neither the JSON `uccert inventory script` writes nor Get-CsCertificate | ConvertTo-Json (objects with Use and Thumbprint)',
  };
}

function parseUccertInventory(value: Obj): InventoryParse {
  if (value.uccertInventory !== 1) {
    return {
      ok: false,
      why: `uccertInventory is ${JSON.stringify(value.uccertInventory)}; this uccert reads version 1`,
    };
  }
  const server = typeof value.server === 'string' && value.server !== '' ? value.server.toLowerCase() : null;
  const entries: ObservedEntry[] = [];
  const unknown: string[] = [];
  let skipped = 0;
  listOf(value.certificates).forEach((c, i) => {
    if (!isObj(c)) {
      unknown.push(`certificates[${i}] is not an object; skipped`);
      skipped += 1;
      return;
    }
    const { use, note } = useName(c.use);
    const thumbprint = thumbprintOf(c.thumbprint);
    if (use === null || thumbprint === null) {
      unknown.push(
        `certificates[${i}]: ${note ?? `thumbprint ${JSON.stringify(c.thumbprint)} is not 40 hex digits`}; skipped`,
      );
      return;
    }
    const der = derOf(c.rawData);
    if (der === null)
      unknown.push(
        `${use} ${thumbprint}: the certificate was not in Cert:\\LocalMachine\\My, so only its thumbprint is known`,
      );
    entries.push({
      use,
      thumbprint,
      effectiveDate: parsePowerShellDate(c.effectiveDate),
      previousThumbprint: thumbprintOf(c.previousThumbprint),
      notAfter: parsePowerShellDate(c.notAfter),
      der,
    });
  });
  return {
    ok: true,
    report: {
      format: 'uccert-inventory',
      server,
      collectedAt: parsePowerShellDate(value.collectedAt),
      powershell: typeof value.powershell === 'string' ? value.powershell : null,
      entries,
      unknown,
      skipped,
    },
  };
}

function parseGetCsCertificate(items: readonly Obj[]): InventoryReport {
  const entries: ObservedEntry[] = [];
  const unknown: string[] = [
    'plain Get-CsCertificate output carries no certificate DER, so only thumbprints and dates are known (uccert inventory script collects the DER)',
  ];
  let truncated = false;
  let msDates = false;
  const skipped = 0;
  items.forEach((c, i) => {
    const { use, note } = useName(c.Use);
    const thumbprint = thumbprintOf(c.Thumbprint);
    if (use === null || thumbprint === null) {
      unknown.push(
        `entry ${i + 1} (${thumbprint ?? String(c.Thumbprint)}): ${note ?? 'no thumbprint'}; skipped`,
      );
      return;
    }
    if (typeof c.AlternativeNames === 'string') truncated = true;
    if (typeof c.EffectiveDate === 'string' && c.EffectiveDate.startsWith('/Date(')) msDates = true;
    entries.push({
      use,
      thumbprint,
      effectiveDate: parsePowerShellDate(c.EffectiveDate),
      previousThumbprint: thumbprintOf(c.PreviousThumbprint),
      notAfter: parsePowerShellDate(c.NotAfter),
      der: null,
    });
  });
  if (truncated)
    unknown.push(
      'AlternativeNames arrived as one string: ConvertTo-Json stops at depth 2 and flattens deeper values, so the SAN list is not known',
    );
  if (msDates) unknown.push('dates were written as \\/Date(ms)\\/ (Windows PowerShell 5.1): read as UTC');
  return {
    format: 'get-cscertificate',
    server: null,
    collectedAt: null,
    powershell: null,
    entries,
    unknown,
    skipped,
  };
}
