// The check rules are the pure core (architecture.md, "Flow of data"; issue 11, "Design"): nothing
// src/check imports, directly or through other modules, may open a socket or resolve a name.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { repoPath } from './support/repo.js';

const socketModules = /^node:(net|tls|dgram|dns|dns\/promises|http|https|http2|child_process)$/;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
}

/** Every module `entry` reaches through relative imports, with the bare ones each names. */
function closure(entries: readonly string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    const specifiers = importsOf(file);
    seen.set(file, specifiers);
    for (const s of specifiers) {
      if (s.startsWith('.')) queue.push(resolve(dirname(file), s.replace(/\.js$/, '.ts')));
    }
  }
  return seen;
}

test('core: src/check imports nothing that opens a socket (no src/net, no node:net/tls/dns)', () => {
  const dir = repoPath('src/check');
  const rules = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(dir, f));
  assert.ok(rules.length > 20);
  const offenders: string[] = [];
  for (const [file, specifiers] of closure(rules)) {
    if (file.includes('/src/net/')) offenders.push(file);
    for (const s of specifiers) if (socketModules.test(s)) offenders.push(`${file} → ${s}`);
  }
  assert.deepEqual(offenders, []);
});
