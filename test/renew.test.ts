// `uccert renew` after the topology gained a SIP domain (northwind.com) and lost one (fabrikam.com):
// the new requests carry the new lyncdiscover/sip/meet names and drop the old ones, the diff says
// so with the plan's reasons, the subject fields and friendly name carry over, A/V and OAuth get a
// staged roll with the Set-CsCertificate -Roll -EffectiveDate line, the offline path is matched at
// import, every printed `uccert set` line runs, and the renewals are in the history.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { makeLab, openssl, runWithHome, scrubVarying } from './ca-test-support.js';
import type { Transcript } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { repoPath } from './support/repo.js';

const lab = makeLab('renew');
const oldTopology = repoPath('examples/contoso.yaml');
const newTopology = join(lab.dir, 'contoso-northwind.yaml');
const fe01Uses = 'Default,WebServicesInternal,WebServicesExternal';
const edgeUses = 'AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication,XmppServer';
const run = (args: readonly string[]) => runWithHome(lab.home, args);
const thumbprints: Record<string, string> = {};

async function requestAndSet(server: string, uses: string, extra: readonly string[] = []): Promise<string> {
  const t = await run([
    'request',
    '--new',
    '--topology',
    oldTopology,
    '--server',
    server,
    '--type',
    uses,
    '--ca',
    'local',
    ...extra,
    '--json',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  const thumbprint = (JSON.parse(t.stdout) as { certificate: { thumbprint: string } }).certificate.thumbprint;
  const set = await run([
    'set',
    '--server',
    server,
    '--type',
    uses,
    '--thumbprint',
    thumbprint,
    '--topology',
    oldTopology,
  ]);
  assert.equal(set.exitCode, 0, set.stdout + set.stderr);
  return thumbprint;
}

/** Runs a `uccert …` line exactly as printed (no quoting needed in these). */
async function runPrinted(lineText: string): Promise<Transcript> {
  const words = lineText.trim().split(/\s+/);
  assert.equal(words[0], 'uccert', lineText);
  return run(words.slice(1));
}

before(async () => {
  writeFileSync(
    newTopology,
    readFileSync(oldTopology, 'utf8')
      .replace('sipDomains: [contoso.com, fabrikam.com]', 'sipDomains: [contoso.com, northwind.com]')
      .replace(
        'meet: [https://meet.contoso.com, https://meet.fabrikam.com]',
        'meet: [https://meet.contoso.com, https://meet.northwind.com]',
      ),
  );
  assert.equal((await run(['ca', 'init', '--name', 'Contoso Lab CA'])).exitCode, 0);
  thumbprints.fe01 = await requestAndSet('fe01.contoso.net', fe01Uses, [
    '--organization',
    'Contoso Ltd',
    '--ou',
    'Lync',
    '--city',
    'Redmond',
    '--state',
    'Washington',
    '--country',
    'US',
    '--friendly-name',
    'FE01 2026',
  ]);
  thumbprints.edge = await requestAndSet('edge01.contoso.net', edgeUses, ['--organization', 'Contoso Ltd']);
  thumbprints.oauth = await requestAndSet('global', 'OAuthTokenIssuer');
});

test('renew --all without --ca or --output shows the name diff with reasons and writes nothing', async () => {
  const t = await run(['renew', '--topology', newTopology, '--all']);
  assert.equal(t.exitCode, 0, t.stderr);
  assertGolden('renew-preview', t, scrubVarying(lab.dir));
  assert.match(
    t.stdout,
    /\+ lyncdiscover\.northwind\.com +WebServicesExternal: external Autodiscover URL for mobility/,
  );
  assert.match(t.stdout, /- sip\.fabrikam\.com +"fabrikam\.com" is no longer a SIP domain of the topology/);
  assert.match((await run(['renew', '--list'])).stdout, /No renewals yet/);
});

interface RenewJson {
  renewals: {
    servers: string[];
    names: string[];
    gained: { name: string; why: string }[];
    lost: { name: string; why: string }[];
    carriedSubject: Record<string, string>;
    friendlyName: string | null;
    certificate: string | null;
    csr: string | null;
    roll: string | { effectiveDate: string; leadHours: number; staged: boolean };
    commands: string[];
  }[];
}

test('renew fe01 --ca local: new names from the current plan, old subject fields and friendly name kept', async () => {
  const t = await run([
    'renew',
    '--topology',
    newTopology,
    '--server',
    'fe01.contoso.net',
    '--type',
    fe01Uses,
    '--ca',
    'local',
    '--json',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  const [renewal] = (JSON.parse(t.stdout) as RenewJson).renewals;
  assert.ok(renewal !== undefined);
  assert.deepEqual(renewal.gained.map((g) => g.name).sort(), [
    'lyncdiscover.northwind.com',
    'lyncdiscoverinternal.northwind.com',
    'meet.northwind.com',
    'sip.northwind.com',
  ]);
  assert.deepEqual(renewal.lost.map((g) => g.name).sort(), [
    'lyncdiscover.fabrikam.com',
    'lyncdiscoverinternal.fabrikam.com',
    'meet.fabrikam.com',
    'sip.fabrikam.com',
  ]);
  assert.equal(renewal.friendlyName, 'FE01 2026');
  assert.equal(renewal.roll, 'none');
  // The issued certificate, read by openssl: the carried-over subject and the new SANs.
  const exported = join(lab.dir, 'fe01-renewed.pem');
  const ex = await run(['export', renewal.certificate ?? '', '--out', exported, '--format', 'pem']);
  assert.equal(ex.exitCode, 0, ex.stderr);
  const text = openssl([
    'x509',
    '-in',
    exported,
    '-noout',
    '-subject',
    '-ext',
    'subjectAltName',
    '-nameopt',
    'RFC2253',
  ]).stdout;
  assert.match(text, /subject=CN=pool01\.contoso\.net,OU=Lync,O=Contoso Ltd,L=Redmond,ST=Washington,C=US/);
  assert.match(text, /DNS:lyncdiscover\.northwind\.com/);
  assert.doesNotMatch(text, /fabrikam/);
});

test('renew the Edge (A/V) and OAuth --ca local: staged rolls with valid effective dates, and the -Roll lines', async () => {
  const edge = await run([
    'renew',
    '--topology',
    newTopology,
    '--server',
    'edge01.contoso.net',
    '--type',
    edgeUses,
    '--ca',
    'local',
  ]);
  assert.equal(edge.exitCode, 0, edge.stderr);
  assertGolden('renew-edge-roll', edge, scrubVarying(lab.dir));
  // fixtureNow 12:00 + the 8-hour A/V token lifetime.
  assert.match(edge.stdout, /staged roll-over: effective 2026-06-01T20:00:00Z \(tokens live 8 h/);
  assert.match(
    edge.stdout,
    /Set-CsCertificate -Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication,XmppServer -Thumbprint [0-9A-F]{40} -Roll -EffectiveDate "6\/1\/2026 8:00:00 PM"/,
  );
  assert.match(edge.stdout, /\+ sip\.northwind\.com/);
  const got = JSON.parse(
    (await run(['get', '--server', 'edge01.contoso.net', '--type', 'AudioVideoAuthentication', '--json']))
      .stdout,
  ) as unknown;
  assert.match(
    JSON.stringify(got),
    new RegExp(thumbprints.edge ?? 'none'),
    'the old certificate stays as the previous one',
  );
  assert.match(JSON.stringify(got), /2026-06-01T20:00:00Z/);

  const oauth = await run([
    'renew',
    '--topology',
    newTopology,
    '--server',
    'global',
    '--type',
    'OAuthTokenIssuer',
    '--ca',
    'local',
    '--json',
  ]);
  assert.equal(oauth.exitCode, 0, oauth.stderr);
  const [renewal] = (JSON.parse(oauth.stdout) as RenewJson).renewals;
  assert.deepEqual(renewal?.roll, { effectiveDate: '2026-06-02T12:00:00Z', leadHours: 24, staged: true });
  assert.match(
    renewal?.commands[0] ?? '',
    /^Set-CsCertificate -Identity global -Type OAuthTokenIssuer -Thumbprint [0-9A-F]{40} -Roll -EffectiveDate "6\/2\/2026 12:00:00 PM"$/,
  );
});

test('renew --output: the CSR for another CA; import matches the certificate to the renewal; the printed set line runs', async () => {
  const out = join(lab.dir, 'csr');
  const t = await run([
    'renew',
    '--topology',
    newTopology,
    '--server',
    'fe01.contoso.net',
    '--type',
    fe01Uses,
    '--output',
    out,
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  const csr = join(out, 'fe01.contoso.net-default-webservicesinternal-webservicesexternal.csr');
  assert.match(t.stdout, new RegExp(`wrote the request \\d+ to ${csr.replaceAll('.', '\\.')}`));
  const req = openssl(['req', '-in', csr, '-noout', '-text', '-verify', '-nameopt', 'RFC2253']);
  assert.match(
    req.stdout,
    /Subject: CN=pool01\.contoso\.net,OU=Lync,O=Contoso Ltd,L=Redmond,ST=Washington,C=US/,
  );
  assert.match(req.stdout, /DNS:sip\.northwind\.com/);
  // "Another CA": the lab CA signs the CSR as any CA would.
  const issued = join(lab.dir, 'fe01-from-ca.pem');
  assert.equal((await run(['ca', 'issue', csr, '--out', issued])).exitCode, 0);
  const imported = await run(['import', issued]);
  assert.equal(imported.exitCode, 0, imported.stderr);
  assert.match(
    imported.stdout,
    /This renews [0-9A-F]{40} on fe01\.contoso\.net \(Default,WebServicesInternal,WebServicesExternal\), request \d+ of uccert renew \(\+4 -4 names\)/,
  );
  const setLine = imported.stdout.split('\n').find((l) => l.trim().startsWith('uccert set '));
  assert.ok(setLine !== undefined, imported.stdout);
  const set = await runPrinted(`${setLine} --topology ${newTopology}`);
  assert.equal(set.exitCode, 0, set.stdout + set.stderr);
});

test('renew --list: each renewal linked to the certificate it replaced', async () => {
  const t = await run(['renew', '--list', '--json']);
  const { renewals } = JSON.parse(t.stdout) as {
    renewals: {
      replacesThumbprint: string;
      server: string;
      thumbprint: string | null;
      effectiveAt: string | null;
    }[];
  };
  assert.equal(renewals.length, 4);
  assert.deepEqual(
    renewals.map((r) => [
      r.server,
      r.replacesThumbprint ===
        (r.server === 'fe01.contoso.net'
          ? thumbprints.fe01
          : r.server === 'global'
            ? thumbprints.oauth
            : thumbprints.edge),
    ]),
    [
      ['fe01.contoso.net', true],
      ['edge01.contoso.net', true],
      ['global', true],
      ['fe01.contoso.net', true],
    ],
  );
  assert.ok(renewals.every((r) => r.thumbprint !== null));
  assert.equal(renewals[1]?.effectiveAt, '2026-06-01T20:00:00Z');
});

test('renew refuses what it cannot do, naming the fix', async () => {
  const none = await run([
    'renew',
    '--topology',
    newTopology,
    '--server',
    'fe02.contoso.net',
    '--type',
    fe01Uses,
  ]);
  assert.equal(none.exitCode, 2);
  assert.match(
    none.stderr,
    /fe02\.contoso\.net has no certificate assigned for Default,WebServicesInternal,WebServicesExternal/,
  );
  const both = await run(['renew', '--topology', newTopology, '--all', '--expiring-within', '30']);
  assert.equal(both.exitCode, 2);
  assertGolden('renew-bad-selection', both, scrubVarying(lab.dir));
  const expiring = await run(['renew', '--topology', newTopology, '--expiring-within', '30']);
  assert.equal(expiring.exitCode, 0);
  assert.match(expiring.stdout, /Nothing to renew/);
});

test('renew --ca local (text): the printed "assign it" uccert set line runs as printed', async () => {
  const t = await run([
    'renew',
    '--topology',
    newTopology,
    '--server',
    'fe01.contoso.net',
    '--type',
    fe01Uses,
    '--ca',
    'local',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  const line = /assign it: (uccert set .*)/.exec(t.stdout)?.[1];
  assert.ok(line !== undefined, t.stdout);
  const set = await runPrinted(line);
  assert.equal(set.exitCode, 0, set.stdout + set.stderr);
  assert.match(
    set.stdout,
    /Set-CsCertificate -Type Default,WebServicesInternal,WebServicesExternal -Thumbprint/,
  );
});
