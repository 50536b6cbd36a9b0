// The certificate we would present to a mutual-TLS peer (`probe --cert FILE`, `--thumbprint`): the
// certificate, the CA certificates known for it (leaf first, up to the root when we have it), and
// its private key when `--present` needs it. From a file (PEM with key, PFX) or from the store.

import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { inputError } from '../errors.js';
import type { PassphraseSource } from '../secrets/passphrase.js';
import { findCertificateByThumbprint } from '../store/certificate-records.js';
import { openKeyring } from '../store/keyring-records.js';
import { readPrivateKeyPkcs8 } from '../store/private-key-records.js';
import type { Store } from '../store/store.js';
import { parseCertificateContainer } from '../x509/certificate-container.js';
import type { CertificateFacts } from '../x509/certificate-facts.js';
import { readFilePrivateKeys } from './file-private-keys.js';
import { buildStoredChain } from './stored-chain.js';

export interface IdentityCertificate {
  readonly der: Uint8Array;
  readonly facts: CertificateFacts;
}

export interface ClientIdentity {
  readonly source: string;
  readonly leaf: IdentityCertificate;
  /** Issuers nearest first, as far as the file or the store has them. */
  readonly issuers: readonly IdentityCertificate[];
  /** Only when asked for and available. Secret: never rendered or logged. */
  readonly key: KeyObject | null;
}

function spkiOf(der: Uint8Array): Buffer {
  return new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });
}

/** Orders the issuers of `leaf` among `pool` by name, nearest first, stopping at a self-signed one. */
function issuersOf(leaf: IdentityCertificate, pool: readonly IdentityCertificate[]): IdentityCertificate[] {
  const out: IdentityCertificate[] = [];
  let current = leaf;
  while (!current.facts.selfSigned && out.length < 8) {
    const next = pool.find(
      (c) => c !== current && !out.includes(c) && c.facts.subject === current.facts.issuer,
    );
    if (next === undefined) break;
    out.push(next);
    current = next;
  }
  return out;
}

/** `keyBytes`: a separate PEM key file (`--key`), as devices and openssl keep them. */
export function readClientIdentityFile(
  bytes: Uint8Array,
  source: string,
  password: string | undefined,
  keyBytes: Uint8Array | null = null,
): ClientIdentity {
  const container = parseCertificateContainer(bytes, { source, password });
  const certificates: IdentityCertificate[] = container.certificates.map((c) => ({
    der: c.der,
    facts: c.facts,
  }));
  if (certificates.length === 0) {
    throw inputError(
      'NO_CERTIFICATE',
      `--cert "${source}" holds no certificate`,
      'give the PEM or PFX file of our certificate',
    );
  }
  const keys = [
    ...readFilePrivateKeys(bytes, container.format, password),
    ...(keyBytes === null ? [] : readFilePrivateKeys(keyBytes, 'pem', password)),
  ];
  let leaf: IdentityCertificate | undefined;
  let key: KeyObject | null = null;
  for (const material of keys) {
    const match = certificates.find((c) => spkiOf(c.der).equals(Buffer.from(material.spki)));
    if (match !== undefined) {
      leaf = match;
      key = createPrivateKey({ key: Buffer.from(material.pkcs8), format: 'der', type: 'pkcs8' });
      break;
    }
  }
  leaf ??= certificates.find((c) => !c.facts.isCa) ?? certificates[0]!;
  return { source, leaf, issuers: issuersOf(leaf, certificates), key };
}

export async function readClientIdentityFromStore(
  store: Store,
  thumbprint: string,
  now: Date,
  passphrase: PassphraseSource | null,
): Promise<ClientIdentity> {
  const found = store.read(() => findCertificateByThumbprint(store.db, thumbprint.toUpperCase()));
  if (found === null) {
    throw inputError(
      'UNKNOWN_THUMBPRINT',
      `no certificate with thumbprint "${thumbprint}" is in this uccert store`,
      'list them with `uccert get`, or give the file with --cert FILE',
    );
  }
  const chain = store.read(() => buildStoredChain(store.db, found));
  let key: KeyObject | null = null;
  if (passphrase !== null && found.privateKeyId !== null) {
    const secret = await passphrase();
    const pkcs8 = store.read(() =>
      readPrivateKeyPkcs8(store.db, openKeyring(store.db, secret, now), found.privateKeyId ?? 0),
    );
    key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  }
  return {
    source: `store ${found.facts.thumbprint}`,
    leaf: { der: found.der, facts: found.facts },
    issuers: chain.issuers.map((c) => ({ der: c.der, facts: c.facts })),
    key,
  };
}
