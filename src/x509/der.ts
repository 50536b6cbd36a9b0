// A small, strict DER (ASN.1 Distinguished Encoding Rules, X.690 §10) reader over a byte array.
// Hand-written on purpose: Node exposes no ASN.1 parser, and the general-purpose libraries
// (asn1js via @peculiar/x509 or pkijs) build an object per node and run 15–500× slower than this
// on the fields uccert needs (architecture.md, "Library facts measured on this machine").
// Every read is bounds-checked against its parent, so hostile bytes fail with DerError, never
// with an out-of-range read, an endless loop or an allocation larger than the input.
//
// Strictness policy (issue 9 item 8): every TLV header must be DER (X.690 §10.1, §8.1.2.4), because
// the header decides how the bytes are split and what a signature covers. Refused: indefinite
// lengths; lengths in more octets than needed (long form below 128, leading zero octets); tag
// numbers below 31 in the high-tag-number form; high tag numbers with a leading zero digit or over
// four digits. Contents are not re-checked for DER canonical form beyond what each reader needs.
// BER is accepted in exactly two places, both envelopes around DER certificates: the PKCS#7
// SignedData of a P7B (pkcs7.ts reads its own headers) and PKCS#12 (pkcs12-ber.ts turns it into
// DER first). test/fuzz-readers.test.ts holds this policy.

export class DerError extends Error {
  override readonly name = 'DerError';
}

export const Tag = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  t61String: 0x14,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  visibleString: 0x1a,
  universalString: 0x1c,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

/** One TLV: the identifier byte(s) at `start`, the contents from `contentStart` to `end`. */
export interface DerNode {
  /** The first identifier octet (class, constructed bit and low tag number). */
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

/** Context-specific tag byte: [n] IMPLICIT/EXPLICIT; constructed when `constructed`. */
export function contextTag(n: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

/** Reads the TLV that starts at `at` and must end by `limit`. */
export function readNode(bytes: Uint8Array, at: number, limit: number = bytes.length): DerNode {
  if (at >= limit) throw new DerError(`expected a DER element at offset ${at}, found the end of the data`);
  let pos = at;
  const tag = bytes[pos++]!;
  if ((tag & 0x1f) === 0x1f) {
    // High tag number form: base-128 digits; X.509 never needs it, but we must skip it safely.
    // DER: minimal digits (no leading 0x80) and only for numbers from 31 up (X.690 §8.1.2.4).
    if (pos < limit && bytes[pos] === 0x80) {
      throw new DerError(`tag at offset ${at} has a leading zero digit, which DER forbids`);
    }
    let digits = 0;
    let number = 0;
    while (pos < limit && (bytes[pos]! & 0x80) !== 0) {
      number = number * 128 + (bytes[pos]! & 0x7f);
      pos++;
      if (++digits > 4) throw new DerError(`tag at offset ${at} is too long`);
    }
    if (pos < limit) number = number * 128 + (bytes[pos]! & 0x7f);
    pos++;
    if (pos <= limit && number < 31) {
      throw new DerError(
        `tag ${number} at offset ${at} is in the long form, which DER keeps for tags from 31`,
      );
    }
  }
  if (pos >= limit) throw new DerError(`element at offset ${at} is cut off before its length`);
  const first = bytes[pos++]!;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else if (first === 0x80) {
    throw new DerError(`element at offset ${at} uses an indefinite length (BER), which DER forbids`);
  } else {
    const count = first & 0x7f;
    if (count > 4) throw new DerError(`element at offset ${at} declares a ${count}-byte length`);
    if (pos + count > limit) throw new DerError(`element at offset ${at} is cut off inside its length`);
    if (bytes[pos] === 0) {
      throw new DerError(`element at offset ${at} pads its length with a zero octet, which DER forbids`);
    }
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!;
    if (length < 0x80) {
      throw new DerError(
        `element at offset ${at} writes its length ${length} in the long form, which DER forbids`,
      );
    }
  }
  const end = pos + length;
  if (end > limit) {
    throw new DerError(`element at offset ${at} claims ${length} bytes but only ${limit - pos} remain`);
  }
  return { tag, start: at, contentStart: pos, end };
}

/** Reads a node and checks its tag. */
export function expectNode(bytes: Uint8Array, at: number, limit: number, tag: number, what: string): DerNode {
  const node = readNode(bytes, at, limit);
  if (node.tag !== tag) {
    throw new DerError(`${what}: expected tag 0x${hex2(tag)} at offset ${at}, found 0x${hex2(node.tag)}`);
  }
  return node;
}

/** The direct children of a constructed node. */
export function childrenOf(bytes: Uint8Array, parent: DerNode): DerNode[] {
  const out: DerNode[] = [];
  let at = parent.contentStart;
  while (at < parent.end) {
    const child = readNode(bytes, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** The children of a node, requiring at least `min` of them. */
export function childrenAtLeast(bytes: Uint8Array, parent: DerNode, min: number, what: string): DerNode[] {
  const kids = childrenOf(bytes, parent);
  if (kids.length < min)
    throw new DerError(`${what}: expected at least ${min} elements, found ${kids.length}`);
  return kids;
}

export function contentOf(bytes: Uint8Array, node: DerNode): Uint8Array {
  return bytes.subarray(node.contentStart, node.end);
}

/** The whole TLV (identifier, length and contents). */
export function encodingOf(bytes: Uint8Array, node: DerNode): Uint8Array {
  return bytes.subarray(node.start, node.end);
}

/** Dotted-decimal form of an OBJECT IDENTIFIER. */
export function readOid(bytes: Uint8Array, node: DerNode): string {
  if (node.tag !== Tag.oid) throw new DerError(`expected an OBJECT IDENTIFIER at offset ${node.start}`);
  if (node.end === node.contentStart) throw new DerError(`empty OBJECT IDENTIFIER at offset ${node.start}`);
  const parts: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = node.contentStart; i < node.end; i++) {
    const b = bytes[i]!;
    value = value * 128 + (b & 0x7f);
    if (++digits > 8) throw new DerError(`OBJECT IDENTIFIER arc too long at offset ${node.start}`);
    if ((b & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else {
        parts.push(value);
      }
      value = 0;
      digits = 0;
    }
  }
  if (digits !== 0) throw new DerError(`OBJECT IDENTIFIER cut off at offset ${node.start}`);
  return parts.join('.');
}

const hexDigits = '0123456789ABCDEF';

function hex2(b: number): string {
  return hexDigits[(b >> 4) & 15]! + hexDigits[b & 15]!;
}

/** Uppercase hex of bytes, no separators. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += hex2(bytes[i]!);
  return out;
}

/**
 * INTEGER as uppercase hex, without the sign-padding zero byte DER adds to positive numbers
 * whose top bit is set: the way `openssl x509 -serial` and Windows show a serial number.
 */
export function readIntegerHex(bytes: Uint8Array, node: DerNode): string {
  if (node.tag !== Tag.integer) throw new DerError(`expected an INTEGER at offset ${node.start}`);
  let from = node.contentStart;
  if (node.end === from) throw new DerError(`empty INTEGER at offset ${node.start}`);
  while (from < node.end - 1 && bytes[from] === 0) from++;
  return toHex(bytes.subarray(from, node.end));
}

/** A small non-negative INTEGER (version numbers, path lengths). */
export function readSmallInteger(bytes: Uint8Array, node: DerNode): number {
  if (node.tag !== Tag.integer) throw new DerError(`expected an INTEGER at offset ${node.start}`);
  const len = node.end - node.contentStart;
  if (len === 0 || len > 6) throw new DerError(`INTEGER at offset ${node.start} is not a small number`);
  let value = 0;
  for (let i = node.contentStart; i < node.end; i++) value = value * 256 + bytes[i]!;
  return value;
}

export function readBoolean(bytes: Uint8Array, node: DerNode): boolean {
  if (node.tag !== Tag.boolean || node.end - node.contentStart !== 1) {
    throw new DerError(`expected a BOOLEAN at offset ${node.start}`);
  }
  return bytes[node.contentStart] !== 0;
}

/** The bits of a BIT STRING, without its unused-bits octet. */
export function readBitStringBytes(bytes: Uint8Array, node: DerNode): Uint8Array {
  if (node.tag !== Tag.bitString || node.end === node.contentStart) {
    throw new DerError(`expected a BIT STRING at offset ${node.start}`);
  }
  return bytes.subarray(node.contentStart + 1, node.end);
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');
const utf16be = new TextDecoder('utf-16be');

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** An IA5String's text, and how it strays from ASCII when it does. */
export interface Ia5Text {
  readonly text: string;
  /** `utf8`: not ASCII but valid UTF-8, decoded as such; `escaped`: neither, bytes shown as `\xNN`. */
  readonly nonAscii: 'utf8' | 'escaped' | null;
}

/**
 * IA5String is ASCII (X.680 §41), but some CAs put UTF-8 in dNSName and e-mail entries
 * (`biztosítás.hu`). Decoding those bytes as Latin-1 shows mojibake (`biztosÃ­tÃ¡s.hu`), so valid
 * UTF-8 is decoded as UTF-8 and other bytes are escaped; either way the caller can flag it.
 */
export function decodeIa5(content: Uint8Array): Ia5Text {
  let ascii = true;
  for (let i = 0; i < content.length; i++) {
    if (content[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return { text: latin1.decode(content), nonAscii: null };
  try {
    return { text: strictUtf8.decode(content), nonAscii: 'utf8' };
  } catch {
    let text = '';
    for (let i = 0; i < content.length; i++) {
      const b = content[i]!;
      text += b < 0x80 ? String.fromCharCode(b) : `\\x${hex2(b)}`;
    }
    return { text, nonAscii: 'escaped' };
  }
}

/** Any ASN.1 character string as a JavaScript string, decoded by its tag. */
export function readString(bytes: Uint8Array, node: DerNode): string {
  const content = bytes.subarray(node.contentStart, node.end);
  switch (node.tag) {
    case Tag.utf8String:
      return utf8.decode(content);
    case Tag.bmpString:
      return utf16be.decode(content);
    case Tag.universalString: {
      let out = '';
      for (let i = 0; i + 3 < content.length; i += 4) {
        const cp =
          ((content[i]! << 24) | (content[i + 1]! << 16) | (content[i + 2]! << 8) | content[i + 3]!) >>> 0;
        out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
      }
      return out;
    }
    case Tag.ia5String:
      return decodeIa5(content).text;
    default:
      return latin1.decode(content);
  }
}

/** UTCTime or GeneralizedTime as an ISO 8601 UTC string (RFC 5280 §4.1.2.5). */
export function readTime(bytes: Uint8Array, node: DerNode): string {
  const text = latin1.decode(bytes.subarray(node.contentStart, node.end));
  let year: number;
  let rest: string;
  if (node.tag === Tag.utcTime) {
    if (!/^\d{12}Z$/.test(text))
      throw new DerError(`UTCTime "${text}" at offset ${node.start} is not YYMMDDHHMMSSZ`);
    const yy = Number(text.slice(0, 2));
    year = yy >= 50 ? 1900 + yy : 2000 + yy; // RFC 5280 §4.1.2.5.1
    rest = text.slice(2);
  } else if (node.tag === Tag.generalizedTime) {
    if (!/^\d{14}(\.\d+)?Z$/.test(text)) {
      throw new DerError(`GeneralizedTime "${text}" at offset ${node.start} is not YYYYMMDDHHMMSSZ`);
    }
    year = Number(text.slice(0, 4));
    rest = text.slice(4);
  } else {
    throw new DerError(`expected a time at offset ${node.start}`);
  }
  const [mo, d, h, mi, s] = [0, 2, 4, 6, 8].map((i) => Number(rest.slice(i, i + 2))) as [
    number,
    number,
    number,
    number,
    number,
  ];
  // Date.UTC rolls 31 February over into March; a date that does not round-trip does not exist.
  const at = new Date(Date.UTC(year, mo - 1, d, h, mi, s));
  if (h > 23 || mi > 59 || s > 59 || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d) {
    throw new DerError(`time "${text}" at offset ${node.start} is not a real date and time`);
  }
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}Z`;
}
