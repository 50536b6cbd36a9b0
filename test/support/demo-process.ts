// `uccert demo` as a user starts it: a child process with a scratch HOME and TMPDIR, no browser
// opened, its console URL read from what it prints, stopped with SIGINT (Ctrl-C).

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath, repoRoot } from './repo.js';

export interface RunningDemo {
  readonly child: ChildProcess;
  readonly url: string;
  readonly home: string;
  readonly scratch: string;
  readonly stdout: () => string;
  readonly secondsToUrl: number;
  /** Sends SIGINT and waits for the exit code. */
  stop(): Promise<number | null>;
}

export async function startDemo(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<RunningDemo> {
  const scratch = mkdtempSync(join(tmpdir(), 'uccert-demo-e2e-'));
  const started = performance.now();
  const child = spawn(process.execPath, [repoPath('bin/uccert.js'), 'demo', '--no-open', ...args], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: join(scratch, 'home'),
      TMPDIR: scratch,
      BROWSER: 'none',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  let errors = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no console URL in 180 s:\n${text}\n${errors}`)),
      180_000,
    );
    const poll = setInterval(() => {
      const found = /^Console: (http:\/\/127\.0\.0\.1:\d+\/)\nCtrl-C to stop$/m.exec(text)?.[1];
      if (found !== undefined) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve(found);
      }
    }, 50);
    void exited.then((code) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`demo exited ${code} before printing its URL:\n${text}\n${errors}`));
    });
  });
  const secondsToUrl = (performance.now() - started) / 1000;
  const home = /^Home: (\S+) /m.exec(text)?.[1] ?? '';
  return {
    child,
    url,
    home,
    scratch,
    stdout: () => text,
    secondsToUrl,
    stop: async () => {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export function removeDemoScratch(demo: RunningDemo): void {
  rmSync(demo.scratch, { recursive: true, force: true });
}
