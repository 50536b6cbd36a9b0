// RC2 block cipher (RFC 2268) in CBC mode with PKCS#5 padding, for the pbeWithSHAAnd40BitRC2-CBC
// certificate bags that `openssl pkcs12 -legacy` and Windows still write. Hand-written because
// OpenSSL 3 moved RC2 to its legacy provider, which Node does not load (`rc2-cbc` is missing).

export class Rc2Error extends Error {
  override readonly name = 'Rc2Error';
}

/** RFC 2268 §2: PITABLE, a permutation of 0..255 from the digits of pi. */
const piTable = Uint8Array.from(
  (
    'd978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2179a59f587b34f1361456d8d09817d32' +
    'bd8f40eb86b77b0bf09521225c6b4e8254d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb626' +
    '6fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed708e8eade8052eef784aa72ac354d6a2a' +
    '961ad2715a1549744b9fd05e0418a4ecc2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731' +
    '2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a90d38341bab33ffb0bb480c5fb9b1cd2e' +
    'c5f3db47e5a59c770aa62068fe7fc1ad'
  )
    .match(/../g)!
    .map((h) => Number.parseInt(h, 16)),
);

/** The cipher's 64 sixteen-bit subkeys K[0..63] (RFC 2268 §2, key expansion). */
export type Rc2Key = Uint16Array;

/** Key expansion: `key` of 1–128 bytes, `effectiveBits` (T1) of 1–1024. */
export function expandRc2Key(key: Uint8Array, effectiveBits: number): Rc2Key {
  const t = key.length;
  if (t < 1 || t > 128) throw new Rc2Error(`RC2 key must be 1 to 128 bytes, not ${t}`);
  if (!Number.isInteger(effectiveBits) || effectiveBits < 1 || effectiveBits > 1024) {
    throw new Rc2Error(`RC2 effective key length must be 1 to 1024 bits, not ${effectiveBits}`);
  }
  const l = new Uint8Array(128);
  l.set(key);
  for (let i = t; i < 128; i++) l[i] = piTable[(l[i - 1]! + l[i - t]!) & 0xff]!;
  const t8 = Math.ceil(effectiveBits / 8);
  const tm = 0xff >> (8 * t8 - effectiveBits);
  l[128 - t8] = piTable[l[128 - t8]! & tm]!;
  for (let i = 127 - t8; i >= 0; i--) l[i] = piTable[l[i + 1]! ^ l[i + t8]!]!;
  const k = new Uint16Array(64);
  for (let i = 0; i < 64; i++) k[i] = l[2 * i]! | (l[2 * i + 1]! << 8);
  return k;
}

const rotations = [1, 2, 3, 5] as const;

/** Encrypts one 8-byte block in place (RFC 2268 §3: 5 mix, mash, 6 mix, mash, 5 mix). */
export function encryptRc2Block(k: Rc2Key, block: Uint8Array, at = 0): void {
  const r = readWords(block, at);
  let j = 0;
  const mix = () => {
    for (let i = 0; i < 4; i++) {
      const sum =
        r[i]! + k[j++]! + (r[(i + 3) & 3]! & r[(i + 2) & 3]!) + (~r[(i + 3) & 3]! & r[(i + 1) & 3]!);
      const word = sum & 0xffff;
      const s = rotations[i]!;
      r[i] = ((word << s) | (word >> (16 - s))) & 0xffff;
    }
  };
  const mash = () => {
    for (let i = 0; i < 4; i++) r[i] = (r[i]! + k[r[(i + 3) & 3]! & 63]!) & 0xffff;
  };
  for (let n = 0; n < 5; n++) mix();
  mash();
  for (let n = 0; n < 6; n++) mix();
  mash();
  for (let n = 0; n < 5; n++) mix();
  writeWords(block, at, r);
}

/** Decrypts one 8-byte block in place (RFC 2268 §4: the rounds of §3 undone in reverse). */
export function decryptRc2Block(k: Rc2Key, block: Uint8Array, at = 0): void {
  const r = readWords(block, at);
  let j = 63;
  const unmix = () => {
    for (let i = 3; i >= 0; i--) {
      const word = r[i]!;
      const s = rotations[i]!;
      const rotated = ((word >> s) | (word << (16 - s))) & 0xffff;
      const diff =
        rotated - k[j--]! - (r[(i + 3) & 3]! & r[(i + 2) & 3]!) - (~r[(i + 3) & 3]! & r[(i + 1) & 3]!);
      r[i] = diff & 0xffff;
    }
  };
  const unmash = () => {
    for (let i = 3; i >= 0; i--) r[i] = (r[i]! - k[r[(i + 3) & 3]! & 63]!) & 0xffff;
  };
  for (let n = 0; n < 5; n++) unmix();
  unmash();
  for (let n = 0; n < 6; n++) unmix();
  unmash();
  for (let n = 0; n < 5; n++) unmix();
  writeWords(block, at, r);
}

function readWords(block: Uint8Array, at: number): number[] {
  if (at < 0 || at + 8 > block.length) throw new Rc2Error('RC2 block must be 8 bytes');
  return [0, 2, 4, 6].map((o) => block[at + o]! | (block[at + o + 1]! << 8));
}

function writeWords(block: Uint8Array, at: number, r: readonly number[]): void {
  for (let i = 0; i < 4; i++) {
    block[at + 2 * i] = r[i]! & 0xff;
    block[at + 2 * i + 1] = r[i]! >> 8;
  }
}

/** RC2-CBC encryption with PKCS#5 padding (RFC 8018 §6.1.1 step 4). */
export function encryptRc2Cbc(
  key: Uint8Array,
  effectiveBits: number,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  if (iv.length !== 8) throw new Rc2Error(`RC2-CBC needs an 8-byte IV, not ${iv.length}`);
  const k = expandRc2Key(key, effectiveBits);
  const pad = 8 - (data.length % 8);
  const out = new Uint8Array(data.length + pad);
  out.set(data);
  out.fill(pad, data.length);
  for (let at = 0; at < out.length; at += 8) {
    for (let i = 0; i < 8; i++) out[at + i]! ^= at === 0 ? iv[i]! : out[at - 8 + i]!;
    encryptRc2Block(k, out, at);
  }
  return out;
}

/** RC2-CBC decryption; a wrong key shows as bad padding, reported as Rc2Error. */
export function decryptRc2Cbc(
  key: Uint8Array,
  effectiveBits: number,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  if (iv.length !== 8) throw new Rc2Error(`RC2-CBC needs an 8-byte IV, not ${iv.length}`);
  if (data.length === 0 || data.length % 8 !== 0) {
    throw new Rc2Error(`RC2-CBC ciphertext must be a non-zero multiple of 8 bytes, not ${data.length}`);
  }
  const k = expandRc2Key(key, effectiveBits);
  const out = Uint8Array.from(data);
  for (let at = out.length - 8; at >= 0; at -= 8) {
    decryptRc2Block(k, out, at);
    for (let i = 0; i < 8; i++) out[at + i]! ^= at === 0 ? iv[i]! : data[at - 8 + i]!;
  }
  const pad = out[out.length - 1]!;
  if (pad < 1 || pad > 8) throw new Rc2Error('RC2-CBC padding is wrong (wrong key?)');
  for (let i = out.length - pad; i < out.length; i++) {
    if (out[i] !== pad) throw new Rc2Error('RC2-CBC padding is wrong (wrong key?)');
  }
  return out.subarray(0, out.length - pad);
}
