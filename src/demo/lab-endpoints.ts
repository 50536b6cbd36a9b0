// The demo's servers: one real TLS listener on 127.0.0.1 (ephemeral port) per endpoint the topology
// has (scan/scan-endpoints.ts: each server's ports, the pool and web services FQDNs), each presenting the certificate assigned in the store for that
// server and use, with its key and the issuing CA, as a Lync server does. Then the curl-style
// routes that send each HOST:PORT of the topology to its listener.

import { createPrivateKey } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { encodePem } from '../ca/pem-encoding.js';
import { environmentError } from '../errors.js';
import type { EndpointRoute } from '../net/endpoint-routes.js';
import { buildStoredChain } from '../requests/stored-chain.js';
import { listScanTargets } from '../scan/scan-endpoints.js';
import { readAssignment } from '../store/assignment-records.js';
import { findCertificateById, type StoredCertificate } from '../store/certificate-records.js';
import { openKeyring } from '../store/keyring-records.js';
import { readPrivateKeyPkcs8 } from '../store/private-key-records.js';
import type { Store } from '../store/store.js';
import type { LiveEndpoint } from '../topology/live-endpoints.js';
import type { Topology } from '../topology/model.js';

export interface RunningEndpoint {
  readonly endpoint: LiveEndpoint;
  /** The loopback port its listener took. */
  readonly port: number;
  readonly thumbprint: string;
}

export interface RunningEndpoints {
  readonly endpoints: readonly RunningEndpoint[];
  /** `--connect-to HOST:PORT:127.0.0.1:LISTENER` for every endpoint. */
  readonly routes: readonly EndpointRoute[];
  close(): Promise<void>;
}

export const loopbackAddress = '127.0.0.1';

interface ServedCertificate {
  readonly leaf: StoredCertificate;
  /** PEM: the leaf, then its issuers below the root (a server does not send the root). */
  readonly chainPem: string;
  readonly keyPem: string;
}

/** A certificate a server serves instead of the one assigned to it (the demo's drift). */
export interface ServedInstead {
  readonly server: string;
  readonly uses: readonly string[];
  readonly certificateId: number;
}

/** What each endpoint serves, read from the store's assignments (the keys unlocked once). */
function readServedCertificates(
  store: Store,
  passphrase: string,
  now: Date,
  endpoints: readonly LiveEndpoint[],
  instead: ServedInstead | null,
): ServedCertificate[] {
  return store.read(() => {
    const keyring = openKeyring(store.db, passphrase, now);
    return endpoints.map((endpoint) => {
      const assignment = readAssignment(store.db, endpoint.server, endpoint.use);
      const drifted =
        instead !== null && instead.server === endpoint.server && instead.uses.includes(endpoint.use);
      const certificateId = drifted ? instead.certificateId : assignment?.certificateId;
      const leaf = certificateId === undefined ? null : findCertificateById(store.db, certificateId);
      if (leaf === null || leaf.privateKeyId === null) {
        throw new Error(`no certificate with a key is assigned to ${endpoint.server} ${endpoint.use}`);
      }
      const issuers = buildStoredChain(store.db, leaf).issuers.filter((c) => !c.facts.selfSigned);
      return {
        leaf,
        chainPem: [leaf, ...issuers].map((c) => encodePem('CERTIFICATE', c.der)).join(''),
        // In memory only, for this process's listener; it is never written anywhere.
        keyPem: createPrivateKey({
          key: Buffer.from(readPrivateKeyPkcs8(store.db, keyring, leaf.privateKeyId)),
          format: 'der',
          type: 'pkcs8',
        })
          .export({ format: 'pem', type: 'pkcs8' })
          .toString(),
      };
    });
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, loopbackAddress, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Stops listening and ends the connections still open (a probe left running, `openssl s_client`). */
function close(server: Server, sockets: ReadonlySet<Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
}

export async function startLabEndpoints(
  store: Store,
  passphrase: string,
  topology: Topology,
  now: Date,
  instead: ServedInstead | null = null,
): Promise<RunningEndpoints> {
  // A pool FQDN is served by its first member's listener (a load balancer would pick any).
  const endpoints: LiveEndpoint[] = listScanTargets(topology).flatMap((t) =>
    t.server === null ? [] : [{ host: t.host, port: t.port, server: t.server, use: t.use }],
  );
  const served = readServedCertificates(store, passphrase, now, endpoints, instead);
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const closeAll = async (): Promise<void> => {
    await Promise.all(servers.map((server) => close(server, sockets)));
  };
  const running: RunningEndpoint[] = [];
  try {
    for (const [i, endpoint] of endpoints.entries()) {
      const { leaf, chainPem, keyPem } = served[i]!;
      const server = createServer({ cert: chainPem, key: keyPem });
      // A client that gives up mid-handshake is not the demo's failure.
      server.on('tlsClientError', () => {});
      server.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      });
      servers.push(server);
      running.push({ endpoint, port: await listen(server), thumbprint: leaf.facts.thumbprint });
    }
  } catch (error) {
    await closeAll();
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw environmentError(
      'SERVE_FAILED',
      `cannot listen on ${loopbackAddress} for the demo's TLS endpoints (${code})`,
      'check that loopback networking works here (ports are chosen by the system)',
    );
  }
  return {
    endpoints: running,
    routes: running.map((r) => ({
      host: r.endpoint.host,
      port: r.endpoint.port,
      toHost: loopbackAddress,
      toPort: r.port,
    })),
    close: closeAll,
  };
}
