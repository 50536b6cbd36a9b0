// uccert plan end to end, in process: golden transcripts for the text, JSON, PowerShell and
// certreq outputs of examples/contoso.yaml, the topology XML reader, and the input errors.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeTempDir } from './ca-test-support.js';
import { runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';

const contoso = 'examples/contoso.yaml';

test('plan contoso.yaml: text, per server', async () => {
  const t = await runUccert(['plan', contoso]);
  assert.equal(t.exitCode, 0, t.stderr);
  assertGolden('plan-contoso-text', t);
});

test('plan contoso.yaml --json: exactly the Plan JSON contract', async () => {
  const t = await runUccert(['plan', contoso, '--json']);
  assert.equal(t.exitCode, 0, t.stderr);
  const plan = JSON.parse(t.stdout) as {
    requirements: Record<string, unknown>[];
    certificates: Record<string, unknown>[];
  };
  // `topology` (what was read and assumed) extends the contract (issue 10).
  assert.deepEqual(Object.keys(plan), ['requirements', 'certificates', 'topology']);
  const contract = [
    'server',
    'pool',
    'role',
    'use',
    'subject',
    'acceptedSubjects',
    'requiredNames',
    'optionalNames',
    'wildcardAllowed',
    'extendedKeyUsage',
    'exportableKey',
    'publicCa',
    'minKeySize',
    'sources',
  ];
  for (const r of plan.requirements)
    for (const key of contract) assert.ok(key in r, `requirement lacks ${key}`);
  for (const c of plan.certificates)
    for (const key of ['uses', 'subject', 'names']) assert.ok(key in c, `certificate lacks ${key}`);
  assertGolden('plan-contoso-json', t);
});

test('plan contoso.yaml --format powershell --ca: Request-/Import-/Set-CsCertificate per certificate', async () => {
  const t = await runUccert([
    'plan',
    contoso,
    '--format',
    'powershell',
    '--ca',
    'ca01.contoso.net\\Contoso Issuing CA',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  // One Set-CsCertificate per certificate, and never a thumbprint shared across certificates.
  const sets = t.stdout.match(/^Set-CsCertificate .*<THUMBPRINT-(\d+)>$/gm) ?? [];
  const ids = sets.map((s) => /<THUMBPRINT-(\d+)>/.exec(s)?.[1]);
  assert.equal(new Set(ids).size, ids.length);
  assertGolden('plan-contoso-powershell', t);
});

test('plan contoso.yaml --separate --all-sip-domain --format powershell: one type per Set-CsCertificate', async () => {
  const t = await runUccert([
    'plan',
    contoso,
    '--separate',
    '--all-sip-domain',
    '--format',
    'powershell',
    '--server',
    'fe01.contoso.net',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  assert.match(
    t.stdout,
    /-Type WebServicesExternal -ComputerFqdn "fe01.contoso.net" -AllSipDomain -FriendlyName/,
  );
  assert.doesNotMatch(t.stdout, /Set-CsCertificate -Type Default,/);
  assertGolden('plan-contoso-powershell-separate', t);
});

test('issue 8.10: plan --format certreq refuses several INF files on stdout (exit 2) and names the --out-dir command', async () => {
  const t = await runUccert(['plan', contoso, '--format', 'certreq']);
  assertGolden('plan-contoso-certreq', t);
  assert.equal(t.exitCode, 2);
  assert.equal(t.stdout, '');
  assert.match(t.stderr, /uccert plan examples\/contoso\.yaml --format certreq --out-dir certreq$/m);
});

test('issue 8.10: plan --format certreq --out-dir writes one INF per certificate, each with one [NewRequest]; enterprise-CA ones name their template', async () => {
  const dir = makeTempDir('plan-certreq');
  const t = await runUccert([
    'plan',
    contoso,
    '--format',
    'certreq',
    '--server',
    'fe01.contoso.net',
    '--out-dir',
    join(dir, 'certreq'),
  ]);
  assertGolden('plan-contoso-certreq-out-dir', t, (text) => text.split(dir).join('<TMP>'));
  assert.equal(t.exitCode, 0, t.stderr);
  const files = readdirSync(join(dir, 'certreq')).sort();
  assert.deepEqual(files, ['cert01-pool01.contoso.net.inf', 'cert02-fe01.contoso.net.inf']);
  for (const file of files) {
    const inf = readFileSync(join(dir, 'certreq', file), 'utf8');
    assert.equal(inf.match(/^\[NewRequest\]$/gm)?.length, 1, file);
    // Both are internal-CA certificates: certreq -submit to an enterprise CA needs the template.
    assert.match(inf, /^\[RequestAttributes\]\nCertificateTemplate = WebServer$/m);
  }
  const custom = await runUccert([
    'plan',
    contoso,
    '--format',
    'certreq',
    '--server',
    'reverse-proxy',
    '--template',
    'LyncWeb',
  ]);
  assert.equal(custom.exitCode, 0, custom.stderr);
  assert.match(custom.stdout, /^2\.5\.29\.17 = "\{text\}"$/m);
  assert.match(custom.stdout, /^HashAlgorithm = sha256$/m);
  // A public CA has no template: no [RequestAttributes].
  assert.doesNotMatch(custom.stdout, /RequestAttributes|CertificateTemplate/);
});

test('issue 8.9: plan --format powershell sets $pfxPassword before every Import-CsCertificate that uses it', async () => {
  const t = await runUccert(['plan', contoso, '--format', 'powershell']);
  assert.equal(t.exitCode, 0, t.stderr);
  const lines = t.stdout.split('\n');
  const uses = lines.flatMap((line, i) => (line.includes('-Password $pfxPassword') ? [i] : []));
  assert.ok(uses.length > 0);
  for (const i of uses)
    assert.match(lines[i - 1] ?? '', /^\$pfxPassword = Read-Host -Prompt "Password of cert\d+\.pfx"$/);
});

test('issue 8.11: plan output quotes Microsoft sources and plain reasons, never our design documents', async () => {
  const runs = [
    ['plan', contoso],
    ['plan', contoso, '--json'],
    ['plan', contoso, '--format', 'powershell'],
    [
      'plan',
      contoso,
      '--format',
      'certreq',
      '--server',
      'edge01.contoso.net',
      '--out-dir',
      makeTempDir('plan-docs'),
    ],
    [
      'plan',
      'test/fixtures/topology/standard-edition.xml',
      '--meet',
      'https://meet.contoso.com',
      '--dialin',
      'https://dialin.contoso.com',
    ],
  ];
  for (const args of runs) {
    const t = await runUccert(args);
    assert.equal(t.exitCode, 0, `${args.join(' ')}: ${t.stderr}`);
    assert.doesNotMatch(
      t.stdout + t.stderr,
      /architecture\.md|lync-certificate-rules|CONFLICT|§2\./,
      args.join(' '),
    );
  }
});

test('issue 8.12: plan numbers certificates in the order it shows them, and says each reason once', async () => {
  const t = await runUccert(['plan', contoso]);
  const shown = [...t.stdout.matchAll(/certificate #(\d+):/g)].map((m) => Number(m[1]));
  const firsts = shown.filter((id, i) => shown.indexOf(id) === i);
  assert.deepEqual(
    firsts,
    firsts.map((_, i) => i + 1),
  );
  const xml = await runUccert(['plan', 'test/fixtures/topology/standard-edition.xml']);
  for (const line of xml.stdout.split('\n')) {
    const reasons = /^\s+\S*\s+\S+\s+\w+: (.*) \[[^\]]*\]$/.exec(line)?.[1]?.split(' | ') ?? [];
    assert.equal(new Set(reasons).size, reasons.length, line);
  }
  assert.doesNotMatch(xml.stdout, /not given: the pool FQDN/);
});

test('plan --domain-name with a wildcard: kept off the Edge, flagged where it does not cover a name', async () => {
  const t = await runUccert(['plan', contoso, '--server', 'reverse-proxy', '--domain-name', '*.contoso.com']);
  assert.equal(t.exitCode, 0, t.stderr);
  assert.match(t.stdout, /\*\.contoso\.com does not cover meet\.fabrikam\.com/);
  assertGolden('plan-contoso-wildcard', t);
});

test('plan --domain-name without --server: exit 2, it belongs to one request as in Request-CsCertificate', async () => {
  const t = await runUccert(['plan', contoso, '--domain-name', 'extra.contoso.com,extra.fabrikam.com']);
  assert.equal(t.exitCode, 2);
  assert.equal(t.stdout, '');
  assert.match(t.stderr, /--domain-name "extra\.contoso\.com,extra\.fabrikam\.com" needs --server/);
  assert.match(t.stderr, /--server fe01\.contoso\.net --domain-name/);
  assertGolden('plan-domain-name-without-server', t);
});

test('plan --server --domain-name: the names go on the certificates of that server only, not on the global OAuth one', async () => {
  type PlanJson = {
    requirements: { server: string; use: string; optionalNames: string[] }[];
    certificates: { uses: string[]; servers: string[]; names: string[]; requestDomainNames: string[] }[];
  };
  const t = await runUccert([
    'plan',
    contoso,
    '--server',
    'fe01.contoso.net',
    '--domain-name',
    'extra.contoso.com',
    '--json',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  const plan = JSON.parse(t.stdout) as PlanJson;
  const carrying = plan.certificates.filter((c) => c.names.includes('extra.contoso.com'));
  assert.deepEqual(
    carrying.map((c) => [
      c.uses.join(','),
      c.servers.join(','),
      c.requestDomainNames.includes('extra.contoso.com'),
    ]),
    [['Default,WebServicesInternal,WebServicesExternal', 'fe01.contoso.net', true]],
  );
  const oauth = plan.certificates.find((c) => c.uses.includes('OAuthTokenIssuer'));
  assert.ok(oauth !== undefined, 'fe01 holds the global OAuthTokenIssuer certificate');
  assert.ok(!oauth.names.includes('extra.contoso.com'), oauth.names.join(', '));
  const powershell = await runUccert([
    'plan',
    contoso,
    '--server',
    'fe01.contoso.net',
    '--domain-name',
    'extra.contoso.com',
    '--format',
    'powershell',
  ]);
  const requests = powershell.stdout.split('\n').filter((l) => l.startsWith('Request-CsCertificate'));
  assert.equal(requests.filter((l) => l.includes('extra.contoso.com')).length, 1, requests.join('\n'));
  // An Edge member: the pool's shared external certificate takes the name.
  const edge = await runUccert([
    'plan',
    contoso,
    '--server',
    'edge01.contoso.net',
    '--domain-name',
    'extra.contoso.com',
    '--json',
  ]);
  const edgePlan = JSON.parse(edge.stdout) as PlanJson;
  assert.ok(
    edgePlan.certificates.some(
      (c) => c.uses.includes('AccessEdgeExternal') && c.names.includes('extra.contoso.com'),
    ),
  );
});

test('plan of an invalid topology: every problem with its key path, exit 2', async () => {
  const t = await runUccert(['plan', 'test/fixtures/topology/invalid.yaml']);
  assert.equal(t.exitCode, 2);
  assert.equal(t.stdout, '');
  assertGolden('plan-invalid-topology', t);
});

test('plan --server with an unknown FQDN: exit 2, naming the known servers', async () => {
  const t = await runUccert(['plan', contoso, '--server', 'fe09.contoso.net']);
  assert.equal(t.exitCode, 2);
  assert.match(
    t.stderr,
    /--server "fe09.contoso.net" is not a server or pool of this topology \(known: fe01\.contoso\.net/,
  );
});

test('plan of a missing file and of bad YAML: exit 2', async () => {
  const missing = await runUccert(['plan', 'test/fixtures/topology/nope.yaml']);
  assert.equal(missing.exitCode, 2);
  assert.match(missing.stderr, /cannot read topology "test\/fixtures\/topology\/nope.yaml": no such file/);
  const flags = await runUccert(['plan', contoso, '--meet', 'https://meet.contoso.com']);
  assert.equal(flags.exitCode, 2);
  assert.match(flags.stderr, /--meet completes a topology XML/);
});

test('plan of a Standard Edition topology XML with the YAML beside it: says what it read and assumed', async () => {
  const t = await runUccert([
    'plan',
    'test/fixtures/topology/standard-edition.xml',
    '--server',
    'se01.contoso.com',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  assert.match(t.stderr, /simpleUrls from test\/fixtures\/topology\/standard-edition\.yaml/);
  assertGolden('plan-xml-standard-edition', t);
});

test('plan of an Enterprise pool with a Director from topology XML, simple URLs from flags', async () => {
  const t = await runUccert([
    'plan',
    'test/fixtures/topology/enterprise-director.xml',
    '--meet',
    'https://meet.contoso.com',
    '--dialin',
    'https://dialin.contoso.com',
    '--mobility',
    '--json',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  const plan = JSON.parse(t.stdout) as {
    requirements: { server: string; role: string; use: string; requiredNames: string[] }[];
  };
  const director = plan.requirements.find(
    (r) => r.server === 'dir02.contoso.net' && r.use === 'WebServicesExternal',
  );
  assert.equal(director?.role, 'director');
  assert.ok(director?.requiredNames.includes('webdirext.contoso.com'));
  const fe = plan.requirements.find(
    (r) => r.server === 'ee01.contoso.net' && r.use === 'WebServicesInternal',
  );
  assert.ok(fe?.requiredNames.includes('eeweb.contoso.net'));
  assert.ok(plan.requirements.some((r) => r.server === 'medsvr01.contoso.net' && r.role === 'mediation'));
  assert.ok(!plan.requirements.some((r) => r.server === 'sql01.contoso.net'));
  assertGolden('plan-xml-enterprise-director', { ...t, stdout: '(JSON checked above)' });
});

test('plan of an Edge pool from topology XML: external FQDNs from the ConfiguredFqdn of the External ports', async () => {
  const t = await runUccert([
    'plan',
    'test/fixtures/topology/edge-pool.xml',
    '--meet',
    'https://meet.contoso.com',
    '--server',
    'edge02.contoso.net',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  assertGolden('plan-xml-edge-pool', t);
});

test("plan of a topology XML without simple URLs: Topology Builder's defaults, assumed, saying how to give the real ones", async () => {
  const t = await runUccert(['plan', 'test/fixtures/topology/edge-pool.xml', '--json']);
  assert.equal(t.exitCode, 0, t.stderr);
  assert.match(
    t.stderr,
    /simpleUrls\.meet: https:\/\/meet\.contoso\.com, https:\/\/meet\.fabrikam\.com \(Topology Builder's default/,
  );
  assert.match(t.stderr, /--meet\/--dialin\/--admin, simpleUrls in --extra .*, or --simple-urls FILE/);
  const plan = JSON.parse(t.stdout) as {
    topology: { assumptions: string[]; product: { value: string; from: string } };
  };
  assert.ok(
    plan.topology.assumptions.some((a) => a.startsWith('simpleUrls.dialin: https://dialin.contoso.com')),
  );
  assert.deepEqual(plan.topology.product, {
    value: 'sfb2019',
    from: 'ServiceVersion of the Registrar services in test/fixtures/topology/edge-pool.xml',
  });
});

test('plan of a file that is not a topology XML: exit 2', async () => {
  const t = await runUccert(['plan', 'test/fixtures/topology/not-topology.xml']);
  assert.equal(t.exitCode, 2);
  assert.match(t.stderr, /is not a Lync topology document/);
});

test('plan --help', async () => {
  const t = await runUccert(['plan', '--help']);
  assert.equal(t.exitCode, 0);
  assertGolden('plan-help', t);
});

test('plan with contradicting or unknown options: exit 2 with the fix', async () => {
  const both = await runUccert(['plan', contoso, '--combined', '--separate']);
  assert.equal(both.exitCode, 2);
  assert.match(both.stderr, /--combined and --separate contradict each other/);
  const format = await runUccert(['plan', contoso, '--format', 'yaml']);
  assert.equal(format.exitCode, 2);
  assert.match(
    format.stderr,
    /--format "yaml" is not a plan format \(known: text, json, powershell, certreq\)/,
  );
  const name = await runUccert([
    'plan',
    contoso,
    '--server',
    'fe01.contoso.net',
    '--domain-name',
    'meet_x.contoso.com',
  ]);
  assert.equal(name.exitCode, 2);
  assert.match(name.stderr, /--domain-name "meet_x.contoso.com" is not a host name or a wildcard/);
});

test('plan --server accepts a pool FQDN and shows the Edge certificate shared by its members', async () => {
  const t = await runUccert(['plan', contoso, '--server', 'edgepool01.contoso.net', '--json']);
  assert.equal(t.exitCode, 0, t.stderr);
  const plan = JSON.parse(t.stdout) as {
    certificates: { uses: string[]; servers: string[]; exportableKey: boolean }[];
  };
  const external = plan.certificates.find((c) => c.uses.includes('AccessEdgeExternal'));
  assert.deepEqual(external?.servers, ['edge01.contoso.net', 'edge02.contoso.net']);
  assert.equal(external?.exportableKey, true);
});

test('issue 8.15: a YAML topology with two SIP domains and one Meet URL is refused, naming the key path', async () => {
  const dir = makeTempDir('plan-meet');
  const path = join(dir, 'two-domains.yaml');
  const yaml = readFileSync('examples/contoso.yaml', 'utf8').replace(
    /meet: \[[^\]]*\]/,
    'meet: [https://meet.contoso.com]',
  );
  assert.match(yaml, /meet: \[https:\/\/meet\.contoso\.com\]/);
  writeFileSync(path, yaml);
  const t = await runUccert(['plan', path]);
  assert.equal(t.exitCode, 2);
  assert.match(t.stderr, /simpleUrls\.meet: 1 Meet URL \(https:\/\/meet\.contoso\.com\) for 2 SIP domains/);
  assert.match(t.stderr, /add one for fabrikam\.com/);
});
