// Binds the console to an address: loopback by default; elsewhere only with a token (printed, or
// $UCCERT_TOKEN). Returns its URL and a close() that ends every connection and the listener.

import { randomBytes } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { serve } from '@hono/node-server';
import { environmentError } from '../errors.js';
import { type ConsoleOptions, createConsoleApp } from './console-app.js';
import { allowedHostsFor, isLoopbackAddress } from './serve-security.js';

export interface ConsoleBinding {
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
  /** $UCCERT_TOKEN, if set. */
  readonly token: string | undefined;
}

export interface RunningConsole {
  readonly url: string;
  /** The URL to open: with ?token= off loopback. */
  readonly openUrl: string;
  readonly token: string | null;
  /** Resolves once the documents the page loads first are computed and cached (read-cache.ts). */
  readonly warmed: Promise<void>;
  close(): Promise<void>;
}

/** What the page asks for on load: computed once at start, so the first visit finds them ready. */
const firstLoad = ['/api/deployment'];

function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startConsole(
  binding: ConsoleBinding,
  options: Omit<ConsoleOptions, 'guards'>,
): Promise<RunningConsole> {
  const loopback = isLoopbackAddress(binding.host);
  const token = loopback
    ? null
    : binding.token !== undefined && binding.token !== ''
      ? binding.token
      : newSecret();
  const csrfToken = newSecret();
  // The Host check needs the port, known only once bound: the guards read it through this box.
  const bound = { port: binding.port };
  const hosts = () => allowedHostsFor(binding.host, bound.port);
  let allowed = hosts();
  const app = createConsoleApp({
    ...options,
    guards: {
      get allowedHosts() {
        return allowed;
      },
      token,
      csrfToken,
    },
  });
  const sockets = new Set<Socket>();
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: binding.host, port: binding.port }, () => resolve(s));
    s.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        environmentError(
          'SERVE_FAILED',
          `cannot listen on ${binding.host} port ${binding.port} (${error.code ?? error.message})`,
          binding.port === 0
            ? 'check that this address exists on this machine'
            : `free port ${binding.port}, or give another with --port`,
        ),
      ),
    );
    s.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
  });
  bound.port = (server.address() as AddressInfo).port;
  allowed = hosts();
  const url = `http://${urlHost(binding.host)}:${bound.port}/`;
  const hostHeader = `${urlHost(binding.host)}:${bound.port}`;
  const warmed = (async () => {
    for (const path of firstLoad) {
      const response = await app.fetch(
        new Request(`${url}${path.slice(1)}`, {
          headers: { host: hostHeader, ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
        }),
      );
      await response.arrayBuffer();
    }
  })().catch(() => undefined);
  return {
    url,
    openUrl: token === null ? url : `${url}?token=${encodeURIComponent(token)}`,
    token,
    warmed,
    close: async () => {
      await warmed;
      await options.scans.idle().catch(() => undefined);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
