// Key pairs for the lab CA and the certificates it makes, with node:crypto (async: RSA generation
// runs on the thread pool). Keys leave here as PKCS#8 / SPKI DER for the store and the signer.

import { generateKeyPair as generateNodeKeyPair } from 'node:crypto';
import type { KeyAlgorithmName, PrivateKeyMaterial } from '../store/private-key-records.js';

type DerPair = { publicKey: Buffer; privateKey: Buffer };

function generateRsa(modulusLength: number): Promise<DerPair> {
  return new Promise((resolve, reject) => {
    generateNodeKeyPair(
      'rsa',
      {
        modulusLength,
        publicExponent: 0x10001,
        publicKeyEncoding: { type: 'spki', format: 'der' },
        privateKeyEncoding: { type: 'pkcs8', format: 'der' },
      },
      (error, publicKey, privateKey) => (error === null ? resolve({ publicKey, privateKey }) : reject(error)),
    );
  });
}

function generateEc(namedCurve: string): Promise<DerPair> {
  return new Promise((resolve, reject) => {
    generateNodeKeyPair(
      'ec',
      {
        namedCurve,
        publicKeyEncoding: { type: 'spki', format: 'der' },
        privateKeyEncoding: { type: 'pkcs8', format: 'der' },
      },
      (error, publicKey, privateKey) => (error === null ? resolve({ publicKey, privateKey }) : reject(error)),
    );
  });
}

/** The EC curves behind Request-CsCertificate's -KeyAlg names, with their sizes. */
const curves = {
  ECDH_P256: { namedCurve: 'P-256', size: 256 },
  ECDH_P384: { namedCurve: 'P-384', size: 384 },
  ECDH_P521: { namedCurve: 'P-521', size: 521 },
} as const;

export const keyAlgorithmNames: readonly KeyAlgorithmName[] = ['RSA', 'ECDH_P256', 'ECDH_P384', 'ECDH_P521'];

export interface KeySpec {
  readonly algorithm: KeyAlgorithmName;
  /** RSA modulus bits; ignored for EC (the curve fixes it). */
  readonly rsaBits: number;
  readonly exportable: boolean;
}

export async function generateKeyPair(spec: KeySpec): Promise<PrivateKeyMaterial> {
  if (spec.algorithm === 'RSA') {
    const pair = await generateRsa(spec.rsaBits);
    return { ...materialOf(pair), algorithm: 'RSA', keySize: spec.rsaBits, exportable: spec.exportable };
  }
  const curve = curves[spec.algorithm];
  const pair = await generateEc(curve.namedCurve);
  return { ...materialOf(pair), algorithm: spec.algorithm, keySize: curve.size, exportable: spec.exportable };
}

function materialOf(pair: DerPair): { pkcs8: Uint8Array; spki: Uint8Array } {
  return { pkcs8: new Uint8Array(pair.privateKey), spki: new Uint8Array(pair.publicKey) };
}
