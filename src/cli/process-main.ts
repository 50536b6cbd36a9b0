// Binds the real world (process streams, environment, clock) once, and runs the CLI.

import { clockFromEnv } from './io.js';
import { runCli } from './main.js';
import { guardOutput } from './output-streams.js';

/**
 * Past this, reading stops: no input uccert reads from stdin comes near it, and a command that
 * gets more refuses it by its own, smaller limit (show: 16 MiB). Without the cap,
 * `cat /dev/zero | uccert show -` would fill memory before any check ran.
 */
const maxStdinBytes = 64 * 1024 * 1024;

async function readAllStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    total += (chunk as Buffer).length;
    if (total > maxStdinBytes) break;
  }
  return Buffer.concat(chunks);
}

// Write errors on stdout/stderr arrive as stream events, after the command may have returned.
const output = guardOutput(process.stdout, process.stderr, (code) => {
  process.exitCode = output.exitCodeFor(code);
});

// Read when a command first asks for the time, so that a bad UCCERT_NOW is reported by runCli
// (exit 2, and the error document with --json) instead of ending the process before it.
let clock: (() => Date) | undefined;

const code = await runCli(process.argv.slice(2), {
  stdout: output.stdout,
  stderr: output.stderr,
  readStdin: readAllStdin,
  env: process.env,
  now: () => {
    clock ??= clockFromEnv(process.env);
    return clock();
  },
  cwd: process.cwd(),
  ...(process.stderr.isTTY ? { stderrTerminal: process.stderr } : {}),
});
process.exitCode = output.exitCodeFor(code);
