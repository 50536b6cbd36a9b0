// Hostile bytes: thousands of mutated and truncated inputs per format (DER certificate, PEM, P7B,
// CSR, PFX), from a seeded PRNG so failures reproduce. The readers may only refuse with
// DerError, Pkcs12Error or UccertError (never TypeError/RangeError), must answer quickly, and
// what they return must stay proportional to the input.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { UccertError } from '../src/errors.js';
import { parseCertificate } from '../src/x509/certificate.js';
import { parseCertificateContainer } from '../src/x509/certificate-container.js';
import { parseCertificateRequest } from '../src/x509/certificate-request.js';
import { DerError } from '../src/x509/der.js';
import { parsePem } from '../src/x509/pem.js';
import { parsePkcs7Certificates } from '../src/x509/pkcs7.js';
import { Pkcs12Error } from '../src/x509/pkcs12-error.js';
import { repoPath } from './support/repo.js';

/** mulberry32: a small seeded PRNG, so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutator = (input: Uint8Array, random: () => number) => Uint8Array;

const int = (random: () => number, n: number) => Math.floor(random() * n);

// Values that stress DER length octets: long forms, indefinite length, huge claims, zero.
const lengthBytes = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0xff];

const mutators: readonly Mutator[] = [
  // bit flips
  (input, random) => {
    const out = Uint8Array.from(input);
    for (let n = 1 + int(random, 4); n > 0; n--) out[int(random, out.length)]! ^= 1 << int(random, 8);
    return out;
  },
  // byte replacement
  (input, random) => {
    const out = Uint8Array.from(input);
    out[int(random, out.length)] = int(random, 256);
    return out;
  },
  // insertion
  (input, random) => {
    const at = int(random, input.length + 1);
    const extra = Array.from({ length: 1 + int(random, 8) }, () => int(random, 256));
    return Uint8Array.from([...input.subarray(0, at), ...extra, ...input.subarray(at)]);
  },
  // deletion
  (input, random) => {
    const at = int(random, input.length);
    return Uint8Array.from([...input.subarray(0, at), ...input.subarray(at + 1 + int(random, 8))]);
  },
  // length-byte corruption: the byte after a likely tag (SEQUENCE, SET, INTEGER, OCTET STRING, [n])
  (input, random) => {
    const out = Uint8Array.from(input);
    const tags = new Set([0x30, 0x31, 0x02, 0x04, 0x03, 0x06, 0xa0, 0xa3, 0x80, 0x82]);
    for (let tries = 0; tries < 64; tries++) {
      const at = int(random, out.length - 1);
      if (tags.has(out[at]!)) {
        out[at + 1] = lengthBytes[int(random, lengthBytes.length)]!;
        break;
      }
    }
    return out;
  },
  // truncation
  (input, random) => input.subarray(0, int(random, input.length)),
];

function mutate(input: Uint8Array, random: () => number): Uint8Array {
  return mutators[int(random, mutators.length)]!(input, random);
}

function isExpectedRefusal(error: unknown): boolean {
  return error instanceof DerError || error instanceof Pkcs12Error || error instanceof UccertError;
}

interface FuzzStats {
  accepted: number;
  refused: number;
  slowestMs: number;
}

/** Runs `read` over `count` mutations of `seedInput`; asserts only expected errors, fast answers, bounded output. */
function fuzz(
  name: string,
  seedInput: Uint8Array,
  count: number,
  maxMs: number,
  read: (bytes: Uint8Array) => unknown,
): FuzzStats {
  const random = prng(0x5eed ^ (name.length * 7919));
  const stats: FuzzStats = { accepted: 0, refused: 0, slowestMs: 0 };
  for (let i = 0; i < count; i++) {
    const input = mutate(seedInput, random);
    const started = performance.now();
    let result: unknown;
    try {
      result = read(input);
      stats.accepted++;
    } catch (error) {
      if (!isExpectedRefusal(error)) {
        const hex = Buffer.from(input).toString('hex');
        assert.fail(
          `${name} #${i}: ${String(error)}\n${error instanceof Error ? error.stack : ''}\ninput: ${hex.slice(0, 400)}…`,
        );
      }
      stats.refused++;
    }
    const ms = performance.now() - started;
    stats.slowestMs = Math.max(stats.slowestMs, ms);
    assert.ok(ms < maxMs, `${name} #${i} took ${ms.toFixed(1)} ms`);
    if (result !== undefined) {
      // What comes out is proportional to what went in (hex doubles bytes; labels add a little).
      const size = JSON.stringify(result, (_k, v: unknown) =>
        v instanceof Uint8Array ? v.length : v,
      ).length;
      assert.ok(
        size < 16 * input.length + 65_536,
        `${name} #${i}: ${size} bytes of output from ${input.length}`,
      );
    }
  }
  if (process.env.FUZZ_STATS === '1') console.log(name, stats);
  assert.ok(stats.refused > 0, `${name}: no mutation was refused, so the fuzzer is not reaching the parser`);
  return stats;
}

const fixture = (name: string) => new Uint8Array(readFileSync(repoPath(`test/fixtures/${name}`)));

test('fuzz: DER certificate (parseCertificate and format detection)', () => {
  const der = fixture('rsa-leaf.der');
  fuzz('der-cert', der, 3000, 250, parseCertificate);
  fuzz('der-container', der, 1500, 250, (b) => parseCertificateContainer(b, { source: 'fuzz' }));
});

test('fuzz: ECDSA and self-signed certificates', () => {
  const ecdsa = parsePem(readFileSync(repoPath('test/fixtures/ecdsa-signed.pem'), 'latin1'))[0]!.der;
  fuzz('ecdsa-cert', ecdsa, 1000, 250, parseCertificate);
  const root = parsePem(readFileSync(repoPath('test/fixtures/root-ca.pem'), 'latin1'))[0]!.der;
  fuzz('root-cert', root, 1000, 250, parseCertificate);
});

test('fuzz: PEM bundle with text (parsePem and the container)', () => {
  const pem = fixture('bundle-with-text.pem');
  fuzz('pem-text', pem, 1500, 250, (b) => parsePem(Buffer.from(b).toString('latin1')));
  fuzz('pem-container', pem, 1500, 250, (b) => parseCertificateContainer(b, { source: 'fuzz' }));
});

test('fuzz: P7B (DER and PEM)', () => {
  const der = fixture('chain-der.p7b');
  fuzz('p7b-der', der, 2000, 250, parsePkcs7Certificates);
  fuzz('p7b-container', der, 1000, 250, (b) => parseCertificateContainer(b, { source: 'fuzz' }));
  fuzz('p7b-pem', fixture('chain.p7b'), 500, 250, (b) => parseCertificateContainer(b, { source: 'fuzz' }));
});

test('fuzz: CSR', () => {
  const der = fixture('request-der.csr');
  fuzz('csr-der', der, 2000, 250, parseCertificateRequest);
  fuzz('csr-container', der, 500, 250, (b) => parseCertificateContainer(b, { source: 'fuzz' }));
});

test('fuzz: PFX, modern and legacy', () => {
  // Each PFX read derives keys (2048 iterations, several times), so fewer cases and more time.
  const options = { source: 'fuzz', password: 'uccert-test' };
  fuzz('pfx-modern', fixture('modern.pfx'), 400, 2000, (b) => parseCertificateContainer(b, options));
  fuzz('pfx-legacy', fixture('legacy.pfx'), 400, 2000, (b) => parseCertificateContainer(b, options));
});

test('fuzz: PFX without MAC or encryption, so mutations reach the bags, certificates and key', () => {
  const path = (name: string) => repoPath(`test/fixtures/${name}`);
  // openssl writes the PFX to stdout; -nomac and NONE leave every byte open to the mutations.
  const plain = new Uint8Array(
    execFileSync('openssl', [
      ...['pkcs12', '-export', '-in', path('rsa-leaf.pem'), '-inkey', path('rsa-leaf.key')],
      ...['-certfile', path('issuing-ca.pem'), '-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac'],
      ...['-passout', 'pass:'],
    ]),
  );
  assert.equal(parseCertificateContainer(plain, { source: 'plain.pfx' }).keys[0]?.certificate, 0);
  fuzz('pfx-plain', plain, 2000, 500, (b) => parseCertificateContainer(b, { source: 'fuzz' }));
});

test('enormous length claims fail at once, without allocating what they claim', () => {
  const claims = [
    [0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x03],
    [0x30, 0x84, 0xff, 0xff, 0xff, 0xff],
    [0x30, 0x80, 0x02, 0x01, 0x03, 0x30, 0x80],
    [0x30, 0x88, 0x01, 0, 0, 0, 0, 0, 0, 0],
  ];
  const before = process.memoryUsage().arrayBuffers;
  for (const claim of claims) {
    const bytes = Uint8Array.from(claim);
    assert.throws(() => parseCertificateContainer(bytes, { source: 'claim' }), UccertError);
    assert.throws(() => parseCertificate(bytes), DerError);
  }
  assert.ok(process.memoryUsage().arrayBuffers - before < 1_000_000);
});
