// An offline CA for the flow tests: `openssl ca` with the test issuing CA of test/fixtures, signing
// uccert's CSRs as a public or AD CS CA would. Fixed validity dates, so the fixed test clock holds;
// either copying the request's extensions, or replacing the SAN (to drop a name, as CAs do).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl } from '../ca-test-support.js';
import { repoPath } from './repo.js';

export interface OpensslCaOptions {
  /** null: copy the CSR's SAN; else write this SAN instead (DNS names). */
  readonly subjectAltName: readonly string[] | null;
}

/** Signs `csrPath` into `outPath` (PEM) with test/fixtures/issuing-ca; throws when openssl fails. */
export function signWithOpensslCa(
  dir: string,
  csrPath: string,
  outPath: string,
  options: OpensslCaOptions,
): void {
  const database = join(dir, `index-${Date.now()}-${Math.random().toString(16).slice(2)}.txt`);
  writeFileSync(database, '');
  const serial = `${database}.serial`;
  writeFileSync(serial, '1A2B3C01\n');
  const config = `${database}.cnf`;
  const san =
    options.subjectAltName === null
      ? ''
      : `subjectAltName = ${options.subjectAltName.map((n) => `DNS:${n}`).join(',')}\n`;
  writeFileSync(
    config,
    [
      '[ca]',
      'default_ca = offline',
      '[offline]',
      `database = ${database}`,
      `new_certs_dir = ${dir}`,
      `serial = ${serial}`,
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      `copy_extensions = ${options.subjectAltName === null ? 'copy' : 'none'}`,
      'x509_extensions = leaf',
      '[any]',
      'commonName = supplied',
      '[leaf]',
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature, keyEncipherment',
      'extendedKeyUsage = serverAuth',
      'crlDistributionPoints = URI:http://pki.contoso.net/crl/issuing.crl',
      'authorityInfoAccess = caIssuers;URI:http://pki.contoso.net/aia/issuing.crt',
      san,
    ].join('\n'),
  );
  const result = openssl([
    'ca',
    '-batch',
    '-notext',
    '-config',
    config,
    '-cert',
    repoPath('test/fixtures/issuing-ca.pem'),
    '-keyfile',
    repoPath('test/fixtures/issuing-ca.key'),
    '-startdate',
    '20260501000000Z',
    '-enddate',
    '20280501000000Z',
    '-in',
    csrPath,
    '-out',
    outPath,
  ]);
  if (result.status !== 0) throw new Error(`openssl ca failed: ${result.stderr}`);
}
