// Private keys never leave the store through a command: every output of every lab CA and client
// certificate command (text, JSON, errors and the files they write) is scanned for PEM key
// markers, for the passphrase, and for any piece of any stored key in base64 or hex.

import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openKeyring } from '../src/store/keyring-records.js';
import { readPrivateKeyPkcs8 } from '../src/store/private-key-records.js';
import { openStore } from '../src/store/store.js';
import { makeCsr, makeLab, runWithHome, testPassphrase, thumbprintOf } from './ca-test-support.js';
import { fixtureNow, type Transcript } from './support/cli-run.js';

/** The secret numbers of a key (RSA d, p, q, dp, dq, qi; EC d), not the public parts a certificate carries. */
function secretPartsOf(pkcs8: Uint8Array): Uint8Array[] {
  const jwk = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }).export({
    format: 'jwk',
  });
  return [jwk.d, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi]
    .filter((part): part is string => typeof part === 'string')
    .map((part) => new Uint8Array(Buffer.from(part, 'base64url')));
}

/**
 * Every 18-byte window of every secret part, as base64 and as hex. Sliding by one byte covers
 * every alignment the part could have inside a base64 PEM or DER dump.
 */
function fragmentsOf(pkcs8: Uint8Array): string[] {
  const fragments: string[] = [];
  for (const part of secretPartsOf(pkcs8)) {
    for (let at = 0; at + 18 <= part.length; at++) {
      const window = Buffer.from(part.subarray(at, at + 18));
      fragments.push(window.toString('base64'), window.toString('hex'), window.toString('hex').toUpperCase());
    }
  }
  return fragments;
}

test('no command output, JSON, error or written file carries a private key or the passphrase', async () => {
  const lab = makeLab('ca-leak');
  const outputs: Transcript[] = [];
  const run = async (args: readonly string[], env?: Readonly<Record<string, string>>) => {
    const t = await runWithHome(lab.home, args, env);
    outputs.push(t);
    return t;
  };
  await run(['ca', 'init', '--name', 'Leak Lab CA', '--out-dir', lab.dir]);
  await run(['ca', 'init', '--json']);
  const csr = makeCsr(lab.dir, 'pool', '/CN=pool01.contoso.net', 'DNS:pool01.contoso.net');
  const issued = await run(['ca', 'issue', csr, '--out', join(lab.dir, 'pool.pem'), '--json']);
  await run(['ca', 'issue', csr, '--client-eku']);
  await run(['ca', 'issue', csr], { UCCERT_PASSPHRASE: 'wrong' });
  const client = await run([
    'client-cert',
    'issue',
    'sip:alice@contoso.com',
    '--out',
    join(lab.dir, 'alice.pem'),
    '--json',
  ]);
  await run(['client-cert', 'issue', 'sip:bob@contoso.com']);
  await run(['client-cert', 'list']);
  await run(['client-cert', 'list', '--json']);
  await run(['client-cert', 'revoke', thumbprintOf(client), '--json']);
  await run(['ca', 'revoke', thumbprintOf(issued), '--reason', 'keyCompromise']);
  await run(['ca', 'crl', '--out', join(lab.dir, 'issuing.crl'), '--json']);
  await run(['ca', 'crl']);
  assert.ok(outputs.every((t) => t.exitCode === 0 || t.exitCode === 2));

  const store = openStore(lab.home);
  const keyring = openKeyring(store.db, testPassphrase, fixtureNow);
  const keyIds = store.db.prepare('SELECT id FROM private_keys').pluck().all().map(Number);
  const keys = keyIds.map((id) => readPrivateKeyPkcs8(store.db, keyring, id));
  store.close();
  assert.equal(keys.length, 4, 'root, issuing and two client keys');

  const files = readdirSync(lab.dir)
    .filter((name) => name.endsWith('.pem') || name.endsWith('.crl'))
    .filter((name) => name !== 'pool.key')
    .map((name) => readFileSync(join(lab.dir, name), 'utf8'));
  assert.equal(files.length, 5);
  const texts = [...outputs.flatMap((t) => [t.stdout, t.stderr]), ...files];
  const fragments = keys.flatMap(fragmentsOf);
  for (const text of texts) {
    assert.doesNotMatch(text, /PRIVATE KEY/);
    assert.ok(!text.includes(testPassphrase), 'the passphrase appears in an output');
    for (const fragment of fragments)
      assert.ok(!text.includes(fragment), `a key fragment appears in:\n${text.slice(0, 200)}`);
  }
  // The scan can fail: a key's own base64 or hex, as a leak would print it, is caught.
  const key = Buffer.from(keys[0] ?? new Uint8Array());
  for (const leaked of [key.toString('base64'), key.toString('hex')]) {
    assert.ok(fragments.some((fragment) => leaked.includes(fragment)));
  }
});
