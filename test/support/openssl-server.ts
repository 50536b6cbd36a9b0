// A real `openssl s_server` for mutual-TLS tests. s_server cannot bind port 0 and report it, so it
// gets a random port on a random 127.x.y.z address (other helpers' tests run beside ours), retried
// a few times when the address is taken. Stopped by the test.

import { type ChildProcess, spawn } from 'node:child_process';

export interface RunningOpensslServer {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

function randomLoopback(): string {
  const octet = () => 1 + Math.floor(Math.random() * 250);
  return `127.${octet()}.${octet()}.${octet()}`;
}

/** Starts `openssl s_server -accept HOST:PORT ARGS…` and resolves once it listens. */
export async function startOpensslServer(args: readonly string[]): Promise<RunningOpensslServer> {
  let lastError = '';
  for (let attempt = 0; attempt < 6; attempt++) {
    const host = randomLoopback();
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    const child: ChildProcess = spawn('openssl', ['s_server', '-accept', `${host}:${port}`, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const started = await new Promise<boolean>((resolve) => {
      let output = '';
      const timer = setTimeout(() => resolve(false), 10_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('ACCEPT')) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => {
        lastError += chunk.toString();
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (started) {
      return {
        host,
        port,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    child.kill('SIGKILL');
  }
  throw new Error(`openssl s_server did not start: ${lastError}`);
}
