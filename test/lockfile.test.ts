// The lockfile is complete for every platform (issue 9, item 23): each optional dependency of a
// locked package (biome's per-platform binaries, for one) is locked too, so `npm ci` succeeds on
// Windows and macOS management hosts as well as on this Linux machine.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { repoPath } from './support/repo.js';

interface LockedPackage {
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly os?: readonly string[];
}

test('every optional dependency in package-lock.json is locked, whatever platform it is for', () => {
  const lock = JSON.parse(readFileSync(repoPath('package-lock.json'), 'utf8')) as {
    packages: Readonly<Record<string, LockedPackage>>;
  };
  const missing: string[] = [];
  const platforms = new Set<string>();
  for (const [path, locked] of Object.entries(lock.packages)) {
    for (const os of locked.os ?? []) platforms.add(os);
    for (const name of Object.keys(locked.optionalDependencies ?? {})) {
      const nested = `${path === '' ? '' : `${path}/`}node_modules/${name}`;
      if (lock.packages[nested] === undefined && lock.packages[`node_modules/${name}`] === undefined) {
        missing.push(`${path || '(root)'} → ${name}`);
      }
    }
  }
  assert.deepEqual(missing, []);
  for (const os of ['win32', 'darwin', 'linux']) assert.ok(platforms.has(os), `no package for ${os}`);
});
