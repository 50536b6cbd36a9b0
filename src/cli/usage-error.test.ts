// explainUsageError against what node:util parseArgs really throws, so a Node upgrade that
// rewords its messages shows up here rather than as a raw multi-line message to users.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from 'node:util';
import { explainUsageError } from './usage-error.js';

function reasonFor(args: string[]): string {
  try {
    parseArgs({
      args,
      options: { timeout: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  assert.fail(`parseArgs accepted ${args.join(' ')}`);
}

test('each parseArgs refusal becomes one line naming the flag, and a hint', () => {
  const cases: [string[], string, string][] = [
    [['--nope'], 'probe: "--nope" is not an option of uccert probe', 'uccert probe --help'],
    [['-contoso.com'], 'probe: "-contoso.com" is not an option of uccert probe', 'goes after --'],
    [['--timeout'], 'probe: --timeout needs a value', '--timeout VALUE'],
    [['--timeout', '-1'], 'probe: --timeout needs a value, but is followed by "-1"', 'write --timeout=-1'],
    [['--json=yes'], 'probe: --json takes no value', 'write --json alone'],
  ];
  for (const [args, message, hint] of cases) {
    const error = explainUsageError(reasonFor(args), 'probe', args);
    assert.ok(error.message.startsWith(message), `${args.join(' ')}: ${error.message}`);
    assert.ok(!error.message.includes('\n'), error.message);
    assert.ok(error.hint.includes(hint), `${args.join(' ')}: ${error.hint}`);
    assert.equal(error.exitCode, 2);
  }
});

test('a message it does not know keeps its first line', () => {
  const error = explainUsageError('Something new.\nMore detail.', 'plan', []);
  assert.equal(error.message, 'plan: Something new.');
  assert.equal(error.hint, 'run `uccert plan --help` for its options');
});
