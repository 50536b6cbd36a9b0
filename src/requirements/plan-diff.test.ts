import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTopologyOrThrow } from '../topology/parse-topology.js';
import { diffPlans } from './plan-diff.js';
import { defaultPlanOptions } from './plan-model.js';
import { planRequirements } from './plan-requirements.js';

const base = {
  version: 1,
  product: 'sfb2019',
  sipDomains: ['contoso.com'],
  simpleUrls: { meet: ['https://meet.contoso.com'], dialin: 'https://dialin.contoso.com' },
  pools: [{ fqdn: 'se01.contoso.net', role: 'frontEnd', edition: 'standard' }],
};

test('diffPlans: a second SIP domain gains names; a removed pool loses its uses', () => {
  const before = planRequirements(parseTopologyOrThrow(base, 'a'), defaultPlanOptions);
  const after = planRequirements(
    parseTopologyOrThrow(
      {
        ...base,
        sipDomains: ['contoso.com', 'fabrikam.com'],
        simpleUrls: { ...base.simpleUrls, meet: ['https://meet.contoso.com', 'https://meet.fabrikam.com'] },
      },
      'b',
    ),
    defaultPlanOptions,
  );
  const changes = diffPlans(before, after);
  const web = changes.find((c) => c.server === 'se01.contoso.net' && c.use === 'WebServicesExternal');
  assert.deepEqual(web?.gained, ['meet.fabrikam.com']);
  assert.deepEqual(web?.lost, []);
  assert.deepEqual(diffPlans(after, after), []);
  const gone = diffPlans(
    before,
    planRequirements(parseTopologyOrThrow({ ...base, pools: [] }, 'c'), defaultPlanOptions),
  );
  assert.ok(gone.length > 0 && gone.every((c) => c.kind === 'removed'));
});
