// Converts the BER that some PKCS#12 writers emit into DER, so the strict reader in der.ts can read
// it. RFC 7292 §4 only asks for BER, and streaming encoders such as NSS (Firefox, pk12util) write
// indefinite lengths (X.690 §8.1.3.6) and chunked, constructed OCTET STRINGs (X.690 §8.7.3), which
// der.ts rightly rejects. DER input comes back unchanged and uncopied, so the usual case costs a walk.

import { DerError } from './der.js';
import { concatBytes, encodeLength, encodeTlv } from './der-writer.js';

/** Deeper than any real PFX (about 12 levels) but far from the call-stack limit. */
const maxDepth = 64;

interface BerNode {
  readonly tag: Uint8Array;
  readonly start: number;
  readonly end: number;
  readonly contentStart: number;
  readonly contentEnd: number;
  /** Children of a constructed node; undefined for a primitive one. */
  readonly children: BerNode[] | undefined;
  /** True when this node or one below it is not DER already. */
  readonly needsRewrite: boolean;
}

const constructedOctetString = 0x24;

/**
 * The DER encoding of the BER element at the start of `bytes`, and where that element ended in
 * `bytes`. Throws DerError on anything that is not BER.
 */
export function normalizeBer(bytes: Uint8Array): { der: Uint8Array; end: number } {
  const node = readBerNode(bytes, 0, bytes.length, 0);
  const der = node.needsRewrite ? encodeDer(bytes, node) : bytes.subarray(node.start, node.end);
  return { der, end: node.end };
}

function readBerNode(bytes: Uint8Array, at: number, limit: number, depth: number): BerNode {
  if (depth > maxDepth) throw new DerError(`BER nesting deeper than ${maxDepth} at offset ${at}`);
  if (at >= limit) throw new DerError(`expected a BER element at offset ${at}, found the end of the data`);
  let pos = at + 1;
  if ((bytes[at]! & 0x1f) === 0x1f) {
    let digits = 0;
    while (pos < limit && (bytes[pos]! & 0x80) !== 0) {
      pos++;
      if (++digits > 4) throw new DerError(`tag at offset ${at} is too long`);
    }
    pos++;
  }
  if (pos >= limit) throw new DerError(`element at offset ${at} is cut off before its length`);
  const tag = bytes.subarray(at, pos);
  const constructed = (bytes[at]! & 0x20) !== 0;
  const first = bytes[pos++]!;
  if (first === 0x80) {
    if (!constructed) throw new DerError(`primitive element at offset ${at} has an indefinite length`);
    const children: BerNode[] = [];
    const contentStart = pos;
    for (;;) {
      if (pos + 2 <= limit && bytes[pos] === 0 && bytes[pos + 1] === 0) break;
      const child = readBerNode(bytes, pos, limit, depth + 1);
      children.push(child);
      pos = child.end;
    }
    return { tag, start: at, end: pos + 2, contentStart, contentEnd: pos, children, needsRewrite: true };
  }
  let length = first;
  if (first > 0x80) {
    const count = first & 0x7f;
    if (count > 4) throw new DerError(`element at offset ${at} declares a ${count}-byte length`);
    if (pos + count > limit) throw new DerError(`element at offset ${at} is cut off inside its length`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!;
  }
  const end = pos + length;
  if (end > limit)
    throw new DerError(`element at offset ${at} claims ${length} bytes but only ${limit - pos} remain`);
  if (!constructed) {
    return {
      tag,
      start: at,
      end,
      contentStart: pos,
      contentEnd: end,
      children: undefined,
      needsRewrite: false,
    };
  }
  const children: BerNode[] = [];
  let needsRewrite = bytes[at] === constructedOctetString;
  for (let p = pos; p < end; ) {
    const child = readBerNode(bytes, p, end, depth + 1);
    children.push(child);
    needsRewrite ||= child.needsRewrite;
    p = child.end;
  }
  return { tag, start: at, end, contentStart: pos, contentEnd: end, children, needsRewrite };
}

function encodeDer(bytes: Uint8Array, node: BerNode): Uint8Array {
  if (node.children === undefined) return bytes.subarray(node.start, node.end);
  if (node.tag.length === 1 && node.tag[0] === constructedOctetString) {
    return encodeTlv(0x04, concatBytes(collectOctets(bytes, node)));
  }
  const content = concatBytes(node.children.map((child) => encodeDer(bytes, child)));
  return concatBytes([node.tag, encodeLength(content.length), content]);
}

/** The segments of a constructed OCTET STRING, which must themselves be OCTET STRINGs. */
function collectOctets(bytes: Uint8Array, node: BerNode): Uint8Array[] {
  if (node.children === undefined) return [bytes.subarray(node.contentStart, node.contentEnd)];
  const out: Uint8Array[] = [];
  for (const child of node.children) {
    const t = child.tag.length === 1 ? child.tag[0] : undefined;
    if (t !== 0x04 && t !== constructedOctetString) {
      throw new DerError(`a segment of the OCTET STRING at offset ${node.start} is not an OCTET STRING`);
    }
    out.push(...collectOctets(bytes, child));
  }
  return out;
}
