// End to end: `uccert check` of examples/contoso.yaml with one certificate per server and use,
// some right and some wrong on purpose (test/fixtures/make-check-fixtures.sh says which). The
// golden transcript shows every finding and every fix; the JSON is checked code by code.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureNow, runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';

const f = (name: string) => `test/fixtures/check/${name}.pem`;

/** [server, uses, certificate file]. */
const assignments: readonly (readonly [string, string, string])[] = [
  ['fe01.contoso.net', 'Default,WebServicesInternal,WebServicesExternal', f('fe01-combined')],
  ['fe02.contoso.net', 'Default', f('fe02-default')],
  ['fe02.contoso.net', 'WebServicesInternal', f('fe02-webint')],
  ['fe02.contoso.net', 'WebServicesExternal', f('fe02-webext')],
  ['dir01.contoso.net', 'Default', f('dir01-default')],
  ['med01.contoso.net', 'Default', f('med01-default')],
  [
    'edge01.contoso.net',
    'AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication,XmppServer',
    f('edge01-external'),
  ],
  ['edge01.contoso.net', 'Internal', f('edge01-internal')],
  ['sba01.contoso.net', 'Default', f('sba01-default')],
  ['fe01.contoso.net', 'OAuthTokenIssuer', f('oauth')],
  ['reverse-proxy', 'ReverseProxy', f('reverse-proxy')],
];

const args = [
  'check',
  'examples/contoso.yaml',
  ...assignments.flatMap(([server, uses, cert]) => ['--server', server, '--use', uses, '--cert', cert]),
  '--ca',
  'test/fixtures/root-ca.pem',
];

test('check contoso: every finding and every fix (golden)', async () => {
  const t = await runUccert(args, { now: fixtureNow });
  assert.equal(t.exitCode, 1, t.stderr);
  assertGolden('check-contoso', t);
});

test('check contoso --json: the findings contract, per server and use', async () => {
  const t = await runUccert([...args, '--json'], { now: fixtureNow });
  const document = JSON.parse(t.stdout) as {
    checks: { server: string; uses: string[]; findings: { code: string; severity: string }[] }[];
    findings: {
      code: string;
      severity: string;
      target: string;
      message: string;
      fix: string;
      sources: string[];
    }[];
  };
  const codes = document.checks.map(
    (c) => `${c.server} ${c.uses.join(',')}: ${c.findings.map((x) => `${x.code}/${x.severity}`).join(' ')}`,
  );
  assert.deepEqual(codes, [
    'fe01.contoso.net Default,WebServicesInternal,WebServicesExternal: ',
    'fe02.contoso.net Default: NAME_NOT_COVERED/error',
    'fe02.contoso.net WebServicesInternal: NAME_NOT_COVERED/error',
    'fe02.contoso.net WebServicesExternal: NAME_NOT_COVERED/error',
    'dir01.contoso.net Default: SUBJECT_MISMATCH/error UNSUPPORTED_SIGNATURE_ALGORITHM/warning',
    'med01.contoso.net Default: EXPIRED/error MISSING_CRL_DISTRIBUTION_POINT/error',
    'edge01.contoso.net AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication,XmppServer: NAME_NOT_COVERED/error WILDCARD_NOT_ALLOWED/error NAME_NOT_COVERED/error NAME_NOT_COVERED/error',
    'edge01.contoso.net Internal: EXPIRES_SOON/warning MISSING_SERVER_AUTH_EKU/error',
    'sba01.contoso.net Default: NAME_NOT_COVERED/error NOT_YET_VALID/error',
    'fe01.contoso.net OAuthTokenIssuer: UNSUPPORTED_SIGNATURE_ALGORITHM/error WEAK_KEY/error',
    'reverse-proxy ReverseProxy: ',
  ]);
  for (const finding of document.findings) {
    assert.deepEqual(Object.keys(finding), ['code', 'severity', 'target', 'message', 'fix', 'sources']);
    assert.ok(finding.fix.length > 0 && finding.sources.length > 0, finding.code);
  }
});

test('check --fail-on, --warn-days, --now and the pairing of --server/--use/--cert', async () => {
  const one = [
    'check',
    'examples/contoso.yaml',
    '--server',
    'edge01.contoso.net',
    '--use',
    'Internal',
    '--ca',
    'test/fixtures/root-ca.pem',
  ];
  const relaxed = await runUccert(
    [
      ...one,
      '--cert',
      f('fe01-combined'),
      '--server',
      'fe01.contoso.net',
      '--use',
      'Default,WebServicesInternal,WebServicesExternal',
    ],
    { now: fixtureNow },
  );
  assert.equal(relaxed.exitCode, 2, 'two --server for one --cert… is a usage error');
  const warnOnly = [
    'check',
    'examples/contoso.yaml',
    '--server',
    'dir01.contoso.net',
    '--use',
    'Default',
    '--cert',
    f('dir01-default'),
    '--ca',
    'test/fixtures/root-ca.pem',
  ];
  assert.equal(
    (await runUccert([...warnOnly, '--now', '2026-06-01T12:00:00Z'], { now: fixtureNow })).exitCode,
    1,
  );
  const rp = [
    'check',
    'examples/contoso.yaml',
    '--server',
    'reverse-proxy',
    '--use',
    'ReverseProxy',
    '--cert',
    f('reverse-proxy'),
    '--ca',
    'test/fixtures/root-ca.pem',
  ];
  assert.equal((await runUccert(rp, { now: fixtureNow })).exitCode, 0);
  // On 2026-12-20 the right fe01 certificate (notAfter 2027-01-01) only expires soon: a warning,
  // which fails only with --fail-on warning, and which a 5-day window does not raise.
  const soon = await runUccert(
    [
      'check',
      'examples/contoso.yaml',
      '--server',
      'fe01.contoso.net',
      '--use',
      'Default',
      '--cert',
      f('fe01-combined'),
      '--ca',
      'test/fixtures/root-ca.pem',
      '--now',
      '2026-12-20T00:00:00Z',
    ],
    { now: fixtureNow },
  );
  assert.deepEqual([soon.exitCode, /EXPIRES_SOON/.test(soon.stdout)], [0, true]);
  const failing = await runUccert(
    [
      'check',
      'examples/contoso.yaml',
      '--server',
      'fe01.contoso.net',
      '--use',
      'Default',
      '--cert',
      f('fe01-combined'),
      '--ca',
      'test/fixtures/root-ca.pem',
      '--now',
      '2026-12-20T00:00:00Z',
      '--fail-on',
      'warning',
    ],
    { now: fixtureNow },
  );
  assert.equal(failing.exitCode, 1);
  const quiet = await runUccert(
    [
      'check',
      'examples/contoso.yaml',
      '--server',
      'fe01.contoso.net',
      '--use',
      'Default',
      '--cert',
      f('fe01-combined'),
      '--ca',
      'test/fixtures/root-ca.pem',
      '--now',
      '2026-12-20T00:00:00Z',
      '--warn-days',
      '5',
      '--fail-on',
      'warning',
    ],
    { now: fixtureNow },
  );
  assert.equal(quiet.exitCode, 0);
});

test('check: an unknown server or use names what the topology has', async () => {
  const server = await runUccert([
    'check',
    'examples/contoso.yaml',
    '--server',
    'fe09.contoso.net',
    '--use',
    'Default',
    '--cert',
    f('fe01-combined'),
  ]);
  assert.equal(server.exitCode, 2);
  assert.match(
    server.stderr,
    /server "fe09\.contoso\.net" is not in the topology \(known: fe01\.contoso\.net, /,
  );
  const use = await runUccert([
    'check',
    'examples/contoso.yaml',
    '--server',
    'med01.contoso.net',
    '--use',
    'WebServicesExternal',
    '--cert',
    f('med01-default'),
  ]);
  assert.equal(use.exitCode, 2);
  assert.match(
    use.stderr,
    /med01\.contoso\.net has no certificate use "WebServicesExternal" in this topology \(its uses: Default\)/,
  );
});
