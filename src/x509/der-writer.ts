// A small DER (X.690 §10) encoder: builds TLVs from already-encoded children, the counterpart of
// der.ts for the few structures uccert writes (PKCS#12 today). Definite lengths only, and SET OF
// contents sorted as DER requires (X.690 §11.6), so the output reads back through der.ts.

import { Tag } from './der.js';

/** Concatenates byte arrays into one. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The length octets of a TLV (X.690 §8.1.3: short form below 128, else long form). */
export function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const digits: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) digits.unshift(rest % 256);
  return Uint8Array.of(0x80 | digits.length, ...digits);
}

/** One TLV with a single-byte identifier. */
export function encodeTlv(tag: number, content: Uint8Array): Uint8Array {
  return concatBytes([Uint8Array.of(tag), encodeLength(content.length), content]);
}

export function encodeSequence(children: readonly Uint8Array[]): Uint8Array {
  return encodeTlv(Tag.sequence, concatBytes(children));
}

/** SET OF: DER orders the encodings as octet strings, shorter first on a common prefix. */
export function encodeSetOf(children: readonly Uint8Array[]): Uint8Array {
  const sorted = [...children].sort(compareBytes);
  return encodeTlv(Tag.set, concatBytes(sorted));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

export function encodeOctetString(content: Uint8Array): Uint8Array {
  return encodeTlv(Tag.octetString, content);
}

export function encodeNull(): Uint8Array {
  return Uint8Array.of(Tag.null, 0);
}

/** A non-negative INTEGER that fits a JavaScript safe integer (versions, iteration counts). */
export function encodeInteger(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`cannot encode ${value} as a DER INTEGER`);
  const digits: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) digits.unshift(rest % 256);
  // Two's complement: a leading byte with its top bit set needs a zero in front to stay positive.
  if (digits.length === 0 || digits[0]! >= 0x80) digits.unshift(0);
  return encodeTlv(Tag.integer, Uint8Array.from(digits));
}

/** OBJECT IDENTIFIER from dotted decimal (X.690 §8.19). */
export function encodeOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((arc) => {
    if (!/^\d+$/.test(arc)) throw new RangeError(`"${dotted}" is not a dotted-decimal OID`);
    return Number(arc);
  });
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined || first > 2) {
    throw new RangeError(`"${dotted}" is not a dotted-decimal OID`);
  }
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const digits = [arc % 128];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) digits.unshift(0x80 | (v % 128));
    bytes.push(...digits);
  }
  return encodeTlv(Tag.oid, Uint8Array.from(bytes));
}

/** BMPString: UTF-16 big-endian code units (X.680 §41), what PKCS#9 friendlyName uses. */
export function encodeBmpString(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[2 * i] = unit >> 8;
    out[2 * i + 1] = unit & 0xff;
  }
  return encodeTlv(Tag.bmpString, out);
}

/** [n] EXPLICIT: a constructed context-specific wrapper around one encoded element. */
export function encodeExplicit(n: number, inner: Uint8Array): Uint8Array {
  return encodeTlv(0xa0 | n, inner);
}

/** [n] IMPLICIT on a primitive type: the contents keep their bytes, the tag changes. */
export function encodeImplicitPrimitive(n: number, content: Uint8Array): Uint8Array {
  return encodeTlv(0x80 | n, content);
}
