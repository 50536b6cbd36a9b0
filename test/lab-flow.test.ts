// The whole lab flow in one test, as an administrator would run it for Contoso: `ca init`, then
// `request --ca local` for every certificate the plan lists (every server and use, the Edge pool's
// shared certificates, OAuth, the reverse proxy), `set` each on every server it is planned for,
// `get`, and `check` on the store's assignments with the lab root trusted finds no error.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeLab, openssl, runWithHome, thumbprintOf } from './ca-test-support.js';
import { runUccert } from './support/cli-run.js';
import { repoPath } from './support/repo.js';

const topology = 'examples/contoso.yaml';

interface PlannedCertificateJson {
  readonly uses: string[];
  readonly servers: string[];
  readonly scope: string;
  readonly names: string[];
}

interface PlanJson {
  readonly requirements: { server: string; use: string }[];
  readonly certificates: PlannedCertificateJson[];
}

test('lab flow: ca init → request --ca local for every planned certificate → set → get → check finds nothing wrong', async (t) => {
  const lab = makeLab('lab-flow');
  const init = await runWithHome(lab.home, ['ca', 'init', '--name', 'Contoso Lab CA', '--out-dir', lab.dir]);
  assert.equal(init.exitCode, 0, init.stderr);
  const plan = JSON.parse((await runUccert(['plan', topology, '--json'])).stdout) as PlanJson;
  assert.ok(plan.certificates.length >= 10, 'the Contoso plan lists every role');

  let assignedUses = 0;
  for (const planned of plan.certificates) {
    // OAuthTokenIssuer is one global certificate; everything else is requested for its first server.
    const global = planned.scope === 'deployment' && planned.uses.includes('OAuthTokenIssuer');
    const requestServer = global ? 'global' : planned.servers[0]!;
    const request = await runWithHome(lab.home, [
      'request',
      '--new',
      '--type',
      planned.uses.join(','),
      '--server',
      requestServer,
      '--topology',
      topology,
      '--ca',
      'local',
      '--json',
    ]);
    assert.equal(request.exitCode, 0, `${planned.uses.join(',')} on ${requestServer}: ${request.stderr}`);
    const issued = JSON.parse(request.stdout) as { certificate: { alternativeNames: string[] } };
    // The issued certificate carries exactly the planned names, in the planned order.
    assert.deepEqual(issued.certificate.alternativeNames, planned.names);
    const thumbprint = thumbprintOf(request);
    // A pool-wide certificate (the Edge pool's) goes on every member with the same key.
    for (const server of global ? ['global'] : planned.servers) {
      const set = await runWithHome(lab.home, [
        'set',
        '--server',
        server,
        '--type',
        planned.uses.join(','),
        '--thumbprint',
        thumbprint,
        '--topology',
        topology,
      ]);
      assert.equal(set.exitCode, 0, `set ${server} ${planned.uses.join(',')}: ${set.stdout}${set.stderr}`);
      const members = global ? ['global'] : planned.servers;
      const pending = members.slice(members.indexOf(server) + 1);
      if (planned.uses.includes('AudioVideoAuthentication') && pending.length > 0) {
        // Until every Edge pool member holds it, set names the members still missing it.
        assert.match(
          set.stdout,
          new RegExp(`warning: every member of Edge pool .*${pending[0]} \\(none assigned\\)`),
        );
      } else {
        assert.doesNotMatch(set.stdout, /warning:|WARNING/, set.stdout);
      }
      assignedUses += planned.uses.length;
    }
  }
  // Every requirement of the plan (server × use) is now assigned.
  assert.equal(assignedUses, plan.requirements.length);

  const get = await runWithHome(lab.home, ['get', '--json']);
  assert.equal(get.exitCode, 0, get.stderr);
  const report = JSON.parse(get.stdout) as {
    assignments: { server: string; use: string; certificate: { thumbprint: string; use: string[] } }[];
    history: { action: string }[];
  };
  assert.equal(report.assignments.length, plan.requirements.length);
  assert.equal(report.history.length, plan.requirements.length);
  assert.ok(report.history.every((h) => h.action === 'set'));
  // Both Edge pool members hold the same A/V certificate.
  const av = report.assignments.filter((a) => a.use === 'AudioVideoAuthentication');
  assert.equal(av.length, 2);
  assert.equal(av[0]!.certificate.thumbprint, av[1]!.certificate.thumbprint);

  // check trusts the lab root; the issuing CA comes beside it, as a server would send it.
  const trust = join(lab.dir, 'lab-ca.pem');
  writeFileSync(
    trust,
    readFileSync(join(lab.dir, 'root.pem'), 'utf8') + readFileSync(join(lab.dir, 'issuing.pem'), 'utf8'),
  );
  const check = await runWithHome(lab.home, ['check', repoPath(topology), '--ca', trust, '--json']);
  const findings = (JSON.parse(check.stdout) as { findings?: { severity: string; code: string }[] }).findings;
  const errors = JSON.stringify(check.stdout.match(/"severity": "error"[^}]*/g) ?? []);
  assert.equal(check.exitCode, 0, `check found errors: ${errors}\n${check.stderr}`);
  assert.doesNotMatch(check.stdout, /"severity": "error"/);
  // Nothing wrong at all: no warning either (a lab certificate needs none of them).
  assert.deepEqual(
    findings?.map((f) => `${f.severity} ${f.code}`),
    [],
  );
  t.diagnostic(
    `${plan.certificates.length} certificates, ${assignedUses} assignments; findings: ${findings?.length ?? 'n/a'}`,
  );

  // openssl agrees that an issued certificate chains to the lab root.
  const some = report.assignments[0]!;
  const exported = join(lab.dir, 'some.pem');
  const exportRun = await runWithHome(lab.home, [
    'export',
    some.certificate.thumbprint,
    '--out',
    exported,
    '--format',
    'pem',
  ]);
  assert.equal(exportRun.exitCode, 0, exportRun.stderr);
  const verify = openssl([
    'verify',
    '-CAfile',
    join(lab.dir, 'root.pem'),
    '-untrusted',
    join(lab.dir, 'issuing.pem'),
    exported,
  ]);
  assert.equal(verify.status, 0, verify.stderr);
});
