// TLS servers on loopback for the discover and check --live tests: one port on 127.0.0.1 that
// presents a fixture certificate chosen by the SNI name, as a multi-homed Lync server would.

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:tls';
import { repoPath } from './repo.js';

export interface FixtureIdentity {
  /** The fixture's base name in test/fixtures: NAME.pem and NAME.key. */
  readonly fixture: string;
  /** Also send these fixtures after the leaf (the chain). */
  readonly chain?: readonly string[];
}

export interface RunningTlsEndpoints {
  readonly port: number;
  stop(): Promise<void>;
}

function fixtureText(name: string, dir: string): string {
  return readFileSync(repoPath(`${dir}/${name}`), 'utf8');
}

/**
 * Serves `byName[sni]`, or `fallback` when the SNI names none (or is absent), on one port of each
 * loopback address (Linux routes all of 127.0.0.0/8 to lo, so hosts can have addresses of their own).
 */
export async function startTlsEndpoints(
  byName: Readonly<Record<string, FixtureIdentity>>,
  fallback: FixtureIdentity,
  dir = 'test/fixtures',
  addresses: readonly string[] = ['127.0.0.1'],
): Promise<RunningTlsEndpoints> {
  const contextOf = (id: FixtureIdentity) => ({
    key: fixtureText(`${id.fixture}.key`, dir),
    cert: [
      fixtureText(`${id.fixture}.pem`, dir),
      ...(id.chain ?? []).map((c) => fixtureText(`${c}.pem`, dir)),
    ].join(''),
  });
  const { createSecureContext } = await import('node:tls');
  const contexts = new Map(
    Object.entries(byName).map(([name, id]) => [name.toLowerCase(), createSecureContext(contextOf(id))]),
  );
  const sockets = new Set<import('node:net').Socket>();
  const makeServer = (): Server => {
    const server = createServer({
      ...contextOf(fallback),
      SNICallback: (servername, callback) => callback(null, contexts.get(servername.toLowerCase())),
    });
    server.on('tlsClientError', () => undefined);
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    return server;
  };
  const servers: Server[] = [];
  let port = 0;
  for (const address of addresses) {
    const server = makeServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, address, resolve);
    });
    const bound = server.address();
    if (port === 0) port = typeof bound === 'object' && bound !== null ? bound.port : 0;
    servers.push(server);
  }
  return {
    port,
    stop: async () => {
      // Idle probe connections must not hold the test open.
      for (const socket of sockets) socket.destroy();
      await Promise.all(
        servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
    },
  };
}
