// What a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) says about its key: algorithm, size in bits
// and, for EC, the named curve (RFC 5480 §2.1.1). Read from the DER; node:crypto is not needed.

import { DerError, type DerNode, readNode, readOid, Tag } from './der.js';
import { fixedKeySizes, keyAlgorithms, namedCurves, oidKeyOf } from './oid-names.js';

export interface PublicKeyFacts {
  readonly keyAlgorithm: string;
  readonly keySize: number;
  readonly curve: string | null;
}

/** Bits of an unsigned big-endian INTEGER's content, without sign padding. */
function integerBits(bytes: Uint8Array, node: DerNode): number {
  if (node.tag !== Tag.integer) throw new DerError(`expected an INTEGER at offset ${node.start}`);
  let at = node.contentStart;
  while (at < node.end && bytes[at] === 0) at++;
  if (at === node.end) return 0;
  return (node.end - at - 1) * 8 + (32 - Math.clz32(bytes[at]!));
}

/** Reads the SubjectPublicKeyInfo SEQUENCE `spki`. */
export function parsePublicKey(bytes: Uint8Array, spki: DerNode): PublicKeyFacts {
  if (spki.tag !== Tag.sequence)
    throw new DerError(`expected a SubjectPublicKeyInfo at offset ${spki.start}`);
  const algorithm = readNode(bytes, spki.contentStart, spki.end);
  if (algorithm.tag !== Tag.sequence)
    throw new DerError(`expected the key's algorithm at offset ${algorithm.start}`);
  const id = readNode(bytes, algorithm.contentStart, algorithm.end);
  if (id.tag !== Tag.oid) throw new DerError(`expected the key's algorithm id at offset ${id.start}`);
  const keyBits = readNode(bytes, algorithm.end, spki.end);
  if (keyBits.tag !== Tag.bitString || keyBits.contentStart === keyBits.end) {
    throw new DerError(`expected the public key BIT STRING at offset ${keyBits.start}`);
  }
  const kind = keyAlgorithms.get(oidKeyOf(bytes, id));
  switch (kind) {
    case undefined:
      return { keyAlgorithm: readOid(bytes, id), keySize: 0, curve: null };
    case 'RSA':
    case 'RSA-PSS': {
      // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1)
      const key = readNode(bytes, keyBits.contentStart + 1, keyBits.end);
      if (key.tag !== Tag.sequence) throw new DerError(`expected an RSAPublicKey at offset ${key.start}`);
      return {
        keyAlgorithm: kind,
        keySize: integerBits(bytes, readNode(bytes, key.contentStart, key.end)),
        curve: null,
      };
    }
    case 'EC': {
      const params = id.end < algorithm.end ? readNode(bytes, id.end, algorithm.end) : null;
      const curve =
        params !== null && params.tag === Tag.oid ? namedCurves.get(oidKeyOf(bytes, params)) : undefined;
      if (curve !== undefined) return { keyAlgorithm: kind, keySize: curve.bits, curve: curve.name };
      // An unnamed curve: the point's size still tells the field size (SEC 1 §2.3.3).
      const pointBytes = keyBits.end - keyBits.contentStart - 2;
      return { keyAlgorithm: kind, keySize: Math.max(0, Math.floor(pointBytes / 2) * 8), curve: null };
    }
    case 'DSA': {
      // Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER } (RFC 3279 §2.3.2)
      const params = id.end < algorithm.end ? readNode(bytes, id.end, algorithm.end) : null;
      if (params === null || params.tag !== Tag.sequence)
        return { keyAlgorithm: kind, keySize: 0, curve: null };
      return {
        keyAlgorithm: kind,
        keySize: integerBits(bytes, readNode(bytes, params.contentStart, params.end)),
        curve: null,
      };
    }
    case 'Ed25519':
    case 'Ed448':
    case 'X25519':
    case 'X448':
      return { keyAlgorithm: kind, keySize: fixedKeySizes[kind] ?? 0, curve: null };
    default: {
      const unreachable: never = kind;
      throw new DerError(`unhandled key algorithm ${String(unreachable)}`);
    }
  }
}
