// Binds the real world (process streams, environment, clock) once, and runs the CLI.

import { clockFromEnv } from './io.js';
import { runCli } from './main.js';

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

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: readAllStdin,
  env: process.env,
  now: clockFromEnv(process.env),
  cwd: process.cwd(),
  ...(process.stderr.isTTY ? { stderrTerminal: process.stderr } : {}),
});
process.exitCode = code;
