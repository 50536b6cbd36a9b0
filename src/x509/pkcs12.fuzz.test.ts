import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { makePkiMaterial, makeScratch, runOpenssl } from '../../test/support/pkcs12-openssl.js';
import { childrenOf, encodingOf, readNode } from './der.js';
import { encodeSequence } from './der-writer.js';
import { buildPkcs12, Pkcs12Error, parsePkcs12 } from './pkcs12.js';

// Mutated and truncated PFX files must fail with Pkcs12Error and nothing else, and fast. The
// seeds use one iteration so that each parse is cheap; MAC-less variants let the mutations reach
// the bag decryption and the bag parser instead of stopping at the MAC.
const s = makeScratch('pkcs12-fuzz');
after(() => s.remove());
const pki = makePkiMaterial(s);
const password = 'fuzz';

function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function withoutMac(pfx: Uint8Array): Uint8Array {
  const [version, authSafe] = childrenOf(pfx, readNode(pfx, 0));
  return encodeSequence([encodingOf(pfx, version!), encodingOf(pfx, authSafe!)]);
}

const random = xorshift(0x5eed);
const bytesFrom = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
const der = (name: string, kind: 'x509' | 'pkcs8') =>
  kind === 'x509'
    ? runOpenssl(['x509', '-in', `${name}.pem`, '-outform', 'DER'], s.dir)
    : runOpenssl(['pkcs8', '-topk8', '-nocrypt', '-in', `${name}.key`, '-outform', 'DER'], s.dir);

const seeds: { name: string; bytes: Uint8Array }[] = [];
for (const profile of ['modern', 'legacy'] as const) {
  const pfx = buildPkcs12({
    key: der(pki.leaf, 'pkcs8'),
    certificates: [der(pki.leaf, 'x509'), der(pki.intermediate, 'x509')],
    password,
    friendlyName: 'fuzz',
    profile,
    randomBytes: bytesFrom,
    iterations: 1,
  });
  seeds.push({ name: profile, bytes: pfx }, { name: `${profile} without MAC`, bytes: withoutMac(pfx) });
}
for (const [name, args] of [
  ['openssl, no encryption, no MAC', ['-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac']],
  ['openssl legacy, -iter 1', ['-legacy', '-iter', '1', '-nomaciter']],
] as const) {
  runOpenssl(
    [
      'pkcs12',
      '-export',
      '-in',
      'ec.pem',
      '-inkey',
      'ec.key',
      '-passout',
      `pass:${password}`,
      '-out',
      'seed.pfx',
      ...args,
    ],
    s.dir,
  );
  seeds.push({ name, bytes: s.read('seed.pfx') });
}

/** One to four random edits: overwrite, flip a bit, truncate, insert, delete or repeat a range. */
function mutate(input: Uint8Array): Uint8Array {
  let b = Uint8Array.from(input);
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits && b.length > 0; e++) {
    const at = Math.floor(random() * b.length);
    switch (Math.floor(random() * 6)) {
      case 0:
        b[at] = Math.floor(random() * 256);
        break;
      case 1:
        b[at]! ^= 1 << Math.floor(random() * 8);
        break;
      case 2:
        b = b.slice(0, at);
        break;
      case 3:
        b = Uint8Array.from([
          ...b.subarray(0, at),
          ...bytesFrom(1 + Math.floor(random() * 8)),
          ...b.subarray(at),
        ]);
        break;
      case 4:
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1 + Math.floor(random() * 16))]);
        break;
      default: {
        const len = 1 + Math.floor(random() * 32);
        b = Uint8Array.from([
          ...b.subarray(0, at + len),
          ...b.subarray(at, at + len),
          ...b.subarray(at + len),
        ]);
      }
    }
  }
  return b;
}

test('every seed reads with its password before mutation', () => {
  for (const seed of seeds) assert.ok(parsePkcs12(seed.bytes, password).keys.length === 1, seed.name);
});

test('3000 mutated or truncated PFX inputs throw only Pkcs12Error, each quickly', (t) => {
  const reasons = new Map<string, number>();
  let slowest = 0;
  let parsed = 0;
  for (let i = 0; i < 3000; i++) {
    const seed = seeds[i % seeds.length]!;
    const input =
      i % 10 === 0 ? seed.bytes.subarray(0, Math.floor(random() * seed.bytes.length)) : mutate(seed.bytes);
    const pw = i % 7 === 0 ? undefined : password;
    const started = performance.now();
    try {
      parsePkcs12(input, pw);
      parsed++;
    } catch (error) {
      if (!(error instanceof Pkcs12Error)) {
        assert.fail(
          `input ${i} (${seed.name}) threw ${String(error)}; bytes ${Buffer.from(input).toString('hex')}`,
        );
      }
      reasons.set(error.reason, (reasons.get(error.reason) ?? 0) + 1);
    }
    slowest = Math.max(slowest, performance.now() - started);
  }
  t.diagnostic(`fuzz: ${parsed} parsed, ${JSON.stringify([...reasons])}, slowest ${slowest.toFixed(1)} ms`);
  assert.ok(slowest < 1000, `slowest parse took ${slowest.toFixed(0)} ms`);
  // The mutations must reach more than one failure path, or the fuzzing proves little.
  assert.ok((reasons.get('malformed') ?? 0) > 100, JSON.stringify([...reasons]));
  assert.ok((reasons.get('wrong-password') ?? 0) + (reasons.get('password-required') ?? 0) > 100);
  assert.ok(parsed > 0, 'some mutations leave a readable file (for example in ignored bytes)');
});
