// openssl as the independent oracle for the PKCS#12 tests: makes keys, a self-signed certificate
// and a small CA chain in a temp directory, writes PFX files and shows what openssl reads in them.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Scratch {
  readonly dir: string;
  path(name: string): string;
  write(name: string, bytes: Uint8Array): string;
  read(name: string): Buffer;
  remove(): void;
}

export function makeScratch(prefix: string): Scratch {
  const dir = mkdtempSync(join(tmpdir(), `uccert-${prefix}-`));
  const path = (name: string) => join(dir, name);
  return {
    dir,
    path,
    write(name, bytes) {
      writeFileSync(path(name), bytes);
      return path(name);
    },
    read: (name) => readFileSync(path(name)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs openssl and returns stdout; throws with openssl's stderr when it fails. */
export function runOpenssl(args: readonly string[], cwd?: string): Buffer {
  return execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 24 });
}

/** Key and certificate files in a scratch directory, by name: `${name}.key`, `${name}.pem`. */
export interface PkiMaterial {
  /** Self-signed RSA 2048. */
  readonly rsa: string;
  /** Self-signed P-256. */
  readonly ec: string;
  /** P-256 leaf issued by `intermediate`, issued by `root` (RSA). */
  readonly leaf: string;
  readonly intermediate: string;
  readonly root: string;
  /** PEM file with intermediate then root, for -certfile. */
  readonly chainFile: string;
}

export function makePkiMaterial(s: Scratch): PkiMaterial {
  const selfSigned = (name: string, keyArgs: string[], cn: string, ca: boolean) =>
    runOpenssl(
      [
        'req',
        '-x509',
        '-newkey',
        ...keyArgs,
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.pem`,
        '-subj',
        `/CN=${cn}`,
        '-days',
        '30',
        ...(ca
          ? [
              '-addext',
              'basicConstraints=critical,CA:TRUE',
              '-addext',
              'keyUsage=critical,keyCertSign,cRLSign',
            ]
          : []),
      ],
      s.dir,
    );
  const issued = (name: string, issuer: string, cn: string, ca: boolean) => {
    runOpenssl(
      ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`],
      s.dir,
    );
    runOpenssl(['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`], s.dir);
    writeFileSync(
      s.path(`${name}.ext`),
      ca ? 'basicConstraints=critical,CA:TRUE\n' : 'subjectAltName=DNS:pool01.contoso.net\n',
    );
    runOpenssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        `${issuer}.pem`,
        '-CAkey',
        `${issuer}.key`,
        '-CAcreateserial',
        '-days',
        '30',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.pem`,
      ],
      s.dir,
    );
  };
  selfSigned('rsa', ['rsa:2048'], 'fe01.contoso.net', false);
  selfSigned('ec', ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'edge01.contoso.net', false);
  selfSigned('root', ['rsa:2048'], 'Contoso Test Root', true);
  issued('intermediate', 'root', 'Contoso Test Issuing CA', true);
  issued('leaf', 'intermediate', 'pool01.contoso.net', false);
  writeFileSync(s.path('chain.pem'), Buffer.concat([s.read('intermediate.pem'), s.read('root.pem')]));
  return {
    rsa: 'rsa',
    ec: 'ec',
    leaf: 'leaf',
    intermediate: 'intermediate',
    root: 'root',
    chainFile: 'chain.pem',
  };
}

/** `openssl x509 -outform DER`. */
export function certificateDer(s: Scratch, name: string): Buffer {
  return runOpenssl(['x509', '-in', `${name}.pem`, '-outform', 'DER'], s.dir);
}

/**
 * The PKCS#8 PrivateKeyInfo DER of a key file. `openssl pkey -outform DER` writes PKCS#1 for RSA
 * in 3.0, so ask `openssl pkcs8 -topk8 -nocrypt` for PKCS#8 explicitly.
 */
export function keyDer(s: Scratch, name: string): Buffer {
  return runOpenssl(['pkcs8', '-topk8', '-nocrypt', '-in', `${name}.key`, '-outform', 'DER'], s.dir);
}

/** The DER of each PEM block with `label`, in order. */
export function pemBlocks(text: string, label: string): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([^-]+)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

/** What `openssl pkcs12 -info -nodes` reads in a PFX: its report (stderr), certificates and keys. */
export function opensslView(
  s: Scratch,
  file: string,
  password: string,
): { info: string; certificates: Buffer[]; keys: Buffer[] } {
  const run = spawnSync(
    'openssl',
    ['pkcs12', '-legacy', '-info', '-nodes', '-in', file, '-passin', `pass:${password}`],
    {
      cwd: s.dir,
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`openssl pkcs12 could not read ${file}: ${run.stderr}`);
  return {
    info: run.stderr + run.stdout,
    certificates: pemBlocks(run.stdout, 'CERTIFICATE'),
    keys: pemBlocks(run.stdout, 'PRIVATE KEY'),
  };
}
