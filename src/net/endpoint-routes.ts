// Where to connect for a named endpoint, as curl lets one say it: `--resolve HOST:PORT:ADDR`
// (connect to ADDR instead of resolving HOST) and `--connect-to HOST:PORT:HOST2:PORT2` (connect to
// HOST2:PORT2 instead: NAT, port forwarding, a lab on loopback). The name reached, sent as SNI and
// checked against the certificate, stays HOST.

import { isIP } from 'node:net';
import { inputError } from '../errors.js';

export interface EndpointRoute {
  readonly host: string;
  readonly port: number;
  readonly toHost: string;
  /** Null: keep the endpoint's port (--resolve). */
  readonly toPort: number | null;
}

function parsePort(text: string | undefined, flag: string, whole: string): number {
  const port = Number(text);
  if (text === undefined || !/^\d{1,5}$/.test(text) || port < 1 || port > 65_535) {
    throw inputError(
      'BAD_OPTION_VALUE',
      `--${flag} "${whole}": "${text ?? ''}" is not a port from 1 to 65535`,
      exampleOf(flag),
    );
  }
  return port;
}

function exampleOf(flag: string): string {
  return flag === 'resolve'
    ? 'give --resolve HOST:PORT:ADDRESS, for example --resolve sip.contoso.com:443:203.0.113.10 (IPv6 in brackets)'
    : 'give --connect-to HOST:PORT:HOST2:PORT2, for example --connect-to fe01.contoso.net:5061:127.0.0.1:15061';
}

/** Splits on colons outside brackets: `a:1:[::1]` → a, 1, ::1. */
function splitFields(text: string): string[] {
  const fields: string[] = [];
  let current = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '[') depth += 1;
    if (ch === ']') depth -= 1;
    if (ch === ':' && depth === 0) {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields.map((f) => (f.startsWith('[') && f.endsWith(']') ? f.slice(1, -1) : f));
}

export function parseResolveOption(text: string): EndpointRoute {
  const [host, port, address, ...rest] = splitFields(text);
  if (host === undefined || host === '' || address === undefined || rest.length > 0 || isIP(address) === 0) {
    throw inputError(
      'BAD_OPTION_VALUE',
      `--resolve "${text}" is not HOST:PORT:ADDRESS`,
      exampleOf('resolve'),
    );
  }
  return { host: host.toLowerCase(), port: parsePort(port, 'resolve', text), toHost: address, toPort: null };
}

export function parseConnectToOption(text: string): EndpointRoute {
  const [host, port, toHost, toPort, ...rest] = splitFields(text);
  if (
    host === undefined ||
    host === '' ||
    toHost === undefined ||
    toHost === '' ||
    toPort === undefined ||
    rest.length > 0
  ) {
    throw inputError(
      'BAD_OPTION_VALUE',
      `--connect-to "${text}" is not HOST:PORT:HOST2:PORT2`,
      exampleOf('connect-to'),
    );
  }
  return {
    host: host.toLowerCase(),
    port: parsePort(port, 'connect-to', text),
    toHost,
    toPort: parsePort(toPort, 'connect-to', text),
  };
}

/** Where to connect for `host:port`: the first route that names it, else the endpoint itself. */
export function routeEndpoint(
  host: string,
  port: number,
  routes: readonly EndpointRoute[],
): { host: string; port: number } {
  const route = routes.find((r) => r.host === host.toLowerCase() && r.port === port);
  return route === undefined ? { host, port } : { host: route.toHost, port: route.toPort ?? port };
}
