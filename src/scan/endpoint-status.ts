// How a probe's failure reads in a scan: each error code of net/tls-probe.ts (and of reading what
// was served) as one of the contract's statuses (architecture.md, "scan JSON").

import type { EndpointStatus } from './scan-document.js';

const statusOfCode: Readonly<Record<string, EndpointStatus>> = {
  CONNECTION_REFUSED: 'refused',
  CONNECT_TIMEOUT: 'timeout',
  HANDSHAKE_TIMEOUT: 'timeout',
  DEADLINE_PASSED: 'timeout',
  HOST_NOT_FOUND: 'unreachable',
  HOST_UNREACHABLE: 'unreachable',
  CONNECT_FAILED: 'unreachable',
  NOT_TLS: 'not-tls',
  CONNECTION_RESET: 'handshake-failed',
  HANDSHAKE_CLOSED: 'handshake-failed',
  HANDSHAKE_REFUSED: 'handshake-failed',
  HANDSHAKE_FAILED: 'handshake-failed',
  HANDSHAKE_TOO_LARGE: 'handshake-failed',
  NO_CERTIFICATE: 'handshake-failed',
  BAD_SERVER_CERTIFICATE: 'handshake-failed',
};

/** Any other code is a failure to reach the endpoint at all. */
export function statusOfError(code: string): EndpointStatus {
  return statusOfCode[code] ?? 'unreachable';
}
