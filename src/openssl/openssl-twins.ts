// The openssl command lines that do or verify what a uccert command did (`--openssl`): administrators
// trust openssl, and it is there when uccert is not. Pure: data in, POSIX shell lines out. Secrets
// never appear in a line: passwords are read from environment variables the lines name.

import type { RequestSubject } from '../requests/certificate-request-builder.js';
import type { KeyAlgorithmName } from '../store/private-key-records.js';

/** The environment variables the printed lines read passwords from. */
export const passwordVariables = {
  pfx: 'PFX_PASSWORD',
  key: 'KEY_PASSWORD',
} as const;

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function line(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

export type CertificateFileKind = 'pem' | 'der' | 'pfx' | 'p7b' | 'csr' | 'crl';

export interface CertificateFileView {
  readonly path: string;
  readonly kind: CertificateFileKind;
  /** DER rather than PEM (for der, p7b and csr). */
  readonly binary: boolean;
  readonly certificateCount: number;
  /** A PFX encrypted with RC2/3DES: OpenSSL 3 reads it only with -legacy. */
  readonly legacyPfx: boolean;
}

function pfxCertificates(file: CertificateFileView): string {
  return `${line(['openssl', 'pkcs12', '-in', file.path, '-nokeys', '-passin', `env:${passwordVariables.pfx}`, ...(file.legacyPfx ? ['-legacy'] : [])])}`;
}

/** A pipeline head that writes the file's (first) certificate for `openssl x509` to read. */
function x509Of(file: CertificateFileView, rest: readonly string[]): string {
  if (file.kind === 'pfx') return `${pfxCertificates(file)} | ${line(['openssl', 'x509', ...rest])}`;
  if (file.kind === 'p7b') {
    return `${line(['openssl', 'pkcs7', '-in', file.path, ...(file.binary ? ['-inform', 'DER'] : []), '-print_certs'])} | ${line(['openssl', 'x509', ...rest])}`;
  }
  return line(['openssl', 'x509', '-in', file.path, ...(file.binary ? ['-inform', 'DER'] : []), ...rest]);
}

/** `show` and `import`: every property, and the thumbprint to compare with uccert's. */
export function showTwins(file: CertificateFileView): string[] {
  if (file.kind === 'crl') {
    return [
      line([
        'openssl',
        'crl',
        '-in',
        file.path,
        ...(file.binary ? ['-inform', 'DER'] : []),
        '-noout',
        '-text',
        '-nameopt',
        'RFC2253',
      ]),
    ];
  }
  if (file.kind === 'csr') {
    return [
      line([
        'openssl',
        'req',
        '-in',
        file.path,
        ...(file.binary ? ['-inform', 'DER'] : []),
        '-noout',
        '-text',
        '-verify',
        '-nameopt',
        'RFC2253',
      ]),
    ];
  }
  const lines: string[] = [];
  if (file.kind === 'pfx') {
    lines.push(
      line([
        'openssl',
        'pkcs12',
        '-in',
        file.path,
        '-info',
        '-noout',
        '-passin',
        `env:${passwordVariables.pfx}`,
        ...(file.legacyPfx ? ['-legacy'] : []),
      ]),
    );
  }
  if (file.certificateCount > 1 || file.kind === 'p7b') {
    // openssl x509 reads one certificate; storeutl reads them all.
    const all =
      file.kind === 'pfx'
        ? `${pfxCertificates(file)} | openssl storeutl -noout -text -certs /dev/stdin`
        : file.kind === 'p7b'
          ? `${line(['openssl', 'pkcs7', '-in', file.path, ...(file.binary ? ['-inform', 'DER'] : []), '-print_certs', '-text', '-noout'])}`
          : line(['openssl', 'storeutl', '-noout', '-text', '-certs', file.path]);
    lines.push(all);
  }
  lines.push(x509Of(file, ['-noout', '-text', '-nameopt', 'RFC2253']));
  lines.push(x509Of(file, ['-noout', '-fingerprint', '-sha1']));
  return lines;
}

export interface ProbeTwinInput {
  readonly host: string;
  readonly port: number;
  readonly sni: string | null;
  readonly caFile: string | null;
  readonly clientCertificate: {
    readonly path: string;
    readonly keyPath: string | null;
    readonly password: boolean;
  } | null;
}

/** `probe`: the chain as sent, then the same handshake verified against --ca and the name. */
export function probeTwins(input: ProbeTwinInput): string[] {
  const endpoint = input.host.includes(':') ? `[${input.host}]:${input.port}` : `${input.host}:${input.port}`;
  const base = [
    'openssl',
    's_client',
    '-connect',
    endpoint,
    ...(input.sni === null ? ['-noservername'] : ['-servername', input.sni]),
  ];
  const client =
    input.clientCertificate === null
      ? []
      : [
          '-cert',
          input.clientCertificate.path,
          ...(input.clientCertificate.keyPath === null ? [] : ['-key', input.clientCertificate.keyPath]),
          ...(input.clientCertificate.password ? ['-pass', `env:${passwordVariables.key}`] : []),
        ];
  const lines = [`${line([...base, '-showcerts'])} </dev/null`];
  const verify = [
    ...base,
    ...(input.caFile === null ? [] : ['-CAfile', input.caFile]),
    '-verify_return_error',
    ...(input.sni === null ? [] : ['-verify_hostname', input.sni]),
    ...client,
    '-brief',
  ];
  lines.push(`${line(verify)} </dev/null`);
  return lines;
}

export interface RequestTwinInput {
  /** The file stem for the config, key and CSR openssl writes. */
  readonly stem: string;
  readonly subject: RequestSubject;
  readonly dnsNames: readonly string[];
  readonly clientEku: boolean;
  readonly keyAlgorithm: KeyAlgorithmName;
  readonly rsaBits: number;
  /** uccert's CSR, to verify; null when the lab CA issued at once. */
  readonly csrPath: string | null;
}

const curveNames: Readonly<Record<Exclude<KeyAlgorithmName, 'RSA'>, string>> = {
  ECDH_P256: 'P-256',
  ECDH_P384: 'P-384',
  ECDH_P521: 'P-521',
};

/** The [dn] section, most general first as openssl writes a request (C, ST, L, O, OU, CN). */
function dnLines(subject: RequestSubject): string[] {
  const fields: [string, string | undefined][] = [
    ['C', subject.country],
    ['ST', subject.state],
    ['L', subject.locality],
    ['O', subject.organization],
    ['OU', subject.organizationalUnit],
    ['CN', subject.commonName],
  ];
  return fields.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k} = ${v}`);
}

/** `request --new`: a config with the same subject, key usage, EKU and SANs, and `openssl req -new` with it. */
export function requestTwins(input: RequestTwinInput): string[] {
  const config = `${input.stem}.openssl.cnf`;
  const keyUsage =
    input.keyAlgorithm === 'RSA'
      ? 'critical, digitalSignature, keyEncipherment'
      : 'critical, digitalSignature';
  const body = [
    '[req]',
    'prompt = no',
    'utf8 = yes',
    'distinguished_name = dn',
    'req_extensions = ext',
    '[dn]',
    ...dnLines(input.subject),
    '[ext]',
    `keyUsage = ${keyUsage}`,
    `extendedKeyUsage = serverAuth${input.clientEku ? ', clientAuth' : ''}`,
    ...(input.dnsNames.length === 0
      ? []
      : ['subjectAltName = @san', '[san]', ...input.dnsNames.map((n, i) => `DNS.${i + 1} = ${n}`)]),
  ];
  const newKey =
    input.keyAlgorithm === 'RSA'
      ? ['-newkey', `rsa:${input.rsaBits}`]
      : ['-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${curveNames[input.keyAlgorithm]}`];
  const lines = [
    `cat > ${shellQuote(config)} <<'UCCERT_EOF'`,
    ...body,
    'UCCERT_EOF',
    line([
      'openssl',
      'req',
      '-new',
      '-config',
      config,
      ...newKey,
      '-keyout',
      `${input.stem}.openssl.key`,
      '-passout',
      `env:${passwordVariables.key}`,
      '-out',
      `${input.stem}.openssl.csr`,
    ]),
    line([
      'openssl',
      'req',
      '-in',
      `${input.stem}.openssl.csr`,
      '-noout',
      '-text',
      '-verify',
      '-nameopt',
      'RFC2253',
    ]),
  ];
  if (input.csrPath !== null) {
    lines.push(
      line(['openssl', 'req', '-in', input.csrPath, '-noout', '-text', '-verify', '-nameopt', 'RFC2253']),
    );
  }
  return lines;
}

/** A certificate file (leaf first, then its issuing CA) verified up to a root: PEM (-CAfile) or DER (-CAstore reads DER). */
export function verifyTwins(
  chainFile: string,
  root: { readonly path: string; readonly der: boolean } | null,
  strict: boolean,
): string[] {
  const ca = root === null ? ['-CAfile', chainFile] : [root.der ? '-CAstore' : '-CAfile', root.path];
  return [
    line([
      'openssl',
      'verify',
      ...(strict ? ['-x509_strict'] : []),
      ...ca,
      '-untrusted',
      chainFile,
      chainFile,
    ]),
  ];
}

/** `ca issue CSR`: the request's proof of possession, and what was issued. */
export function caIssueTwins(csrPath: string, outPath: string | null): string[] {
  return [
    line(['openssl', 'req', '-in', csrPath, '-noout', '-verify', '-subject', '-nameopt', 'RFC2253']),
    ...(outPath === null
      ? []
      : [
          line(['openssl', 'x509', '-in', outPath, '-noout', '-text', '-nameopt', 'RFC2253']),
          line(['openssl', 'x509', '-in', outPath, '-noout', '-fingerprint', '-sha1']),
        ]),
  ];
}

/** `ca issue --new --out-dir`: the device files verified as the device will (strict X.509, key opens). */
export function deviceTwins(files: {
  readonly chainPem: string | null;
  readonly keyPem: string | null;
  readonly pfx: { readonly path: string; readonly legacy: boolean } | null;
  readonly rootDer: string;
}): string[] {
  const lines: string[] = [];
  if (files.chainPem !== null)
    lines.push(...verifyTwins(files.chainPem, { path: files.rootDer, der: true }, true));
  if (files.keyPem !== null) {
    lines.push(
      line(['openssl', 'pkey', '-in', files.keyPem, '-passin', `env:${passwordVariables.key}`, '-noout']),
    );
  }
  if (files.pfx !== null) lines.push(...exportTwins(files.pfx.path, 'pfx', files.pfx.legacy));
  lines.push(
    line([
      'openssl',
      'x509',
      '-inform',
      'DER',
      '-in',
      files.rootDer,
      '-noout',
      '-subject',
      '-fingerprint',
      '-sha1',
      '-nameopt',
      'RFC2253',
    ]),
  );
  return lines;
}

/** `export`: the PFX opens with its password, in the profile asked for, and holds the certificate exported. */
export function exportTwins(path: string, format: 'pfx' | 'pem', legacy: boolean): string[] {
  if (format === 'pem') {
    return [
      line(['openssl', 'x509', '-in', path, '-noout', '-fingerprint', '-sha1']),
      ...verifyTwins(path, null, false),
    ];
  }
  const pfx: CertificateFileView = {
    path,
    kind: 'pfx',
    binary: true,
    certificateCount: 2,
    legacyPfx: legacy,
  };
  return [
    line([
      'openssl',
      'pkcs12',
      '-in',
      path,
      '-info',
      '-noout',
      '-passin',
      `env:${passwordVariables.pfx}`,
      ...(legacy ? ['-legacy'] : []),
    ]),
    x509Of(pfx, ['-noout', '-fingerprint', '-sha1']),
  ];
}

/** `check --cert`: does the certificate match each name the plan requires? (RFC 6125 host matching). */
export function checkhostTwins(file: CertificateFileView, names: readonly string[]): string[] {
  return names.map((name) => x509Of(file, ['-noout', '-checkhost', name]));
}
