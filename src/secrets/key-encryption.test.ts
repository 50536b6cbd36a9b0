import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UccertError } from '../errors.js';
import { createKeyring, unlockKeyring } from './key-encryption.js';
import { passphraseSource } from './passphrase.js';

/** A counter-based stand-in for randomness: sealed values become reproducible. */
function fixedRandom(): (length: number) => Uint8Array {
  let next = 0;
  return (length) => Uint8Array.from({ length }, () => next++ & 0xff);
}

test('a sealed key opens with the same passphrase and context, and with nothing else', () => {
  const { parameters, keyring } = createKeyring('s3cret', fixedRandom());
  const secret = new TextEncoder().encode('PKCS#8 bytes stand-in');
  const sealed = keyring.seal(secret, 'private-key:abc');
  assert.equal(sealed.length, 1 + 12 + 16 + secret.length);
  assert.deepEqual(unlockKeyring('s3cret', parameters).open(sealed, 'private-key:abc'), secret);
  assert.throws(() => keyring.open(sealed, 'private-key:other'));
  const flipped = Uint8Array.from(sealed);
  flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
  assert.throws(() => keyring.open(flipped, 'private-key:abc'));
  assert.throws(
    () => unlockKeyring('S3cret', parameters),
    (error: unknown) =>
      error instanceof UccertError && error.code === 'WRONG_PASSPHRASE' && error.exitCode === 2,
  );
});

test('injected randomness makes the keyring reproducible', () => {
  const a = createKeyring('p', fixedRandom()).parameters;
  const b = createKeyring('p', fixedRandom()).parameters;
  assert.deepEqual(a, b);
  assert.deepEqual(
    a.salt,
    Uint8Array.from({ length: 16 }, (_, i) => i),
  );
});

/** A terminal that answers with `lines` in turn and records the questions. */
function fakeTerminal(...lines: string[]): { questions: string[]; prompt: (q: string) => Promise<string> } {
  const questions: string[] = [];
  return {
    questions,
    prompt: async (question) => {
      questions.push(question);
      return lines[questions.length - 1] ?? '';
    },
  };
}

test('the passphrase comes from UCCERT_PASSPHRASE, is asked once, and is required', async () => {
  const untouched = fakeTerminal('typed');
  const fromEnv = passphraseSource({
    env: { UCCERT_PASSPHRASE: 'x' },
    prompt: untouched.prompt,
    keyringExists: () => false,
  });
  assert.equal(await fromEnv(), 'x');
  assert.deepEqual(untouched.questions, []);
  const terminal = fakeTerminal('typed');
  const source = passphraseSource({ env: {}, prompt: terminal.prompt, keyringExists: () => true });
  assert.equal(await source(), 'typed');
  assert.equal(await source(), 'typed');
  assert.deepEqual(terminal.questions, ['uccert store passphrase: ']);
  await assert.rejects(
    passphraseSource({ env: { UCCERT_PASSPHRASE: '' }, prompt: null, keyringExists: () => false })(),
    (error: unknown) =>
      error instanceof UccertError && error.code === 'PASSPHRASE_MISSING' && error.exitCode === 2,
  );
});

test('a new keyring: the terminal asks twice and refuses two different answers', async () => {
  const confirmed = fakeTerminal('n3w', 'n3w');
  assert.equal(
    await passphraseSource({ env: {}, prompt: confirmed.prompt, keyringExists: () => false })(),
    'n3w',
  );
  assert.deepEqual(confirmed.questions, [
    'uccert store passphrase: ',
    'uccert store passphrase (again, to confirm the new one): ',
  ]);
  const typo = fakeTerminal('n3w', 'n3ww');
  await assert.rejects(
    passphraseSource({ env: {}, prompt: typo.prompt, keyringExists: () => false })(),
    (error: unknown) =>
      error instanceof UccertError &&
      error.code === 'PASSPHRASE_MISMATCH' &&
      error.exitCode === 2 &&
      error.message === 'the two passphrases typed for the new uccert store differ (nothing was changed)',
  );
});
