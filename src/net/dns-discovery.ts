// Resolves the Lync / Skype for Business DNS records of SIP domains (lync-dns-records.ts) with a
// node:dns Resolver: the system's servers, or `--dns-server IP:PORT`. I/O edge of `discover`:
// every question gets a status, so NXDOMAIN, "no record of this type" and a timeout stay apart.

import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import {
  type LookupStatus,
  type LyncRecordSpec,
  lyncRecordSpecs,
  type RecordLookup,
  type SrvTarget,
} from '../dns-records/lync-dns-records.js';
import { inputError } from '../errors.js';

export interface DnsOptions {
  /** `IP` or `IP:PORT` (`[v6]:PORT`), or null for the system's resolvers. */
  readonly server: string | null;
  readonly timeoutMs: number;
  readonly tries: number;
}

/** The subset of node:dns/promises' Resolver discovery uses (tests may pass their own). */
export type DnsResolver = Pick<Resolver, 'resolve4' | 'resolve6' | 'resolveCname' | 'resolveSrv'>;

/** Parses `--dns-server`: `127.0.0.1:5353`, `10.0.0.1`, `[::1]:5353`. */
export function parseDnsServer(text: string): string {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const host = bracketed?.[1] ?? (isIP(text) === 6 ? text : text.split(':')[0]);
  const port = bracketed !== null ? bracketed[2] : isIP(text) === 6 ? undefined : text.split(':')[1];
  const portNumber = port === undefined ? 53 : Number(port);
  if (
    host === undefined ||
    isIP(host) === 0 ||
    !Number.isInteger(portNumber) ||
    portNumber < 1 ||
    portNumber > 65535
  ) {
    throw inputError(
      'BAD_DNS_SERVER',
      `--dns-server "${text}" is not an IP address with an optional port`,
      'give the DNS server as IP or IP:PORT, for example --dns-server 10.0.0.10 or --dns-server 127.0.0.1:5353',
    );
  }
  return isIP(host) === 6 ? `[${host}]:${portNumber}` : `${host}:${portNumber}`;
}

export function createDnsResolver(options: DnsOptions): DnsResolver {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: options.tries });
  if (options.server !== null) resolver.setServers([parseDnsServer(options.server)]);
  return resolver;
}

/** node:dns error codes (dns.NOTFOUND, …) → a lookup status. */
const statusOfCode: Readonly<Record<string, LookupStatus>> = {
  ENOTFOUND: 'nxdomain',
  ENODATA: 'nodata',
  ETIMEOUT: 'timeout',
  EREFUSED: 'refused',
  ESERVFAIL: 'servfail',
  ECONNREFUSED: 'refused',
};

interface Answer<T> {
  readonly status: LookupStatus;
  readonly detail: string | null;
  readonly value: T | null;
}

async function ask<T>(question: () => Promise<T>): Promise<Answer<T>> {
  try {
    return { status: 'found', detail: null, value: await question() };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    return { status: statusOfCode[code] ?? 'error', detail: code, value: null };
  }
}

/** A failure outranks an answer: a timeout must not read as "no record". */
const statusRank: Readonly<Record<LookupStatus, number>> = {
  found: 6,
  timeout: 5,
  servfail: 4,
  refused: 3,
  error: 2,
  nodata: 1,
  nxdomain: 0,
};

function combine(answers: readonly Answer<unknown>[]): Answer<unknown> {
  const found = answers.find((a) => a.status === 'found');
  if (found !== undefined) return found;
  return (
    [...answers].sort((a, b) => statusRank[b.status] - statusRank[a.status])[0] ?? {
      status: 'error',
      detail: null,
      value: null,
    }
  );
}

/** The addresses (A then AAAA) and CNAME of a host name. */
export async function resolveAddress(
  resolver: DnsResolver,
  name: string,
): Promise<{ status: LookupStatus; detail: string | null; cname: string | null; addresses: string[] }> {
  const [a, aaaa, cname] = await Promise.all([
    ask(() => resolver.resolve4(name)),
    ask(() => resolver.resolve6(name)),
    ask(() => resolver.resolveCname(name)),
  ]);
  const addresses = [...(a.value ?? []), ...(aaaa.value ?? [])];
  const alias = cname.value?.[0]?.toLowerCase() ?? null;
  if (addresses.length > 0) return { status: 'found', detail: null, cname: alias, addresses };
  const outcome = combine([a, aaaa]);
  // A CNAME whose target has no address: the name exists, the address does not.
  const status =
    outcome.status === 'found' || (alias !== null && outcome.status === 'nxdomain')
      ? 'nodata'
      : outcome.status;
  return { status, detail: outcome.detail, cname: alias, addresses };
}

function sortSrv(records: readonly SrvTarget[]): SrvTarget[] {
  return [...records].sort(
    (x, y) => x.priority - y.priority || y.weight - x.weight || x.target.localeCompare(y.target),
  );
}

export async function lookupRecord(
  resolver: DnsResolver,
  spec: LyncRecordSpec,
  domain: string,
): Promise<RecordLookup> {
  const name = `${spec.prefix}.${domain}`;
  if (spec.kind === 'address') {
    const found = await resolveAddress(resolver, name);
    return { spec, domain, name, ...found, srv: [] };
  }
  const answer = await ask(() => resolver.resolveSrv(name));
  const srv = sortSrv(
    (answer.value ?? []).map((r) => ({
      target: r.name.toLowerCase(),
      port: r.port,
      priority: r.priority,
      weight: r.weight,
    })),
  );
  return {
    spec,
    domain,
    name,
    status: answer.status,
    detail: answer.detail,
    cname: null,
    addresses: [],
    srv,
  };
}

/** Every Lync record of one SIP domain, in the table's order. */
export async function discoverDomain(resolver: DnsResolver, domain: string): Promise<RecordLookup[]> {
  return Promise.all(lyncRecordSpecs.map((spec) => lookupRecord(resolver, spec, domain)));
}
