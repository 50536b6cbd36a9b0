// A real DNS server for the discover tests: Debian's dnsmasq on 127.0.0.1 and a free port, answering
// only from its command line (--no-resolv --no-hosts), authoritative for the zones it is given
// (--local, so unknown names are NXDOMAIN rather than forwarded). Stopped by the test.

import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** Debian installs it in /usr/sbin, which a non-root PATH may lack. */
const dnsmasqPath = existsSync('/usr/sbin/dnsmasq') ? '/usr/sbin/dnsmasq' : 'dnsmasq';

export interface DnsZoneRecords {
  /** dnsmasq --host-record values: `name,address[,address]`. */
  readonly hosts?: readonly string[];
  /** --srv-host values: `_service._proto.domain,target,port,priority,weight`. */
  readonly srv?: readonly string[];
  /** --cname values: `alias,target`. */
  readonly cnames?: readonly string[];
  /** Domains dnsmasq answers for alone (NXDOMAIN for the names it does not know). */
  readonly localDomains: readonly string[];
}

export interface RunningDnsServer {
  readonly address: string;
  readonly port: number;
  /** `127.0.0.1:PORT`, for --dns-server. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** A port free for both UDP and TCP on 127.0.0.1 (dnsmasq listens on both). */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port for dnsmasq');
}

export async function startDnsServer(zone: DnsZoneRecords): Promise<RunningDnsServer> {
  const port = await freePort();
  const args = [
    '--keep-in-foreground',
    '--no-resolv',
    '--no-hosts',
    '--no-daemon',
    '--conf-file=/dev/null',
    '--bind-interfaces',
    '--listen-address=127.0.0.1',
    `--port=${port}`,
    '--pid-file=',
    '--user=',
    ...zone.localDomains.map((d) => `--local=/${d}/`),
    ...(zone.hosts ?? []).map((h) => `--host-record=${h}`),
    ...(zone.srv ?? []).map((s) => `--srv-host=${s}`),
    ...(zone.cnames ?? []).map((c) => `--cname=${c}`),
  ];
  const child: ChildProcess = spawn(dnsmasqPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('error', () => undefined);
  await waitUntilAnswering(port, exited, () => stderr);
  return {
    address: '127.0.0.1',
    port,
    endpoint: `127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Asks for a name until dnsmasq answers (NXDOMAIN counts), or fails with its stderr. */
async function waitUntilAnswering(
  port: number,
  exited: Promise<number | null>,
  stderr: () => string,
): Promise<void> {
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  let done = false;
  void exited.then(() => {
    done = true;
  });
  for (let attempt = 0; attempt < 50 && !done; attempt++) {
    try {
      await resolver.resolve4('ready.invalid');
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA' || code === 'EREFUSED' || code === 'ESERVFAIL') return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`dnsmasq did not start on 127.0.0.1:${port}: ${stderr().trim() || 'no answer'}`);
}

/** A UDP "DNS server" on loopback that reads questions and never answers: the timeout case. */
export async function startSilentDnsServer(): Promise<RunningDnsServer> {
  const socket = createSocket('udp4');
  socket.on('message', () => undefined);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  return {
    address: '127.0.0.1',
    port,
    endpoint: `127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
