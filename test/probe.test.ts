// `uccert probe` end to end on loopback, against openssl s_server (an independent TLS stack) and
// Node tls servers serving the fixtures: full chain, missing intermediate, expired, not yet
// valid, wrong host, mutual TLS (TLS 1.2 and 1.3), IPv6. The clock is the fixtures' clock.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertContractCertificate, assertContractFinding } from './support/certificate-contract.js';
import { runUccert, type Transcript } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import {
  type OpensslServerOptions,
  type RunningServer,
  startNodeTlsServer,
  startOpensslServer,
} from './support/tls-servers.js';

const testTimeout = { timeout: 20_000 };

/** Removes what changes between runs: the port and the handshake time. */
export function scrubProbe(text: string): string {
  return text
    .replace(/(127\.0\.0\.1|\[::1\]):\d+/g, '$1:PORT')
    .replace(/"port": \d+/g, '"port": "PORT"')
    .replace(/(Handshake +: )\d+ ms/g, '$1N ms')
    .replace(/"handshakeMs": \d+/g, '"handshakeMs": "N"');
}

interface FindingJson {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly fix: string;
}

interface ProbeJson {
  readonly endpoint: { host: string; port: number; sni: string | null };
  readonly protocol: string;
  readonly cipher: string;
  readonly chain: readonly { subject: string; thumbprint: string }[];
  readonly chainSource: string;
  readonly trusted: boolean;
  readonly clientCertificateRequested: boolean;
  readonly acceptableClientCaNames: readonly string[] | null;
  readonly findings: readonly FindingJson[];
}

async function withServer<T>(
  start: Promise<RunningServer>,
  body: (server: RunningServer) => Promise<T>,
): Promise<T> {
  const server = await start;
  try {
    return await body(server);
  } finally {
    await server.stop();
  }
}

function endpointOf(server: RunningServer): string {
  return server.host.includes(':') ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

async function probeJson(
  options: OpensslServerOptions,
  args: readonly string[],
): Promise<[ProbeJson, Transcript]> {
  return withServer(startOpensslServer(options), async (server) => {
    const t = await runUccert(['probe', endpointOf(server), '--timeout', '5000', ...args, '--json']);
    assert.equal(t.stderr, '');
    return [JSON.parse(t.stdout) as ProbeJson, t];
  });
}

/** The finding codes, each finding checked against the contract's shape first. */
function codesOf(report: ProbeJson): string[] {
  report.findings.forEach((f, i) => {
    assertContractFinding(f, `findings[${i}]`);
  });
  return report.findings.map((f) => f.code);
}

const root = ['--ca', 'test/fixtures/root-ca.pem'];
const fullChain = { leaf: 'rsa-leaf', chain: ['issuing-ca.pem'] } as const;

test(
  'full chain from openssl s_server: trusted with --ca, no findings, exit 0 (golden text and JSON)',
  testTimeout,
  async () => {
    await withServer(startOpensslServer(fullChain), async (server) => {
      const args = ['probe', endpointOf(server), '--sni', 'pool01.contoso.net', ...root];
      const text = await runUccert(args);
      assert.equal(text.exitCode, 0, text.stderr);
      assertGolden('probe-full-chain', text, scrubProbe);
      const json = await runUccert([...args, '--json']);
      assert.equal(json.exitCode, 0);
      assertGolden('probe-full-chain-json', json, scrubProbe);
      const report = JSON.parse(json.stdout) as ProbeJson;
      assert.equal(report.trusted, true);
      assert.deepEqual(report.findings, []);
      report.chain.forEach((c, i) => {
        assertContractCertificate(c, `chain[${i}]`);
      });
      assert.deepEqual(
        report.chain.map((c) => c.subject),
        [
          'CN=pool01.contoso.net, OU=Lync, O=Contoso Ltd, L=Redmond, S=Washington, C=US',
          'CN=uccert Test Issuing CA, O=uccert Tests',
        ],
      );
      assert.deepEqual(report.endpoint, { host: '127.0.0.1', port: server.port, sni: 'pool01.contoso.net' });
      assert.equal(report.protocol, 'TLSv1.3');
      assert.equal(report.clientCertificateRequested, false);
    });
  },
);

test('the chain keeps the order the server sent, even when it is wrong', testTimeout, async () => {
  // The server sends the root after the leaf and the intermediate last: the probe shows that order.
  await withServer(
    startNodeTlsServer({ leaf: 'rsa-leaf', chain: ['root-ca.pem', 'issuing-ca.pem'] }),
    async (server) => {
      const t = await runUccert([
        'probe',
        endpointOf(server),
        '--sni',
        'pool01.contoso.net',
        ...root,
        '--json',
      ]);
      const report = JSON.parse(t.stdout) as ProbeJson;
      assert.deepEqual(
        report.chain.map((c) => c.subject),
        [
          'CN=pool01.contoso.net, OU=Lync, O=Contoso Ltd, L=Redmond, S=Washington, C=US',
          'CN=uccert Test Root CA, O=uccert Tests',
          'CN=uccert Test Issuing CA, O=uccert Tests',
        ],
      );
      assert.equal(report.trusted, true);
      assert.equal(t.exitCode, 0);
    },
  );
});

test(
  'without --ca the private root is not trusted: UNTRUSTED_ROOT past the sent intermediate',
  testTimeout,
  async () => {
    const [report, t] = await probeJson(fullChain, ['--sni', 'pool01.contoso.net']);
    assert.equal(t.exitCode, 1);
    assert.equal(report.trusted, false);
    assert.deepEqual(codesOf(report), ['UNTRUSTED_ROOT']);
    assert.match(
      report.findings[0]!.message,
      /ends at the CA "CN=uccert Test Issuing CA, O=uccert Tests", whose issuer "CN=uccert Test Root CA, O=uccert Tests" is not a trusted root/,
    );
  },
);

test(
  'missing intermediate: CHAIN_INCOMPLETE names the issuer; --ca with the chain completes it',
  testTimeout,
  async () => {
    await withServer(startOpensslServer({ leaf: 'rsa-leaf' }), async (server) => {
      const base = ['probe', endpointOf(server), '--sni', 'pool01.contoso.net', '--json'];
      const rootOnly = await runUccert([...base, ...root]);
      assert.equal(rootOnly.exitCode, 1);
      const notCompleted = JSON.parse(rootOnly.stdout) as ProbeJson;
      assert.deepEqual(codesOf(notCompleted), ['CHAIN_INCOMPLETE']);
      assert.equal(notCompleted.trusted, false);
      assert.match(
        notCompleted.findings[0]!.message,
        /does not send the certificate of its issuer "CN=uccert Test Issuing CA, O=uccert Tests".*neither among the trusted roots nor in --ca/,
      );
      assert.match(notCompleted.findings[0]!.fix, /Intermediate Certification Authorities store/);

      const withChain = await runUccert([...base, '--ca', 'test/fixtures/chain.pem']);
      assert.equal(withChain.exitCode, 1);
      const completed = JSON.parse(withChain.stdout) as ProbeJson;
      assert.deepEqual(codesOf(completed), ['CHAIN_INCOMPLETE']);
      assert.equal(completed.trusted, true);
      assert.match(
        completed.findings[0]!.message,
        /does not send the intermediate "CN=uccert Test Issuing CA, O=uccert Tests".*completed only from --ca/,
      );

      const text = await runUccert(base.filter((a) => a !== '--json').concat(root));
      assertGolden('probe-missing-intermediate', text, scrubProbe);
    });
  },
);

test('expired certificate: EXPIRED says when, exit 1', testTimeout, async () => {
  const [report, t] = await probeJson({ leaf: 'expired', chain: ['issuing-ca.pem'] }, [
    '--sni',
    'expired.contoso.com',
    ...root,
  ]);
  assert.equal(t.exitCode, 1);
  assert.deepEqual(codesOf(report), ['EXPIRED']);
  assert.match(report.findings[0]!.message, /expired on 2026-03-01T00:00:00Z, 92 days ago/);
});

test(
  'not yet valid by 5 h: NOT_YET_VALID names a time-zone setting and +05:00 (golden)',
  testTimeout,
  async () => {
    await withServer(
      startOpensslServer({ leaf: 'not-yet-valid', chain: ['issuing-ca.pem'] }),
      async (server) => {
        const t = await runUccert(['probe', endpointOf(server), '--sni', 'future.contoso.com', ...root]);
        assert.equal(t.exitCode, 1);
        assert.match(
          t.stdout,
          /ERROR NOT_YET_VALID \(127\.0\.0\.1:\d+\)\n .* notBefore is 2026-06-01T17:00:00Z, 5 h after now/,
        );
        assert.match(t.stdout, /time-zone setting is the likely cause/);
        assert.match(t.stdout, /2026-06-01T17:00:00\+05:00 = 2026-06-01T12:00:00Z, which is now/);
        assertGolden('probe-not-yet-valid', t, scrubProbe);
      },
    );
  },
);

test(
  'wrong host: HOSTNAME_MISMATCH quotes the name and what the certificate covers',
  testTimeout,
  async () => {
    const [report, t] = await probeJson({ leaf: 'wronghost-leaf', chain: ['issuing-ca.pem'] }, [
      '--sni',
      'pool01.contoso.net',
      ...root,
    ]);
    assert.equal(t.exitCode, 1);
    assert.deepEqual(codesOf(report), ['HOSTNAME_MISMATCH']);
    assert.match(
      report.findings[0]!.message,
      /does not cover the name "pool01\.contoso\.net".*names it covers: www\.fabrikam\.com/,
    );
  },
);

for (const version of ['tls1_2', 'tls1_3'] as const) {
  test(
    `mutual TLS (${version}) from openssl s_server: the acceptable client CA names are shown`,
    testTimeout,
    async () => {
      const [report, t] = await probeJson({ ...fullChain, clientCa: 'root-ca.pem', version }, [
        '--sni',
        'pool01.contoso.net',
        ...root,
      ]);
      assert.equal(t.exitCode, 0);
      assert.equal(report.protocol, version === 'tls1_2' ? 'TLSv1.2' : 'TLSv1.3');
      assert.equal(report.clientCertificateRequested, true);
      assert.deepEqual(report.acceptableClientCaNames, ['CN=uccert Test Root CA, O=uccert Tests']);
      assert.equal(report.chain.length, 2);
    },
  );
}

test(
  'a HelloRetryRequest (server accepts only P-256) still shows the chain as sent and the client CA names',
  testTimeout,
  async () => {
    const [report, t] = await probeJson(
      { ...fullChain, clientCa: 'root-ca.pem', version: 'tls1_3', groups: 'P-256' },
      ['--sni', 'pool01.contoso.net', ...root],
    );
    assert.equal(t.exitCode, 0);
    assert.equal(report.protocol, 'TLSv1.3');
    assert.equal(report.chainSource, 'handshake');
    assert.equal(report.clientCertificateRequested, true);
    assert.deepEqual(report.acceptableClientCaNames, ['CN=uccert Test Root CA, O=uccert Tests']);
  },
);

test(
  'mutual TLS 1.2 as text: the server ends the handshake after asking; CA names shown (golden)',
  testTimeout,
  async () => {
    await withServer(
      startOpensslServer({ ...fullChain, clientCa: 'root-ca.pem', version: 'tls1_2' }),
      async (server) => {
        const t = await runUccert(['probe', endpointOf(server), '--sni', 'pool01.contoso.net', ...root]);
        assert.equal(t.exitCode, 0, t.stderr);
        assert.match(t.stdout, /ServerAlert +: handshake_failure/);
        assert.match(t.stdout, /AcceptableClientCaNames {4}: CN=uccert Test Root CA, O=uccert Tests\n/);
        assertGolden('probe-mutual-tls12', t, scrubProbe);
      },
    );
  },
);

test(
  'mutual TLS from a Node server (TLS 1.3 and capped at 1.2): CA names in text output',
  testTimeout,
  async () => {
    for (const maxVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
      await withServer(
        startNodeTlsServer({ ...fullChain, clientCa: 'chain.pem', maxVersion }),
        async (server) => {
          const t = await runUccert(['probe', endpointOf(server), '--sni', 'pool01.contoso.net', ...root]);
          assert.equal(t.exitCode, 0, t.stderr);
          assert.match(t.stdout, new RegExp(`Protocol +: ${maxVersion.replace('.', '\\.')}\n`));
          assert.match(
            t.stdout,
            /ClientCertificateRequested : True\nAcceptableClientCaNames {4}: CN=pool01\.contoso\.net, .*\n {29}CN=uccert Test Issuing CA, O=uccert Tests\n {29}CN=uccert Test Root CA, O=uccert Tests\n/,
          );
        },
      );
    }
  },
);

test('IPv6 [::1]: connects, sends no SNI and matches the IP SAN', testTimeout, async () => {
  const [report, t] = await probeJson(
    { leaf: 'localhost-leaf', chain: ['issuing-ca.pem'], host: '::1' },
    root,
  );
  assert.equal(t.exitCode, 0, JSON.stringify(report.findings));
  assert.deepEqual(report.findings, []);
  assert.equal(report.endpoint.host, '::1');
  assert.equal(report.endpoint.sni, null);
  assert.equal(report.trusted, true);
});

test(
  'an IP the certificate does not list is a HOSTNAME_MISMATCH against IP SAN entries',
  testTimeout,
  async () => {
    const [report] = await probeJson(fullChain, root);
    assert.deepEqual(codesOf(report), ['HOSTNAME_MISMATCH']);
    assert.match(
      report.findings[0]!.message,
      /the IP address "127\.0\.0\.1".*IP SAN entries it covers: none/,
    );
  },
);

test(
  '--ca reads P7B and DER too; a missing intermediate in a P7B completes the chain',
  testTimeout,
  async () => {
    const [report] = await probeJson({ leaf: 'rsa-leaf' }, [
      '--sni',
      'pool01.contoso.net',
      '--ca',
      'test/fixtures/chain-der.p7b',
    ]);
    assert.equal(report.trusted, true);
    assert.deepEqual(codesOf(report), ['CHAIN_INCOMPLETE']);
  },
);

test('an unreadable --ca is an input error (exit 2) before any connection', async () => {
  const directory = await runUccert(['probe', '127.0.0.1:1', '--ca', 'test/fixtures']);
  assert.equal(directory.exitCode, 2);
  assert.equal(
    directory.stderr,
    'uccert: --ca "test/fixtures" is a directory\n  give a PEM, DER, P7B or PFX file of CA certificates\n',
  );
  const key = await runUccert(['probe', '127.0.0.1:1', '--ca', 'test/fixtures/rsa-leaf.key']);
  assert.equal(key.exitCode, 2);
  assert.match(key.stderr, /rsa-leaf\.key/);
});
