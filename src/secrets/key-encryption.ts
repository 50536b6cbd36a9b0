// Private keys at rest: AES-256-GCM under a key-encryption key derived from the passphrase with
// scrypt (RFC 7914). The store keeps one keyring row (salt, cost, a sealed verifier), so a wrong
// passphrase is caught before anything is written, and scrypt runs once per command, not per key.

import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { inputError } from '../errors.js';

export type RandomSource = (length: number) => Uint8Array;

export const systemRandom: RandomSource = (length) => new Uint8Array(randomBytes(length));

/** What the store keeps to re-derive and check the key-encryption key. Holds no secret. */
export interface KeyringParameters {
  readonly kdf: 'scrypt';
  readonly salt: Uint8Array;
  /** scrypt cost: N = 2^logN, block size r, parallelism p. */
  readonly logN: number;
  readonly r: number;
  readonly p: number;
  /** A known text sealed under the key: opening it proves the passphrase. */
  readonly verifier: Uint8Array;
}

/** The unlocked key-encryption key. Never rendered, logged or put in an error. */
export interface UnlockedKeyring {
  readonly seal: (plaintext: Uint8Array, context: string) => Uint8Array;
  readonly open: (sealed: Uint8Array, context: string) => Uint8Array;
}

// OWASP's scrypt floor is N=2^17 r=8 p=1; 2^15 keeps a CLI command under ~0.1 s on this 2-core VM
// and is what Node's scrypt allows without raising maxmem beyond 64 MiB. The cost is stored per
// keyring, so a later migration can raise it.
const defaultCost = { logN: 15, r: 8, p: 1 } as const;

/**
 * What a stored keyring may ask of scrypt. A cost outside these is damage, not a setting: log_n=40
 * makes scrypt throw, r=p=100000 exhausts memory (issue 9, item 14). 256 MiB is 8× today's cost.
 */
export const kdfBounds = {
  logN: { min: 10, max: 20 },
  r: { min: 1, max: 32 },
  p: { min: 1, max: 16 },
  memoryBytes: 256 * 2 ** 20,
  saltBytes: { min: 16, max: 64 },
  verifierBytes: 1 + 12 + 16 + 1,
} as const;
const verifierText = new TextEncoder().encode('uccert keyring v1');
const verifierContext = 'keyring-verifier';
const sealVersion = 1;
const nonceLength = 12;
const tagLength = 16;

function deriveKey(passphrase: string, params: Omit<KeyringParameters, 'verifier'>): Buffer {
  const N = 2 ** params.logN;
  return scryptSync(passphrase.normalize('NFC'), params.salt, 32, {
    N,
    r: params.r,
    p: params.p,
    // scrypt needs 128·N·r bytes; the margin covers Node's own accounting.
    maxmem: 256 * N * params.r,
  });
}

function keyringFor(key: Buffer, random: RandomSource): UnlockedKeyring {
  return {
    seal(plaintext, context) {
      const nonce = random(nonceLength);
      const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: tagLength });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return new Uint8Array(Buffer.concat([Buffer.of(sealVersion), nonce, cipher.getAuthTag(), body]));
    },
    open(sealed, context) {
      if (sealed.length < 1 + nonceLength + tagLength || sealed[0] !== sealVersion) {
        throw new Error('sealed value has an unknown format');
      }
      const nonce = sealed.subarray(1, 1 + nonceLength);
      const tag = sealed.subarray(1 + nonceLength, 1 + nonceLength + tagLength);
      const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: tagLength });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return new Uint8Array(
        Buffer.concat([decipher.update(sealed.subarray(1 + nonceLength + tagLength)), decipher.final()]),
      );
    },
  };
}

/** A new keyring for a passphrase: its stored parameters and the unlocked key. */
export function createKeyring(
  passphrase: string,
  random: RandomSource = systemRandom,
): { parameters: KeyringParameters; keyring: UnlockedKeyring } {
  const base = { kdf: 'scrypt' as const, salt: random(16), ...defaultCost };
  const keyring = keyringFor(deriveKey(passphrase, base), random);
  return { parameters: { ...base, verifier: keyring.seal(verifierText, verifierContext) }, keyring };
}

/**
 * Unlocks a stored keyring. A wrong passphrase is an input error (exit 2), not an environment
 * failure (3): the user gave the value and can correct it; nothing outside them failed. Nothing is
 * changed: callers unlock before their first write.
 */
export function unlockKeyring(
  passphrase: string,
  parameters: KeyringParameters,
  random: RandomSource = systemRandom,
): UnlockedKeyring {
  const keyring = keyringFor(deriveKey(passphrase, parameters), random);
  try {
    keyring.open(parameters.verifier, verifierContext);
  } catch {
    throw inputError(
      'WRONG_PASSPHRASE',
      'the passphrase does not unlock the private keys in this uccert home (nothing was changed)',
      'set UCCERT_PASSPHRASE to the passphrase the store was created with, or use another --home',
    );
  }
  return keyring;
}
