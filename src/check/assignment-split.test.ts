import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AssignmentSplitInput, checkAssignmentSplit } from './assignment-split.js';

const a = 'A'.repeat(40);
const b = 'B'.repeat(40);
const c = 'C'.repeat(40);
const uses = ['AccessEdgeExternal', 'DataEdgeExternal', 'AudioVideoAuthentication'];

/** [case, current per use, new thumbprint, expected: null or the uses it says are replaced]. */
const cases: readonly [string, AssignmentSplitInput['current'], string, string | null][] = [
  ['nothing assigned yet', {}, a, null],
  [
    'all uses hold the same certificate (a renewal)',
    { AccessEdgeExternal: b, DataEdgeExternal: b, AudioVideoAuthentication: b },
    a,
    null,
  ],
  ['only one use holds a certificate', { AudioVideoAuthentication: b }, a, null],
  [
    'two certificates merged into a third',
    { AccessEdgeExternal: b, DataEdgeExternal: b, AudioVideoAuthentication: c },
    a,
    'AccessEdgeExternal, DataEdgeExternal, AudioVideoAuthentication',
  ],
  [
    'the A/V certificate taken over by the access one',
    { AccessEdgeExternal: b, DataEdgeExternal: b, AudioVideoAuthentication: c },
    b,
    'AudioVideoAuthentication',
  ],
  [
    'two certificates, one use empty',
    { AccessEdgeExternal: b, AudioVideoAuthentication: c },
    a,
    'AccessEdgeExternal, AudioVideoAuthentication',
  ],
];

for (const [name, current, thumbprint, replaced] of cases) {
  test(`ASSIGNMENT_SPLIT: ${name}`, () => {
    const finding = checkAssignmentSplit({ server: 'edge01.contoso.net', uses, current, thumbprint });
    if (replaced === null) {
      assert.equal(finding, null);
      return;
    }
    assert.ok(finding !== null);
    assert.equal(finding.code, 'ASSIGNMENT_SPLIT');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.target, `edge01.contoso.net/${uses.join(',')}`);
    assert.ok(finding.message.endsWith(`it replaces ${replaced}`), finding.message);
    // The fix names one `uccert set` per use that holds a certificate, with the thumbprint it holds.
    for (const [use, held] of Object.entries(current)) {
      assert.ok(finding.fix.includes(`--type ${use} --thumbprint ${held}`), finding.fix);
    }
    assert.ok(finding.sources.length > 0);
  });
}
