// Binds the real world (process streams, environment, clock) once, and runs the CLI.

import { clockFromEnv } from './io.js';
import { runCli } from './main.js';

async function readAllStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: readAllStdin,
  env: process.env,
  now: clockFromEnv(process.env),
  cwd: process.cwd(),
});
process.exitCode = code;
