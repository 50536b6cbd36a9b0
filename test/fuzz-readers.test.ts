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
import { parseCertificateList } from '../src/x509/certificate-list.js';
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

test('fuzz: CRL, BER P7B, OCSP response and certificate pair (issue 9 items 2 and 9)', () => {
  const crl = fixture('readers/reader.crl');
  fuzz('crl-der', crl, 2000, 250, parseCertificateList);
  fuzz('crl-container', crl, 500, 250, (b) => parseCertificateContainer(b, { source: 'fuzz' }));
  fuzz('p7b-ber', fixture('readers/ber-envelope.p7b'), 1000, 250, (b) =>
    parseCertificateContainer(b, { source: 'fuzz' }),
  );
  for (const name of ['ocsp-response.der', 'certificate-pair.der']) {
    fuzz(name, fixture(`readers/${name}`), 500, 250, (b) => parseCertificateContainer(b, { source: 'fuzz' }));
  }
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

// The strictness policy of der.ts (its header; issue 9 item 8): TLV headers must be DER, BER is
// read only in the PKCS#7 and PKCS#12 envelopes. The fuzzer holds the reader to it both ways.

interface Header {
  readonly start: number;
  readonly tag: number[];
  readonly length: number[];
  readonly contentStart: number;
  readonly end: number;
}

/** An independent BER header reader (not der.ts), so the test does not trust what it checks. */
function berHeader(bytes: Uint8Array, at: number): Header {
  let pos = at + 1;
  if ((bytes[at]! & 0x1f) === 0x1f) while ((bytes[pos++]! & 0x80) !== 0);
  const tag = [...bytes.subarray(at, pos)];
  const first = bytes[pos]!;
  const count = first > 0x80 ? first & 0x7f : 0;
  const length = [...bytes.subarray(pos, pos + 1 + count)];
  let value = first < 0x80 ? first : 0;
  for (let i = 1; i <= count; i++) value = value * 256 + bytes[pos + i]!;
  const contentStart = pos + 1 + count;
  return { start: at, tag, length, contentStart, end: contentStart + value };
}

function isDerHeader(h: Header): boolean {
  if (h.length[0] === 0x80) return false;
  if (h.length.length > 1 && (h.length[1] === 0 || (h.length.length === 2 && h.length[1]! < 0x80)))
    return false;
  if (h.tag.length > 1) {
    if (h.tag[1] === 0x80) return false;
    const number = h.tag.slice(1).reduce((n, d) => n * 128 + (d & 0x7f), 0);
    if (number < 31) return false;
  }
  return true;
}

function childHeaders(bytes: Uint8Array, parent: Header): Header[] {
  const out: Header[] = [];
  for (let at = parent.contentStart; at < parent.end; ) {
    const h = berHeader(bytes, at);
    out.push(h);
    at = h.end;
  }
  return out;
}

/** The headers der.ts reads in a certificate: the outer levels, and the names and validity in full. */
function headersReadByDer(bytes: Uint8Array, unreadable: ReadonlySet<string> = new Set()): Header[] {
  const cert = berHeader(bytes, 0);
  const [tbs, ...outer] = childHeaders(bytes, cert);
  const fields = childHeaders(bytes, tbs!);
  const skip = fields[0]!.tag[0] === 0xa0 ? 1 : 0;
  const full = (h: Header): Header[] => [
    h,
    ...((h.tag[0]! & 0x20) !== 0 ? childHeaders(bytes, h).flatMap(full) : []),
  ];
  // Inside a field the reader reported unreadable (issue 9 item 3 lets it go on), only its header.
  const parts: readonly [number, readonly string[]][] = [
    [skip + 2, ['issuer']],
    [skip + 3, ['notBefore', 'notAfter']],
    [skip + 4, ['subject']],
  ];
  const walked = parts.flatMap(([i, names]) =>
    names.some((n) => unreadable.has(n)) ? [fields[i]!] : full(fields[i]!),
  );
  return [cert, tbs!, ...outer, ...fields, ...walked];
}

const unreadableFields = (input: Uint8Array): Set<string> =>
  new Set(
    (parseCertificate(input).fieldProblems ?? []).filter((p) => p.kind === 'unreadable').map((p) => p.field),
  );

/** Re-encodes the certificate with the header at `target` in a BER-only form; parents' lengths fixed up. */
function withBerHeader(
  bytes: Uint8Array,
  target: number,
  form: 'indefinite' | 'padded' | 'longTag',
): Uint8Array {
  const length = (n: number) => (n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);
  const encode = (h: Header): number[] => {
    const constructed = (h.tag[0]! & 0x20) !== 0;
    const content = constructed
      ? childHeaders(bytes, h).flatMap(encode)
      : [...bytes.subarray(h.contentStart, h.end)];
    if (h.start !== target) return [...h.tag, ...length(content.length), ...content];
    switch (form) {
      case 'indefinite':
        return [...h.tag, 0x80, ...content, 0, 0];
      case 'padded': // four length octets where two at most are needed
        return [...h.tag, 0x84, 0, 0, content.length >> 8, content.length & 0xff, ...content];
      case 'longTag':
        return [(h.tag[0]! & 0xe0) | 0x1f, h.tag[0]! & 0x1f, ...length(content.length), ...content];
    }
  };
  return Uint8Array.from(encode(berHeader(bytes, 0)));
}

test('strictness policy: a BER-only header anywhere der.ts reads makes the certificate refused (issue 9 item 8)', () => {
  const der = fixture('rsa-leaf.der');
  assert.doesNotThrow(() => parseCertificate(der));
  assert.deepEqual(
    Buffer.from(withBerHeader(der, -1, 'padded')),
    Buffer.from(der),
    're-encoding is faithful',
  );
  const headers = headersReadByDer(der);
  assert.ok(headers.length > 40, `${headers.length} headers`);
  let refused = 0;
  for (const h of headers) {
    const start = h.start;
    const forms =
      (h.tag[0]! & 0x20) !== 0
        ? (['indefinite', 'padded', 'longTag'] as const)
        : (['padded', 'longTag'] as const);
    for (const form of forms) {
      const bent = withBerHeader(der, start, form);
      // Refused outright, or (inside a name or a time) that field is reported unreadable for it.
      try {
        const problems = parseCertificate(bent).fieldProblems ?? [];
        assert.ok(
          problems.some((p) => p.kind === 'unreadable' && /DER (forbids|keeps)/.test(p.problem)),
          `${form} header at offset ${start} was accepted`,
        );
      } catch (error) {
        assert.ok(error instanceof DerError, String(error));
      }
      refused++;
    }
  }
  assert.ok(refused > 100);
});

test('fuzz: every mutated certificate the reader accepts has DER headers wherever der.ts reads (issue 9 item 8)', () => {
  const der = fixture('rsa-leaf.der');
  const random = prng(0x8e7);
  let accepted = 0;
  for (let i = 0; i < 3000; i++) {
    const input = mutate(der, random);
    try {
      parseCertificate(input);
    } catch (error) {
      if (!isExpectedRefusal(error)) throw error;
      continue;
    }
    accepted++;
    for (const h of headersReadByDer(input, unreadableFields(input))) {
      assert.ok(
        isDerHeader(h),
        `mutant #${i} accepted with a non-DER header ${Buffer.from([...h.tag, ...h.length]).toString('hex')}`,
      );
    }
  }
  assert.ok(accepted > 0, 'no mutant was accepted, so the check never ran');
});

test('BER is read in the PKCS#7 envelope, never in the certificates inside it (issue 9 items 2 and 8)', () => {
  const envelope = fixture('readers/ber-envelope.p7b');
  assert.equal(envelope[1], 0x80, 'the fixture envelope has an indefinite length');
  const certs = parsePkcs7Certificates(envelope);
  assert.equal(certs.length, 2);
  for (const cert of certs) assert.doesNotThrow(() => parseCertificate(cert));
  // The same certificate with its own outer length made indefinite, inside a BER envelope.
  const bent = withBerHeader(fixture('rsa-leaf.der'), 0, 'indefinite');
  assert.throws(() => parseCertificate(bent), /indefinite length/);
});
