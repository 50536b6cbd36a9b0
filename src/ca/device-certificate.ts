// `ca issue --new`: a key and a certificate in one step for a device outside the topology (Cisco
// VCS/Expressway, an SBC, a gateway, a partner's test server), signed by the lab CA and stored like
// any other; then the files in the device's format: PEM key and chain, PFX (modern or legacy), and
// the root as DER for the device's trust list.

import { createPrivateKey, randomBytes } from 'node:crypto';
import { openKeyring } from '../store/keyring-records.js';
import {
  insertPrivateKey,
  type KeyAlgorithmName,
  readPrivateKeyPkcs8,
} from '../store/private-key-records.js';
import { buildPkcs12 } from '../x509/pkcs12.js';
import { type CaContext, issueLeaf, requireAuthority, unlockAuthorityKey } from './ca-context.js';
import type { IssuedCertificate } from './ca-issue.js';
import { serverProfile } from './certificate-profiles.js';
import type { DeviceNames } from './device-names.js';
import { generateKeyPair } from './key-pair.js';
import { encodePem } from './pem-encoding.js';

export interface DeviceCertificateOptions {
  readonly names: DeviceNames;
  readonly keyAlgorithm: KeyAlgorithmName;
  readonly rsaBits: number;
  readonly clientAuth: boolean;
  readonly days: number;
}

export async function issueDeviceCertificate(
  context: CaContext,
  options: DeviceCertificateOptions,
): Promise<IssuedCertificate> {
  const { store, now } = context;
  // Ask before taking the store's write lock: a prompt must not hold other commands up.
  await context.passphrase();
  return store.write(async () => {
    const issuing = requireAuthority(store.db, 'issuing', store.home);
    const root = requireAuthority(store.db, 'root', store.home);
    const { signer, keyring } = await unlockAuthorityKey(store.db, issuing, context);
    const key = await generateKeyPair({
      algorithm: options.keyAlgorithm,
      rsaBits: options.rsaBits,
      exportable: true,
    });
    insertPrivateKey(store.db, keyring, key, now);
    const profile = serverProfile([], options.clientAuth, key.algorithm);
    const { names } = options;
    const certificate = await issueLeaf(
      store.db,
      issuing,
      signer,
      {
        subject: names.subjectName,
        subjectPublicKey: key.spki,
        subjectAltName:
          names.subjectAltName === null
            ? null
            : {
                kind: 'subjectAltNameDer',
                value: names.subjectAltName,
                critical: names.subjectAltNameCritical,
              },
        profile: { ...profile, name: `Device${options.clientAuth ? '+clientAuth' : ''}` },
        days: options.days,
      },
      now,
    );
    return { certificate, profile: 'Device', chain: [issuing.certificate, root.certificate] };
  });
}

export type DeviceFormat = 'pem' | 'pfx';

export interface DeviceFile {
  /** The file name inside the output directory. */
  readonly name: string;
  readonly content: Uint8Array;
  /** Holds the (encrypted) key: written owner-only. */
  readonly secret: boolean;
  readonly what: string;
}

/** A file name from the certificate's first name: `*.contoso.com` → `wildcard.contoso.com`. */
export function deviceFileStem(names: DeviceNames): string {
  const first =
    names.subject.commonName !== '' ? names.subject.commonName : (names.san[0]?.value ?? 'device');
  return first
    .toLowerCase()
    .replace(/^\*\./, 'wildcard.')
    .replace(/[^a-z0-9.-]/g, '_');
}

/**
 * The device's files. PEM: the certificate and its issuing CA (what Expressway and most SBCs take
 * as "server certificate" and chain), and the key as encrypted PKCS#8 (PBES2, AES-256-CBC, RFC
 * 8018). PFX: key and whole chain; legacy (3DES/RC2) for devices whose PKCS#12 reader predates
 * AES. Always the root as DER (.cer), for trust lists that take only DER.
 */
export async function packageDeviceFiles(
  context: CaContext,
  issued: IssuedCertificate,
  stem: string,
  format: DeviceFormat,
  legacy: boolean,
  password: string,
): Promise<DeviceFile[]> {
  const { store, now } = context;
  const passphrase = await context.passphrase();
  const pkcs8 = store.read(() =>
    readPrivateKeyPkcs8(
      store.db,
      openKeyring(store.db, passphrase, now),
      issued.certificate.privateKeyId ?? 0,
    ),
  );
  const [issuingCa, root] = issued.chain;
  const leafAndIssuing = [issued.certificate, ...(issuingCa === undefined ? [] : [issuingCa])];
  const files: DeviceFile[] = [];
  if (format === 'pem') {
    const chain = leafAndIssuing.map((c) => encodePem('CERTIFICATE', c.der)).join('');
    files.push({
      name: `${stem}.pem`,
      content: new TextEncoder().encode(chain),
      secret: false,
      what: 'certificate and issuing CA (PEM)',
    });
    const key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: password,
    });
    files.push({
      name: `${stem}.key`,
      content: new TextEncoder().encode(String(key)),
      secret: true,
      what: 'private key (PKCS#8 PEM, encrypted with the password)',
    });
  } else {
    files.push({
      name: `${stem}.pfx`,
      content: buildPkcs12({
        key: pkcs8,
        certificates: [...leafAndIssuing, ...(root === undefined ? [] : [root])].map((c) => c.der),
        password,
        friendlyName: stem,
        profile: legacy ? 'legacy' : 'modern',
        randomBytes: (n) => new Uint8Array(randomBytes(n)),
      }),
      secret: true,
      what: legacy ? 'PFX, legacy profile (3DES/RC2-40, SHA-1 MAC)' : 'PFX (AES-256-CBC, SHA-256 MAC)',
    });
  }
  if (root !== undefined) {
    files.push({
      name: 'root.cer',
      content: root.der,
      secret: false,
      what: 'the lab root CA (DER), for the trust list',
    });
  }
  return files;
}
