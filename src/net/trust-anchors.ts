// The certificates a probe may complete a chain with: Node's bundled root store (the Mozilla CA
// list, tls.rootCertificates) and the administrator's --ca files (PEM bundles, DER, P7B, PFX,
// read by the shared certificate-container reader). Reads files; the chain logic itself is pure
// (check/chain-trust.ts).

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { rootCertificates } from 'node:tls';
import { inputError } from '../errors.js';
import { parseCertificateContainer } from '../x509/certificate-container.js';

let systemRoots: Uint8Array[] | null = null;

/** The system trust anchors as DER, decoded once per process. */
export function readSystemRoots(): readonly Uint8Array[] {
  // Node's own PEM strings: one block each, so the base64 between the markers is the DER.
  systemRoots ??= rootCertificates.map(
    (pem) => new Uint8Array(Buffer.from(pem.replace(/-----[A-Z ]+-----/g, ''), 'base64')),
  );
  return systemRoots;
}

/** Reads every --ca file; one that cannot be read or holds no certificate is an input error (exit 2). */
export async function readCaFiles(
  paths: readonly string[],
  cwd: string,
  password?: string,
): Promise<Uint8Array[]> {
  const all: Uint8Array[] = [];
  for (const path of paths) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(resolve(cwd, path));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a directory' : 'cannot be read';
      throw inputError(
        'CA_FILE_UNREADABLE',
        `--ca "${path}" ${reason}`,
        'give a PEM, DER, P7B or PFX file of CA certificates',
        error,
      );
    }
    const container = parseCertificateContainer(bytes, { source: path, password });
    if (container.certificates.length === 0) {
      throw inputError(
        'CA_FILE_EMPTY',
        `--ca "${path}" holds no certificate`,
        'give a PEM, DER, P7B or PFX file of CA certificates',
      );
    }
    all.push(...container.certificates.map((c) => c.der));
  }
  return all;
}
