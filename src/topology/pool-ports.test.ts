import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listLiveEndpoints } from './live-endpoints.js';
import { parseTopology } from './parse-topology.js';
import { formatProblem } from './topology-problem.js';

const base = {
  version: 1,
  product: 'sfb2015',
  sipDomains: ['contoso.com'],
  simpleUrls: { meet: ['https://meet.contoso.com'], dialin: 'https://dialin.contoso.com' },
  pools: [
    { fqdn: 'pool01.contoso.net', role: 'frontEnd', servers: ['fe01.contoso.net'] },
    {
      fqdn: 'edge.contoso.net',
      role: 'edge',
      servers: ['edge01.contoso.net'],
      edge: { accessEdge: 'sip.contoso.com', webConfEdge: 'webcon.contoso.com', avEdge: 'av.contoso.com' },
    },
  ],
  reverseProxy: {},
};

function withPorts(frontEnd: unknown, edge: unknown, proxy: unknown): unknown {
  const [fe, ed] = base.pools;
  return {
    ...base,
    pools: [
      { ...fe, ...(frontEnd === undefined ? {} : { ports: frontEnd }) },
      { ...ed, ...(edge === undefined ? {} : { ports: edge }) },
    ],
    reverseProxy: proxy === undefined ? {} : { ports: proxy },
  };
}

function endpoints(doc: unknown): string[] {
  const result = parseTopology(doc);
  if (!result.ok) assert.fail(result.problems.map(formatProblem).join('\n'));
  return listLiveEndpoints(result.topology).map((e) => `${e.host}:${e.port} ${e.server}/${e.use}`);
}

test('without ports, check --live probes Lync default ports', () => {
  assert.deepEqual(endpoints(base), [
    'fe01.contoso.net:5061 fe01.contoso.net/Default',
    'fe01.contoso.net:443 fe01.contoso.net/WebServicesInternal',
    'fe01.contoso.net:4443 fe01.contoso.net/WebServicesExternal',
    'fe01.contoso.net:444 fe01.contoso.net/Default',
    'sip.contoso.com:443 edge01.contoso.net/AccessEdgeExternal',
    'sip.contoso.com:5061 edge01.contoso.net/AccessEdgeExternal',
    'webcon.contoso.com:443 edge01.contoso.net/DataEdgeExternal',
    'edge.contoso.net:5061 edge01.contoso.net/Internal',
    'pool01.contoso.net:443 reverse-proxy/ReverseProxy',
  ]);
});

test('a pool ports key overrides the listeners it names, per pool; the reverse proxy has its own', () => {
  const doc = withPorts({ sip: 15061, webExternal: 14443 }, { webConfEdge: 8443 }, { https: 9443 });
  assert.deepEqual(endpoints(doc), [
    'fe01.contoso.net:15061 fe01.contoso.net/Default',
    'fe01.contoso.net:443 fe01.contoso.net/WebServicesInternal',
    'fe01.contoso.net:14443 fe01.contoso.net/WebServicesExternal',
    'fe01.contoso.net:444 fe01.contoso.net/Default',
    'sip.contoso.com:443 edge01.contoso.net/AccessEdgeExternal',
    'sip.contoso.com:5061 edge01.contoso.net/AccessEdgeExternal',
    'webcon.contoso.com:8443 edge01.contoso.net/DataEdgeExternal',
    'edge.contoso.net:5061 edge01.contoso.net/Internal',
    'pool01.contoso.net:9443 reverse-proxy/ReverseProxy',
  ]);
});

test('ports that the role lacks, or that are not TCP ports, are errors naming the key path', () => {
  const result = parseTopology(
    withPorts({ sipp: 5061, webInternal: 70000 }, { accessEdge: '443' }, undefined),
  );
  assert.equal(result.ok, false);
  assert.deepEqual(result.ok ? [] : result.problems.map(formatProblem), [
    'pools[0].ports.sipp: unknown key (known: sip, webInternal, webExternal, webInternalServer)',
    'pools[0].ports.webInternal: 70000 is not a TCP port (1 to 65535)',
    'pools[1].ports.accessEdge: "443" is not a TCP port (1 to 65535)',
  ]);
});
