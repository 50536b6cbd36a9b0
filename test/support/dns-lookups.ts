// Builders of RecordLookup values for the DNS rules' table tests.

import {
  type LookupStatus,
  lyncRecordSpecs,
  type RecordLookup,
  type SrvTarget,
} from '../../src/dns-records/lync-dns-records.js';

export function makeLookup(
  prefix: string,
  domain: string,
  found: {
    status?: LookupStatus;
    addresses?: string[];
    cname?: string | null;
    srv?: Partial<SrvTarget>[];
  } = {},
): RecordLookup {
  const spec = lyncRecordSpecs.find((s) => s.prefix === prefix);
  if (spec === undefined) throw new Error(`no record ${prefix}`);
  const srv = (found.srv ?? []).map((s) => ({ target: 'x', port: 5061, priority: 0, weight: 0, ...s }));
  const addresses = found.addresses ?? [];
  const status = found.status ?? (addresses.length > 0 || srv.length > 0 ? 'found' : 'nxdomain');
  return {
    spec,
    domain,
    name: `${prefix}.${domain}`,
    status,
    detail: null,
    cname: found.cname ?? null,
    addresses,
    srv,
  };
}
