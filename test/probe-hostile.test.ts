// `uccert probe` against broken and hostile servers on loopback: each must end within the
// timeout with exit code 3 and one message naming host:port, never hang or buffer without bound.

import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { UccertError } from '../src/errors.js';
import { probeTls } from '../src/net/tls-probe.js';
import { runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { type HostileBehaviour, startHostileServer } from './support/hostile-servers.js';

const timeoutMs = 1500;
/** Generous: this checks that the probe ends, not how fast. */
const endsWithinMs = timeoutMs + 4000;

const cases: readonly [HostileBehaviour, RegExp][] = [
  [
    'stall',
    /127\.0\.0\.1:\d+ accepted the connection but sent nothing back to the TLS ClientHello within 1500 ms/,
  ],
  [
    'close-mid-handshake',
    /127\.0\.0\.1:\d+ closed the connection in the middle of the TLS handshake, after 20 bytes/,
  ],
  [
    'reset',
    /127\.0\.0\.1:\d+ (reset the connection|closed the connection without answering the TLS ClientHello)/,
  ],
  ['http', /127\.0\.0\.1:\d+ does not speak TLS: it answered "HTTP\/1\.1 400 Bad Request"/],
  ['ssh-banner', /127\.0\.0\.1:\d+ does not speak TLS: it answered "SSH-2\.0-OpenSSH_9\.2p1 Debian-2"/],
  // OpenSSL refuses the claimed 16 MiB message before reading it, or uccert's own cap stops it.
  [
    'endless-certificate',
    /handshake with 127\.0\.0\.1:\d+ failed: excessive message size \(the server sent a handshake message larger than any real certificate chain\)|127\.0\.0\.1:\d+ sent more than 256 KiB/,
  ],
  ['endless-records', /127\.0\.0\.1:\d+ sent more than 256 KiB during the TLS handshake/],
];

/** The messages users see most, kept as transcripts too. */
const golden = new Set<HostileBehaviour>(['stall', 'close-mid-handshake', 'http']);

const scrubPort = (text: string): string => text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');

for (const [behaviour, message] of cases) {
  test(`probe of a ${behaviour} server ends within the timeout with exit 3`, {
    timeout: 20_000,
  }, async () => {
    const server = await startHostileServer(behaviour);
    try {
      const started = performance.now();
      const t = await runUccert(['probe', `127.0.0.1:${server.port}`, '--timeout', String(timeoutMs)]);
      const elapsed = performance.now() - started;
      assert.equal(t.exitCode, 3, t.stderr);
      assert.match(t.stderr, message);
      assert.equal(t.stdout, '');
      assert.doesNotMatch(t.stderr, /at .*\.js:\d+/, 'no stack trace');
      assert.ok(elapsed < endsWithinMs, `ended after ${Math.round(elapsed)} ms`);
      if (golden.has(behaviour)) assertGolden(`probe-hostile-${behaviour}`, t, scrubPort);
    } finally {
      await server.stop();
    }
  });
}

test('probe of a refused port exits 3 and names host:port', { timeout: 10_000 }, async () => {
  const port = await freePort();
  const t = await runUccert(['probe', `127.0.0.1:${port}`, '--timeout', String(timeoutMs)]);
  assert.equal(t.exitCode, 3);
  assert.equal(
    t.stderr,
    `uccert: 127.0.0.1:${port} refused the connection: nothing listens on that port\n` +
      '  check the port (443 for web services, 5061 for SIP/TLS) and that the service runs; check any firewall\n',
  );
});

test('probe of an unknown host is HOST_NOT_FOUND (resolver injected: no query leaves the machine)', async () => {
  const lookup: net.LookupFunction = (hostname, _options, callback) => {
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    process.nextTick(() => callback(error, '', 4));
  };
  await assert.rejects(
    probeTls({ host: 'nosuchhost.contoso.test', port: 5061, servername: null, timeoutMs, lookup }),
    (error: UccertError) => {
      assert.equal(error.code, 'HOST_NOT_FOUND');
      assert.equal(error.exitCode, 3);
      assert.match(error.message, /cannot resolve host "nosuchhost\.contoso\.test"/);
      assert.match(error.hint, /nslookup nosuchhost\.contoso\.test/);
      return true;
    },
  );
});

test('a bad endpoint argument is a usage error (exit 2), not a network one', async () => {
  for (const bad of ['[::1:5061', 'host:99999', '::1:5061x', 'bad_host!:443', 'host:']) {
    const t = await runUccert(['probe', bad]);
    assert.equal(t.exitCode, 2, bad);
    assert.match(t.stderr, /is not a HOST\[:PORT\] endpoint/);
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
