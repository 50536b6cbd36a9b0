// The endpoints of the scan benchmark, in their own process so they do not share the client's
// event loop: N Node TLS listeners on 127.0.0.1 (ephemeral ports), each presenting the fixture
// leaf and its issuing CA. Prints the ports as one JSON line; exits when stdin closes.

import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const count = Number(process.argv[2] ?? '100');
const fixture = (name: string) => readFileSync(`${root}test/fixtures/${name}`);
const context = {
  cert: Buffer.concat([fixture('rsa-leaf.pem'), fixture('issuing-ca.pem')]),
  key: fixture('rsa-leaf.key'),
};

const ports: number[] = [];
for (let i = 0; i < count; i++) {
  const server = tls.createServer(context, (socket) => socket.end());
  server.on('tlsClientError', () => {});
  ports.push(
    await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    ),
  );
}
process.stdout.write(`${JSON.stringify(ports)}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
