import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCarriedSubject } from './carried-subject.js';

test('the subject fields but the CN carry over, quoted values included', () => {
  assert.deepEqual(
    parseCarriedSubject('CN=pool01.contoso.net, OU=Lync, O="Contoso, Ltd.", L=Redmond, S=WA, C=US'),
    {
      organizationalUnit: 'Lync',
      organization: 'Contoso, Ltd.',
      locality: 'Redmond',
      state: 'WA',
      country: 'US',
    },
  );
  assert.deepEqual(parseCarriedSubject('CN=sip.contoso.com'), {});
  assert.deepEqual(parseCarriedSubject('CN=a, OU=First, OU=Second, O="Say ""hi"""'), {
    organizationalUnit: 'First',
    organization: 'Say "hi"',
  });
});
