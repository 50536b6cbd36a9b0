// Which certificate a private key belongs to: the key's public half (node:crypto derives it from
// the private key) equals the certificate's SubjectPublicKeyInfo key. Used for PFX and PEM bundles.

import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { subjectPublicKeyInfoOf } from './certificate.js';
import { publicKeyOf } from './signature.js';

export type PrivateKeyEncoding = 'pkcs8' | 'pkcs1' | 'sec1';

/** The public key of an unencrypted private key in DER, or null when node:crypto cannot load it. */
export function publicKeyOfPrivateKey(der: Uint8Array, encoding: PrivateKeyEncoding): KeyObject | null {
  try {
    const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
    return createPublicKey(createPrivateKey({ key, format: 'der', type: encoding }));
  } catch {
    return null;
  }
}

/** The position in `certificates` (DER) whose key is `publicKey`, or null. */
export function findCertificateForKey(
  publicKey: KeyObject,
  certificates: readonly Uint8Array[],
): number | null {
  for (let i = 0; i < certificates.length; i++) {
    const certKey = publicKeyOf(subjectPublicKeyInfoOf(certificates[i]!));
    if (certKey?.equals(publicKey)) return i;
  }
  return null;
}
