// The PKCS#12 key derivation function (RFC 7292 Appendix B.2) and its password encoding
// (Appendix B.1). It derives the keys and IVs of the legacy pbeWithSHAAnd… ciphers and the MAC key
// of every PFX, including the modern ones: OpenSSL 3 still MACs with it (HMAC-SHA256 by default).

import { hash } from 'node:crypto';

/** Hash functions a PFX MAC or legacy PBE names; u = output bytes, v = block bytes (B.2). */
export const pkcs12KdfHashes = {
  sha1: { u: 20, v: 64 },
  sha224: { u: 28, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
} as const;
export type Pkcs12KdfHash = keyof typeof pkcs12KdfHashes;

/** The ID byte of B.3: what the derived bytes are for. */
export const Pkcs12KeyPurpose = { key: 1, iv: 2, mac: 3 } as const;
export type Pkcs12KeyPurpose = (typeof Pkcs12KeyPurpose)[keyof typeof Pkcs12KeyPurpose];

/**
 * B.1: the password as a BMPString (UTF-16 big-endian) followed by two zero bytes. `null` is the
 * absent password, which OpenSSL encodes as zero bytes rather than as the lone terminator, so an
 * "empty password" PFX may use either form (OpenSSL's PKCS12_parse tries both).
 */
export function encodePkcs12Password(password: string | null): Uint8Array {
  if (password === null) return new Uint8Array(0);
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const unit = password.charCodeAt(i);
    out[2 * i] = unit >> 8;
    out[2 * i + 1] = unit & 0xff;
  }
  return out;
}

/** Repeats `source` to fill v·ceil(len/v) bytes (B.2 steps 2 and 3). */
function fillBlocks(source: Uint8Array, v: number): Uint8Array {
  const out = new Uint8Array(v * Math.ceil(source.length / v));
  for (let i = 0; i < out.length; i++) out[i] = source[i % source.length]!;
  return out;
}

/**
 * B.2: derives `n` bytes from a B.1-encoded password and a salt with `iterations` rounds of `h`.
 * The caller bounds `iterations` (a hostile file picks it); the work is iterations·ceil(n/u) hashes.
 */
export function derivePkcs12Key(
  h: Pkcs12KdfHash,
  password: Uint8Array,
  salt: Uint8Array,
  purpose: Pkcs12KeyPurpose,
  iterations: number,
  n: number,
): Uint8Array {
  if (!Number.isInteger(iterations) || iterations < 1)
    throw new RangeError(`iteration count ${iterations} < 1`);
  const { u, v } = pkcs12KdfHashes[h];
  const d = new Uint8Array(v).fill(purpose);
  const i = new Uint8Array([...fillBlocks(salt, v), ...fillBlocks(password, v)]);
  const out = new Uint8Array(n);
  const input = new Uint8Array(v + i.length);
  for (let done = 0; done < n; done += u) {
    input.set(d, 0);
    input.set(i, v);
    let a: Uint8Array = hash(h, input, 'buffer');
    for (let r = 1; r < iterations; r++) a = hash(h, a, 'buffer');
    out.set(a.subarray(0, Math.min(u, n - done)), done);
    if (done + u >= n) break;
    // Step 6B/6C: treat each v-byte block of I as a big-endian number and add B + 1 to it.
    const b = fillBlocks(a, v);
    for (let at = 0; at < i.length; at += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = i[at + k]! + b[k]! + carry;
        i[at + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return out;
}
