// Verifies an X.509 signature (certificate, CSR) with node:crypto: RSA PKCS#1 v1.5, RSASSA-PSS
// with its parameters (RFC 4055 §3.1), ECDSA (DER-encoded r,s; RFC 5758 §3.2), DSA and EdDSA.
// A signature that cannot be checked (unknown algorithm, malformed key) is reported as not valid.

import { createPublicKey, constants as cryptoConstants, type KeyObject, verify } from 'node:crypto';
import { DerError, type DerNode, readNode, readSmallInteger, Tag } from './der.js';
import { digestAlgorithms, oidKeyOf, signatureAlgorithms } from './oid-names.js';

/** The bytes a signature covers and the signature itself, cut from a signed structure. */
export interface SignedParts {
  /** The DER of the signed part (tbsCertificate, certificationRequestInfo). */
  readonly signed: Uint8Array;
  /** The DER of the signature's AlgorithmIdentifier. */
  readonly algorithm: Uint8Array;
  /** The signature value, without the BIT STRING's unused-bits octet. */
  readonly signature: Uint8Array;
}

interface VerifyParameters {
  readonly hash: string | null;
  readonly pss: { readonly saltLength: number } | null;
  readonly dsaEncoding: 'der' | null;
}

/** How to verify with the AlgorithmIdentifier `algorithm`, or null when uccert cannot. */
function verifyParametersOf(algorithm: Uint8Array): VerifyParameters | null {
  const seq = readNode(algorithm, 0);
  const id = readNode(algorithm, seq.contentStart, seq.end);
  if (seq.tag !== Tag.sequence || id.tag !== Tag.oid) throw new DerError('expected an AlgorithmIdentifier');
  const info = signatureAlgorithms.get(oidKeyOf(algorithm, id));
  if (info === undefined) return null;
  switch (info.kind) {
    case 'rsa':
    case 'dsa':
      return info.hash === null ? null : { hash: info.hash, pss: null, dsaEncoding: null };
    case 'ecdsa':
      return { hash: info.hash, pss: null, dsaEncoding: 'der' };
    case 'eddsa':
      return { hash: null, pss: null, dsaEncoding: null };
    case 'rsaPss':
      return pssParametersOf(algorithm, id, seq);
    default: {
      const unreachable: never = info.kind;
      throw new DerError(`unhandled signature kind ${String(unreachable)}`);
    }
  }
}

/** RSASSA-PSS-params (RFC 4055 §3.1): hash [0] default SHA-1, salt length [2] default 20. */
function pssParametersOf(bytes: Uint8Array, id: DerNode, seq: DerNode): VerifyParameters | null {
  let hash = 'sha1';
  let saltLength = 20;
  if (id.end < seq.end) {
    const params = readNode(bytes, id.end, seq.end);
    if (params.tag === Tag.sequence) {
      let at = params.contentStart;
      while (at < params.end) {
        const field = readNode(bytes, at, params.end);
        if (field.tag === 0xa0) {
          const hashAlg = readNode(bytes, field.contentStart, field.end);
          const hashId = readNode(bytes, hashAlg.contentStart, hashAlg.end);
          const name = hashId.tag === Tag.oid ? digestAlgorithms.get(oidKeyOf(bytes, hashId)) : undefined;
          if (name === undefined) return null;
          hash = name;
        } else if (field.tag === 0xa2) {
          saltLength = readSmallInteger(bytes, readNode(bytes, field.contentStart, field.end));
        }
        at = field.end;
      }
    }
  }
  return { hash, pss: { saltLength }, dsaEncoding: null };
}

/** The public key of a SubjectPublicKeyInfo DER, or null when node:crypto cannot load it. */
export function publicKeyOf(spki: Uint8Array): KeyObject | null {
  try {
    return createPublicKey({
      key: Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength),
      format: 'der',
      type: 'spki',
    });
  } catch {
    return null;
  }
}

/** Whether `parts.signature` over `parts.signed` verifies with the key `spki` (DER or loaded). */
export function verifySignature(parts: SignedParts, spki: Uint8Array | KeyObject): boolean {
  let params: VerifyParameters | null;
  try {
    params = verifyParametersOf(parts.algorithm);
  } catch (error) {
    if (error instanceof DerError) return false;
    throw error;
  }
  if (params === null) return false;
  const key = spki instanceof Uint8Array ? publicKeyOf(spki) : spki;
  if (key === null) return false;
  try {
    if (params.pss !== null) {
      return verify(
        params.hash,
        parts.signed,
        { key, padding: cryptoConstants.RSA_PKCS1_PSS_PADDING, saltLength: params.pss.saltLength },
        parts.signature,
      );
    }
    if (params.dsaEncoding !== null)
      return verify(params.hash, parts.signed, { key, dsaEncoding: 'der' }, parts.signature);
    return verify(params.hash, parts.signed, key, parts.signature);
  } catch {
    // node:crypto throws when key and algorithm do not fit (an EC key under an RSA signature):
    // for uccert that is simply a signature that does not verify.
    return false;
  }
}
