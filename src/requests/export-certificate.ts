// `export`: a stored certificate with its whole certification path and its key, as Windows' export
// wizard writes it ("include all certificates in the certification path", lync-certificate-rules.md
// §4.7): PKCS#12 in OpenSSL 3's AES-256 profile or the 3DES/RC2 legacy one, or PEM. uccert holds
// the keys it generated centrally, so exporting is how any key reaches its server; "not exportable"
// means the server must keep it so: its Import-CsCertificate line then has no -PrivateKeyExportable.

import { createPrivateKey, randomBytes } from 'node:crypto';
import { inputError } from '../errors.js';
import type { PassphraseSource } from '../secrets/passphrase.js';
import { listAssignments } from '../store/assignment-records.js';
import { findCertificateByThumbprint, type StoredCertificate } from '../store/certificate-records.js';
import { openKeyring } from '../store/keyring-records.js';
import { readPrivateKeyPkcs8, readPrivateKeyRecord } from '../store/private-key-records.js';
import { listPendingRequests } from '../store/request-records.js';
import type { Store } from '../store/store.js';
import { buildPkcs12 } from '../x509/pkcs12.js';
import { sortUses } from './planned-certificate-lookup.js';
import { buildStoredChain, type StoredChain } from './stored-chain.js';

export type ExportFormat = 'pfx' | 'pem';

export interface ExportOptions {
  readonly thumbprint: string;
  readonly format: ExportFormat;
  readonly profile: 'modern' | 'legacy';
  /** Required for PFX; for PEM it encrypts the key (without it, PEM carries the certificates only). */
  readonly password: string | undefined;
}

export interface ExportContext {
  readonly store: Store;
  readonly now: Date;
  readonly passphrase: PassphraseSource;
}

/** Where the certificate is (to be) used: its assignments, else the uses its request named. */
export interface ExportTarget {
  readonly server: string;
  readonly uses: readonly string[];
  readonly assigned: boolean;
}

export interface ExportResult {
  readonly certificate: StoredCertificate;
  readonly chain: StoredChain;
  /** The file's bytes. Holds the (encrypted) key: write it owner-only. */
  readonly content: Uint8Array;
  readonly includesKey: boolean;
  /** Whether the key may leave the server it is imported on; null when the store has no key record. */
  readonly keyExportable: boolean | null;
  readonly targets: readonly ExportTarget[];
}

function unknownThumbprint(thumbprint: string): Error {
  return inputError(
    'UNKNOWN_THUMBPRINT',
    `no certificate with thumbprint "${thumbprint}" is in this uccert store`,
    'list the assigned ones with `uccert get`, or import the certificate first (uccert import FILE)',
  );
}

function listTargets(store: Store, certificate: StoredCertificate): ExportTarget[] {
  const byServer = new Map<string, string[]>();
  for (const a of listAssignments(store.db)) {
    if (a.certificateId !== certificate.id) continue;
    byServer.set(a.server, [...(byServer.get(a.server) ?? []), a.use]);
  }
  if (byServer.size > 0) {
    return [...byServer].map(([server, uses]) => ({ server, uses: sortUses(uses), assigned: true }));
  }
  const request = listPendingRequests(store.db, 'issued').find((r) => r.certificateId === certificate.id);
  return request === undefined ? [] : [{ server: request.server, uses: request.uses, assigned: false }];
}

function pemOf(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export async function exportCertificate(
  context: ExportContext,
  options: ExportOptions,
): Promise<ExportResult> {
  const { store, now } = context;
  const found = store.read(() => findCertificateByThumbprint(store.db, options.thumbprint));
  if (found === null) throw unknownThumbprint(options.thumbprint);
  const needsKey = options.format === 'pfx' || options.password !== undefined;
  if (needsKey) {
    const subject = found.facts.subject;
    if (found.privateKeyId === null) {
      throw inputError(
        'NO_PRIVATE_KEY',
        `the store has no private key for certificate ${found.facts.thumbprint} (${subject}), so it cannot export a ${options.format === 'pfx' ? 'PFX' : 'key'}`,
        'export the key on the server that holds it, import a PFX with the key (uccert import FILE --password P), or export the certificate alone with --format pem',
      );
    }
  }
  const record =
    found.privateKeyId === null
      ? null
      : store.read(() => readPrivateKeyRecord(store.db, found.privateKeyId ?? 0));
  const keyExportable = record?.exportable ?? null;
  const passphrase = needsKey ? await context.passphrase() : null;
  return store.read(() => {
    const chain = buildStoredChain(store.db, found);
    const certificates = [found.der, ...chain.issuers.map((c) => c.der)];
    const targets = listTargets(store, found);
    if (passphrase === null) {
      const content = new TextEncoder().encode(certificates.map((der) => pemOf('CERTIFICATE', der)).join(''));
      return { certificate: found, chain, content, includesKey: false, keyExportable, targets };
    }
    const keyring = openKeyring(store.db, passphrase, now);
    const pkcs8 = readPrivateKeyPkcs8(store.db, keyring, found.privateKeyId ?? 0);
    const password = options.password ?? '';
    if (options.format === 'pfx') {
      const content = buildPkcs12({
        key: pkcs8,
        certificates,
        password,
        friendlyName: found.friendlyName ?? undefined,
        profile: options.profile,
        randomBytes: (n) => new Uint8Array(randomBytes(n)),
      });
      return { certificate: found, chain, content, includesKey: true, keyExportable, targets };
    }
    // PEM with a key: PKCS#8 encrypted with PBES2/AES-256-CBC (RFC 8018), never in the clear.
    const key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: password,
    });
    const text = `${certificates.map((der) => pemOf('CERTIFICATE', der)).join('')}${String(key)}`;
    return {
      certificate: found,
      chain,
      content: new TextEncoder().encode(text),
      includesKey: true,
      keyExportable,
      targets,
    };
  });
}
