// Commands that read or change what earlier commands stored, run on a home with no store: each
// says so (exit 2, naming the home and what to run first) and leaves no empty store behind.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { makeCsr, makeLab, runWithHome, scrubVarying } from './ca-test-support.js';
import { assertGolden } from './support/golden.js';

const thumbprint = 'AB'.repeat(20);
const noLabCa = 'there is no lab CA in';
const noStore = 'there is no uccert store in';

test('no store: read-only and CA commands refuse, and create nothing', async () => {
  const lab = makeLab('no-store');
  const scrub = scrubVarying(lab.dir);
  const csr = makeCsr(lab.dir, 'x', '/CN=x.contoso.net', null);
  const cases: [string, string[], string, string][] = [
    ['client-cert-list-no-store', ['client-cert', 'list'], noStore, '`uccert ca init`'],
    ['client-cert-issue-no-store', ['client-cert', 'issue', 'sip:alice@contoso.com'], noLabCa, 'ca init'],
    ['client-cert-revoke-no-store', ['client-cert', 'revoke', thumbprint], noLabCa, 'ca init'],
    ['ca-issue-no-store', ['ca', 'issue', csr], noLabCa, 'ca init'],
    ['ca-revoke-no-store', ['ca', 'revoke', thumbprint], noLabCa, 'ca init'],
    ['ca-crl-no-store', ['ca', 'crl'], noLabCa, 'ca init'],
    [
      'set-no-store',
      ['set', '--server', 'fe01.contoso.net', '--type', 'Default', '--thumbprint', thumbprint],
      noStore,
      '`uccert import FILE` or `uccert request --new`',
    ],
    [
      'remove-no-store',
      ['remove', '--server', 'fe01.contoso.net', '--type', 'Default'],
      noStore,
      '`uccert set`',
    ],
    [
      'export-no-store',
      ['export', thumbprint, '--out', `${lab.dir}/x.pem`, '--format', 'pem'],
      noStore,
      '`uccert import FILE` or `uccert request --new`',
    ],
    ['request-list-no-store', ['request', '--list'], noStore, '`uccert request --new`'],
    [
      'request-local-no-store',
      [
        'request',
        '--new',
        '--type',
        'Default',
        '--server',
        'fe01.contoso.net',
        '--topology',
        'examples/contoso.yaml',
        '--ca',
        'local',
      ],
      noLabCa,
      'ca init',
    ],
  ];
  for (const [name, args, message, firstStep] of cases) {
    const t = await runWithHome(lab.home, args);
    assertGolden(name, t, scrub);
    assert.equal(t.exitCode, 2, `${name}: ${t.stderr}`);
    assert.equal(t.stderr.split('\n')[0], `uccert: ${message} "${lab.home}"`, name);
    assert.ok(t.stderr.includes(firstStep), `${name}: ${t.stderr}`);
    assert.equal(existsSync(lab.home), false, `${name} created ${lab.home}`);
  }
});
