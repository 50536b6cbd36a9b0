// The certificates of a PKCS#7 / CMS SignedData "certs-only" message: a .p7b or .p7c file as
// Windows and `openssl crl2pkcs7` write it (RFC 2315 §9.1, RFC 5652 §5.1). The envelope may be BER
// (indefinite lengths, as streaming writers make it: Amazon's amazon-roots.p7b, `openssl cms
// -stream`), since CMS asks only for BER (RFC 5652 §1); openssl reads those, and so does this. The
// certificates inside must be DER (RFC 5280 §4.1), and are handed to der.ts byte for byte.

import { DerError, Tag, toHex } from './der.js';
import { pkcs7SignedDataKey } from './oid-names.js';

/** Deeper than any real SignedData (about 8 levels to the certificates) but far from the stack limit. */
const maxDepth = 32;

/** One BER TLV of the envelope: the contents are `contentStart`…`contentEnd`, the TLV ends at `end`. */
interface EnvelopeNode {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly end: number;
}

/**
 * Reads the BER TLV at `at` (X.690 §8.1): definite or, when constructed, indefinite length (its
 * end found by walking its children to the end-of-contents octets). Single-octet tags only: no
 * PKCS#7 envelope element has a high tag number.
 */
function readEnvelopeNode(bytes: Uint8Array, at: number, limit: number, depth = 0): EnvelopeNode {
  if (depth > maxDepth) throw new DerError(`PKCS#7: nesting deeper than ${maxDepth} at offset ${at}`);
  if (at + 2 > limit)
    throw new DerError(`PKCS#7: expected an element at offset ${at}, found the end of the data`);
  const tag = bytes[at]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`PKCS#7: unexpected long-form tag at offset ${at}`);
  let pos = at + 1;
  const first = bytes[pos++]!;
  if (first === 0x80) {
    if ((tag & 0x20) === 0)
      throw new DerError(`PKCS#7: primitive element at offset ${at} has an indefinite length`);
    const contentStart = pos;
    for (;;) {
      if (pos + 2 > limit) throw new DerError(`PKCS#7: indefinite length at offset ${at} never ends`);
      if (bytes[pos] === 0 && bytes[pos + 1] === 0) break;
      pos = readEnvelopeNode(bytes, pos, limit, depth + 1).end;
    }
    return { tag, start: at, contentStart, contentEnd: pos, end: pos + 2 };
  }
  let length = first;
  if (first > 0x80) {
    const count = first & 0x7f;
    if (count > 4) throw new DerError(`PKCS#7: element at offset ${at} declares a ${count}-byte length`);
    if (pos + count > limit)
      throw new DerError(`PKCS#7: element at offset ${at} is cut off inside its length`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!;
  }
  const end = pos + length;
  if (end > limit) {
    throw new DerError(
      `PKCS#7: element at offset ${at} claims ${length} bytes but only ${limit - pos} remain`,
    );
  }
  return { tag, start: at, contentStart: pos, contentEnd: end, end };
}

function isSignedDataOid(bytes: Uint8Array, node: EnvelopeNode): boolean {
  return (
    node.tag === Tag.oid && toHex(bytes.subarray(node.contentStart, node.contentEnd)) === pkcs7SignedDataKey
  );
}

/** Whether the bytes start like ContentInfo { signedData, [0] … }, in DER or BER. */
export function looksLikePkcs7(der: Uint8Array): boolean {
  try {
    const info = readEnvelopeNode(der, 0, der.length);
    const type = readEnvelopeNode(der, info.contentStart, info.contentEnd);
    return info.tag === Tag.sequence && isSignedDataOid(der, type);
  } catch (error) {
    if (error instanceof DerError) return false;
    throw error;
  }
}

/** The DER of every certificate in the SignedData, in the file's order. Throws DerError. */
export function parsePkcs7Certificates(der: Uint8Array): Uint8Array[] {
  const info = readEnvelopeNode(der, 0, der.length);
  if (info.tag !== Tag.sequence) throw new DerError('PKCS#7: expected a ContentInfo SEQUENCE');
  const type = readEnvelopeNode(der, info.contentStart, info.contentEnd);
  if (!isSignedDataOid(der, type)) throw new DerError('PKCS#7: the content is not SignedData');
  const explicit = readEnvelopeNode(der, type.end, info.contentEnd);
  if (explicit.tag !== 0xa0) throw new DerError(`PKCS#7: expected [0] content at offset ${explicit.start}`);
  const signedData = readEnvelopeNode(der, explicit.contentStart, explicit.contentEnd);
  if (signedData.tag !== Tag.sequence) throw new DerError('PKCS#7: expected a SignedData SEQUENCE');
  // SignedData ::= SEQUENCE { version, digestAlgorithms SET, contentInfo, certificates [0] IMPLICIT
  // SET OF Certificate OPTIONAL, crls [1] OPTIONAL, signerInfos SET }
  const version = readEnvelopeNode(der, signedData.contentStart, signedData.contentEnd);
  if (version.tag !== Tag.integer || version.contentEnd - version.contentStart !== 1) {
    throw new DerError(`PKCS#7: expected the SignedData version at offset ${version.start}`);
  }
  const digests = readEnvelopeNode(der, version.end, signedData.contentEnd);
  if (digests.tag !== Tag.set)
    throw new DerError(`PKCS#7: expected digestAlgorithms at offset ${digests.start}`);
  const content = readEnvelopeNode(der, digests.end, signedData.contentEnd);
  if (content.tag !== Tag.sequence)
    throw new DerError(`PKCS#7: expected contentInfo at offset ${content.start}`);
  const certs: Uint8Array[] = [];
  let at = content.end;
  while (at < signedData.contentEnd) {
    const field = readEnvelopeNode(der, at, signedData.contentEnd);
    if (field.tag === 0xa0) {
      let inner = field.contentStart;
      while (inner < field.contentEnd) {
        const cert = readEnvelopeNode(der, inner, field.contentEnd);
        // CertificateChoices (RFC 5652 §10.2.2): only plain certificates; skip attribute/other certs.
        // A certificate is passed on as its bytes: der.ts then refuses one that is not DER.
        if (cert.tag === Tag.sequence) certs.push(der.subarray(cert.start, cert.end));
        inner = cert.end;
      }
    }
    at = field.end;
  }
  return certs;
}
