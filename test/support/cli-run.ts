// Runs the CLI in process, as a user would from the repository root, and captures what it prints.

import { runCli } from '../../src/cli/main.js';
import { repoRoot } from './repo.js';

export interface Transcript {
  readonly args: readonly string[];
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: Buffer;
  /** The fixed clock; tests never read the real one. */
  readonly now?: Date;
}

/** The clock the fixtures were built around (test/fixtures/make-fixtures.sh). */
export const fixtureNow = new Date('2026-06-01T12:00:00Z');

export async function runUccert(args: readonly string[], options: RunOptions = {}): Promise<Transcript> {
  let stdout = '';
  let stderr = '';
  const now = options.now ?? fixtureNow;
  const exitCode = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => options.stdin ?? Buffer.alloc(0),
    env: { ...options.env },
    now: () => new Date(now.getTime()),
    cwd: repoRoot,
  });
  return { args, stdout, stderr, exitCode };
}
