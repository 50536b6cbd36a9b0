// The private keys inside a certificate file, as PKCS#8 for the store: a PFX's key bags, and a PEM
// bundle's PRIVATE KEY / RSA PRIVATE KEY / EC PRIVATE KEY blocks (ENCRYPTED PRIVATE KEY with the
// password). parseCertificateContainer says which certificate each belongs to; this returns the
// key bytes it does not expose. Secret material: callers seal it at once and never render it.

import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { KeyAlgorithmName, PrivateKeyMaterial } from '../store/private-key-records.js';
import type { ContainerFormat } from '../x509/certificate-container.js';
import { looksLikePem, type PemBlock, parseBareBase64, parsePem } from '../x509/pem.js';
import { parsePkcs12 } from '../x509/pkcs12.js';

/** node:crypto's curve names for Request-CsCertificate's -KeyAlg EC values. */
const curveAlgorithms: Readonly<Record<string, { algorithm: KeyAlgorithmName; size: number }>> = {
  prime256v1: { algorithm: 'ECDH_P256', size: 256 },
  secp384r1: { algorithm: 'ECDH_P384', size: 384 },
  secp521r1: { algorithm: 'ECDH_P521', size: 521 },
};

/** PKCS#8, SPKI, algorithm and size of a key node:crypto loaded; null for kinds the store does not keep. */
export function materialOfKey(key: KeyObject, exportable: boolean): PrivateKeyMaterial | null {
  const details = key.asymmetricKeyDetails;
  let algorithm: KeyAlgorithmName;
  let keySize: number;
  if (key.asymmetricKeyType === 'rsa') {
    algorithm = 'RSA';
    keySize = details?.modulusLength ?? 0;
  } else if (key.asymmetricKeyType === 'ec') {
    const curve = curveAlgorithms[details?.namedCurve ?? ''];
    if (curve === undefined) return null;
    algorithm = curve.algorithm;
    keySize = curve.size;
  } else {
    return null;
  }
  return {
    pkcs8: new Uint8Array(key.export({ type: 'pkcs8', format: 'der' })),
    spki: new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' })),
    algorithm,
    keySize,
    exportable,
  };
}

const pemKeyTypes: Readonly<Partial<Record<PemBlock['kind'], 'pkcs8' | 'pkcs1' | 'sec1'>>> = {
  privateKey: 'pkcs8',
  rsaPrivateKey: 'pkcs1',
  ecPrivateKey: 'sec1',
};

function loadPemKey(block: PemBlock, password: string | undefined): KeyObject | null {
  const key = Buffer.from(block.der);
  try {
    if (block.kind === 'encryptedPrivateKey') {
      return password === undefined
        ? null
        : createPrivateKey({ key, format: 'der', type: 'pkcs8', passphrase: password });
    }
    const type = pemKeyTypes[block.kind];
    if (type === undefined || block.encrypted) return null;
    return createPrivateKey({ key, format: 'der', type });
  } catch {
    return null;
  }
}

/**
 * Every private key node:crypto can load from the file. A key that came in a file was exported
 * once already, so it is stored as exportable (as Import-CsCertificate -PrivateKeyExportable).
 */
export function readFilePrivateKeys(
  bytes: Uint8Array,
  format: ContainerFormat,
  password: string | undefined,
): PrivateKeyMaterial[] {
  const keys: KeyObject[] = [];
  if (format === 'pfx') {
    const der = bytes[0] === 0x30 ? bytes : parseBareBase64(Buffer.from(bytes).toString('latin1'));
    if (der === null) return [];
    for (const bag of parsePkcs12(der, password).keys) {
      try {
        keys.push(createPrivateKey({ key: Buffer.from(bag.pkcs8), format: 'der', type: 'pkcs8' }));
      } catch {
        // A key node:crypto cannot load (an unusual algorithm) is left out; the certificate stays.
      }
    }
  } else if (looksLikePem(bytes)) {
    for (const block of parsePem(Buffer.from(bytes).toString('latin1'))) {
      const key = loadPemKey(block, password);
      if (key !== null) keys.push(key);
    }
  }
  return keys.map((k) => materialOfKey(k, true)).filter((m) => m !== null);
}
