// Issue 8.8: every uccert command line that uccert prints (the fixes of check, set and discover,
// hints, the runbooks' uccert lines) runs as printed. A lab deployment is driven through the CLI in
// a temporary working directory and home; every concrete `uccert …` line of what it printed is
// then run exactly as printed (split as a shell splits it) and must not be a usage error (exit 2)
// or a bug (70). Usage templates (FILE, FQDN, […], …) are not command lines and are counted apart.

import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../src/cli/main.js';
import {
  describePlannedRecordRequest,
  planRecordCertificateRequest,
} from '../src/dns-records/record-certificate-request.js';
import { placeRecord } from '../src/dns-records/record-placement.js';
import { defaultPlanOptions } from '../src/requirements/plan-model.js';
import { planRequirements } from '../src/requirements/plan-requirements.js';
import { readTopologyFile } from '../src/topology/read-topology.js';
import { makeLab, testPassphrase } from './ca-test-support.js';
import { fixtureNow, type Transcript } from './support/cli-run.js';
import { makeLookup } from './support/dns-lookups.js';
import { repoPath } from './support/repo.js';

const subcommands =
  'ca|check|client-cert|demo|discover|export|get|import|plan|probe|remove|request|scan|serve|set|show|topology';
const commandPattern = new RegExp(
  `(?:^|[\\s\`(:])uccert ((?:${subcommands})(?=[\\s\`;),.]|$)[^\`\\n;()]*)`,
  'gm',
);
/** Placeholders of a usage template: not a command line to paste. */
const templatePattern = /…|<|\[|\||\b(?:FILE|FQDN|DIR|PORT|N|TOPOLOGY|ISO|X|THUMBPRINT|SERIAL|URL)\b/;

/** Every `uccert …` command line in a text, without the trailing sentence punctuation. */
export function collectPrintedCommands(text: string): string[] {
  return [...text.matchAll(commandPattern)].map((m) => (m[1] ?? '').replace(/[\s.,]+$/, ''));
}

/** Splits a command line as a POSIX shell does for these (spaces; double quotes group). */
function splitAsShell(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

test('collectPrintedCommands finds commands in fixes, hints and backticks, and leaves the prose', () => {
  assert.deepEqual(
    collectPrintedCommands(
      [
        '  or: uccert request --new --type Default --server fe01.contoso.net --output fe01.csr',
        'It is listed in the next CRL: run `uccert ca crl` to sign and publish it.',
        'see what is assigned with `uccert get --server fe01.contoso.net`',
        '# on the reverse proxy: uccert plan examples/contoso.yaml --format certreq --server reverse-proxy',
        'planned by uccert from examples/contoso.yaml.',
      ].join('\n'),
    ),
    [
      'request --new --type Default --server fe01.contoso.net --output fe01.csr',
      'ca crl',
      'get --server fe01.contoso.net',
      'plan examples/contoso.yaml --format certreq --server reverse-proxy',
    ],
  );
  assert.deepEqual(splitAsShell('request --domain-name "a.contoso.com,b.contoso.com" --x'), [
    'request',
    '--domain-name',
    'a.contoso.com,b.contoso.com',
    '--x',
  ]);
});

test('issue 8.8: every uccert command line printed by check, set, discover, request, import, remove, plan and ca runs as printed', async (context) => {
  const lab = makeLab('printed-commands');
  // The working directory of the administrator: the topology where the printed lines say it is.
  const work = join(lab.dir, 'work');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(work);
  symlinkSync(repoPath('examples'), join(work, 'examples'));
  symlinkSync(repoPath('test'), join(work, 'test'));
  const env = { UCCERT_HOME: lab.home, UCCERT_PASSPHRASE: testPassphrase };
  const run = async (args: readonly string[], at: Date = fixtureNow): Promise<Transcript> => {
    let stdout = '';
    let stderr = '';
    const exitCode = await runCli(args, {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      readStdin: async () => Buffer.alloc(0),
      env,
      now: () => new Date(at.getTime()),
      cwd: work,
    });
    return { args, stdout, stderr, exitCode };
  };
  const printed: string[] = [];
  const record = (t: Transcript): Transcript => {
    printed.push(t.stdout, t.stderr);
    return t;
  };
  const topology = 'examples/contoso.yaml';
  const webUses = 'Default,WebServicesInternal,WebServicesExternal';

  record(await run(['ca', 'init', '--name', 'Contoso Lab CA']));
  const issued = record(
    await run([
      'request',
      '--new',
      '--type',
      webUses,
      '--server',
      'fe01.contoso.net',
      '--topology',
      topology,
      '--ca',
      'local',
      '--json',
    ]),
  );
  assert.equal(issued.exitCode, 0, issued.stderr);
  const fe01 = (JSON.parse(issued.stdout) as { certificate: { thumbprint: string } }).certificate.thumbprint;
  record(
    await run([
      'request',
      '--new',
      '--type',
      webUses,
      '--server',
      'fe01.contoso.net',
      '--topology',
      topology,
      '--ca',
      'local',
    ]),
  );
  record(
    await run([
      'request',
      '--new',
      '--type',
      webUses,
      '--server',
      'fe02.contoso.net',
      '--topology',
      topology,
      '--output',
      'fe02.csr',
    ]),
  );
  assert.equal(record(await run(['export', fe01, '--out', 'fe01.pem', '--format', 'pem'])).exitCode, 0);
  // check: fe01's certificate on fe02 lacks fe02's names; the fixes name the request to make.
  const check = record(
    await run(['check', topology, '--server', 'fe02.contoso.net', '--use', webUses, '--cert', 'fe01.pem']),
  );
  assert.equal(check.exitCode, 1, check.stdout);
  // set: refused for the same reasons, with the same fixes; then a roll in the past, and one pending.
  record(
    await run([
      'set',
      '--server',
      'fe02.contoso.net',
      '--type',
      'Default',
      '--thumbprint',
      fe01,
      '--topology',
      topology,
    ]),
  );
  record(
    await run([
      'set',
      '--server',
      'fe01.contoso.net',
      '--type',
      webUses,
      '--thumbprint',
      fe01,
      '--roll',
      '--effective-date',
      '2026-05-01T00:00:00Z',
    ]),
  );
  record(
    await run([
      'set',
      '--server',
      'fe01.contoso.net',
      '--type',
      webUses,
      '--thumbprint',
      fe01,
      '--topology',
      topology,
    ]),
  );
  record(
    await run([
      'set',
      '--server',
      'fe01.contoso.net',
      '--type',
      'Default',
      '--thumbprint',
      fe01,
      '--roll',
      '--effective-date',
      '2026-07-01T00:00:00Z',
    ]),
  );
  record(await run(['remove', '--server', 'fe01.contoso.net', '--type', 'Default', '--previous']));
  record(await run(['check', topology]));
  // plan: the runbook's uccert line, and the certreq refusal's hint.
  record(await run(['plan', topology, '--format', 'powershell']));
  record(await run(['plan', topology, '--format', 'certreq']));
  record(await run(['plan', topology, '--domain-name', 'extra.contoso.com']));
  // the lab CA: a revocation says how to publish it.
  record(await run(['ca', 'revoke', fe01, '--reason', 'superseded']));
  // discover --topology: the fix for an SRV record whose target lacks the name (the discover
  // command renders this text; its DNS part is tested against dnsmasq in discover-dns.test.ts).
  const loaded = await readTopologyFile(topology, repoPath('.'));
  const lookup = makeLookup('_sip._tls', 'fabrikam.com', {
    srv: [{ target: 'sip.fabrikam.com', port: 443 }],
  });
  const planned = planRecordCertificateRequest({
    placement: placeRecord(
      lookup,
      loaded.topology,
      new Map([['sip.contoso.com', ['203.0.113.5']]]),
      new Map([['sip.fabrikam.com', ['203.0.113.5']]]),
    ),
    destination: lookup.spec.destination,
    topology: loaded.topology,
    plan: planRequirements(loaded.topology, defaultPlanOptions),
    missingName: 'sip.fabrikam.com',
    topologyPath: topology,
  });
  assert.equal(planned.kind, 'planned');
  if (planned.kind === 'planned') printed.push(describePlannedRecordRequest('request it', planned));

  const all = [...new Set(printed.flatMap(collectPrintedCommands))];
  const templates = all.filter((c) => templatePattern.test(c));
  const concrete = all.filter((c) => !templatePattern.test(c));
  // The scenario prints fixes, hints and runbook lines: enough of them that this test can fail.
  assert.ok(concrete.length >= 8, `only ${concrete.length} concrete command lines: ${concrete.join('\n')}`);
  assert.ok(concrete.some((c) => c.startsWith('request --new') && c.includes('--output')));
  context.diagnostic(
    `ran ${concrete.length} printed command lines:\n${concrete.map((c) => `uccert ${c}`).join('\n')}`,
  );
  const failures: string[] = [];
  for (const line of concrete) {
    const t = await run(splitAsShell(line), new Date('2026-07-02T00:00:00Z'));
    if (t.exitCode === 2 || t.exitCode === 70)
      failures.push(`uccert ${line}\n  → exit ${t.exitCode}: ${t.stderr.trim()}`);
  }
  assert.deepEqual(
    failures,
    [],
    `printed command lines that fail as printed (templates skipped: ${templates.join(' | ')})`,
  );
});
