import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goodRequirement } from '../../test/support/check-context.js';
import type { CheckedRequirement } from './check-context.js';

const makeRequirement = (change: Partial<CheckedRequirement>): CheckedRequirement => ({
  ...goodRequirement,
  ...change,
});

import { checkUseNotAssigned } from './use-not-assigned.js';

const fe = makeRequirement({ server: 'fe01.contoso.net', pool: 'pool01.contoso.net', use: 'Default' });
const web = makeRequirement({
  server: 'fe01.contoso.net',
  pool: 'pool01.contoso.net',
  use: 'WebServicesInternal',
});
const oauth = {
  ...makeRequirement({ server: 'fe01.contoso.net', use: 'OAuthTokenIssuer' }),
  scope: 'deployment',
};

const cases: readonly [label: string, assigned: readonly string[], expected: readonly string[]][] = [
  [
    'everything assigned',
    ['fe01.contoso.net/Default', 'fe01.contoso.net/WebServicesInternal', 'global/OAuthTokenIssuer'],
    [],
  ],
  [
    'nothing assigned: every planned use, OAuth under global',
    [],
    ['fe01.contoso.net/Default', 'fe01.contoso.net/WebServicesInternal', 'global/OAuthTokenIssuer'],
  ],
  [
    'one use missing',
    ['fe01.contoso.net/Default', 'global/OAuthTokenIssuer'],
    ['fe01.contoso.net/WebServicesInternal'],
  ],
  [
    'OAuth assigned on the Front End rather than global still counts',
    ['fe01.contoso.net/Default', 'fe01.contoso.net/WebServicesInternal', 'fe01.contoso.net/OAuthTokenIssuer'],
    [],
  ],
];

for (const [label, assigned, expected] of cases) {
  test(`USE_NOT_ASSIGNED: ${label}`, () => {
    const set = new Set(assigned.map((a) => a.toLowerCase()));
    const findings = checkUseNotAssigned({
      requirements: [fe, web, oauth],
      isAssigned: (server, use) => set.has(`${server}/${use}`.toLowerCase()),
      topologyPath: 'contoso.yaml',
    });
    assert.deepEqual(
      findings.map((f) => f.target),
      expected,
    );
    for (const f of findings) {
      assert.equal(f.code, 'USE_NOT_ASSIGNED');
      assert.equal(f.severity, 'error');
      assert.match(f.fix, /uccert set --server \S+ --type \S+ --thumbprint <thumbprint>/);
      assert.match(f.fix, /uccert request --new --type \S+ --server \S+ --topology contoso\.yaml --ca local/);
    }
  });
}

test('USE_NOT_ASSIGNED: a use an endpoint already reports is not repeated', () => {
  const findings = checkUseNotAssigned({
    requirements: [fe, web],
    isAssigned: () => false,
    topologyPath: 'contoso.yaml',
    reportedElsewhere: new Set(['fe01.contoso.net/default']),
  });
  assert.deepEqual(
    findings.map((f) => f.target),
    ['fe01.contoso.net/WebServicesInternal'],
  );
});
