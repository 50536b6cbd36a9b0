// Issue 9, item 20: inputs far past any real deployment are refused with exit 2 and a message that
// names the limit and the input, before they cost minutes or gigabytes. Timings are in bench/
// (bench/plan-scale-bench.ts); these tests hold the refusals and the one table of limits.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { inputLimits, renderInputLimits } from '../src/input-limits.js';
import { defaultPlanOptions } from '../src/requirements/plan-model.js';
import { planRequirements } from '../src/requirements/plan-requirements.js';
import { readTopologyFile, refuseOversizedTopology } from '../src/topology/read-topology.js';
import { makeTempDir, scrubVarying } from './ca-test-support.js';
import { runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { repoPath } from './support/repo.js';

const dir = makeTempDir('limits');
const head = 'version: 1\nproduct: sfb2015\nsipDomains: [contoso.com]\n';

function writeTopology(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('a topology file past 16 MiB is refused by its size, before it is read', async () => {
  const path = writeTopology(
    'huge-string.yaml',
    `${head}pools: "${'a'.repeat(inputLimits.topologyFileBytes.max)}"\n`,
  );
  const t = await runUccert(['plan', path]);
  assert.equal(t.exitCode, 2, t.stderr);
  assert.match(t.stderr, /has 16,777,2\d\d bytes; uccert reads at most 16,777,216 bytes of a topology file/);
  assert.ok(t.stderr.includes(path), t.stderr);
});

test('a YAML string of 1 MiB is refused by the value limit, naming its line', async () => {
  const path = writeTopology('long-value.yaml', `${head}product: "${'a'.repeat(1024 * 1024)}"\n`);
  const t = await runUccert(['plan', path]);
  assert.equal(t.exitCode, 2, t.stderr);
  assertGolden('limit-topology-value', t, scrubVarying(dir));
});

test('a YAML with more than 600,000 values is refused before the document is built', async () => {
  const path = writeTopology(
    'many-values.yaml',
    `${head}xmppDomains: [${'a,'.repeat(inputLimits.topologyValues.max)}a]\n`,
  );
  const t = await runUccert(['check', path]);
  assert.equal(t.exitCode, 2, t.stderr);
  assert.match(t.stderr, /has more than 600,000 values; uccert reads at most 600,000 values/);
});

test('the YAML beside a topology XML (--extra) has the same size limit', async () => {
  const extra = writeTopology(
    'extra.yaml',
    `mobility: true\n#${' '.repeat(inputLimits.topologyFileBytes.max)}\n`,
  );
  const t = await runUccert(['plan', 'test/fixtures/topology/standard-edition.xml', '--extra', extra]);
  assert.equal(t.exitCode, 2, t.stderr);
  assert.match(t.stderr, /--extra ".*extra\.yaml" has 16,777,2\d\d bytes/);
});

/** A decoded topology document with `pools` pools of `servers` servers, and `domains` SIP domains. */
function documentOf(pools: number, servers: number, domains = 1): Record<string, unknown> {
  return {
    sipDomains: Array.from({ length: domains }, (_, i) => `d${i}.example.com`),
    pools: Array.from({ length: pools }, (_, p) => ({
      fqdn: `pool${p}.example.net`,
      servers: Array.from({ length: servers }, (_, s) => `p${p}s${s}.example.net`),
    })),
  };
}

test('pools, servers, servers per pool and SIP domains: at the limit read, past it refused', () => {
  const refused = (document: Record<string, unknown>): string => {
    try {
      refuseOversizedTopology(document, 'big.yaml');
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  };
  assert.equal(refused(documentOf(inputLimits.pools.max, 1)), '');
  assert.match(
    refused(documentOf(inputLimits.pools.max + 1, 1)),
    /has 50,001 pools; uccert reads at most 50,000 pools/,
  );
  assert.equal(refused(documentOf(2, inputLimits.serversPerPool.max)), '');
  assert.match(
    refused(documentOf(2, inputLimits.serversPerPool.max + 1)),
    /has 101 servers; uccert reads at most 100 servers in one pool/,
  );
  assert.equal(refused(documentOf(inputLimits.servers.max / 100, 100)), '');
  assert.match(
    refused(documentOf(inputLimits.servers.max / 100 + 1, 100)),
    /has 200,100 servers; uccert reads at most 200,000 servers in a topology/,
  );
  assert.equal(refused(documentOf(1, 1, inputLimits.sipDomains.max)), '');
  assert.match(
    refused(documentOf(1, 1, inputLimits.sipDomains.max + 1)),
    /has 1,001 entries under sipDomains; uccert reads at most 1,000 SIP domains/,
  );
  const meet = { ...documentOf(1, 1), simpleUrls: { meet: Array.from({ length: 1001 }, () => 'x') } };
  assert.match(refused(meet), /1,001 entries under simpleUrls\.meet/);
});

test('a plan past its names limit is refused where it got to, naming the SIP domains', async () => {
  const { topology } = await readTopologyFile('examples/contoso.yaml', repoPath(''));
  const plan = planRequirements(topology, defaultPlanOptions);
  const names = plan.requirements.reduce((n, r) => n + r.reasons.length, 0);
  assert.doesNotThrow(() => planRequirements(topology, defaultPlanOptions, names));
  assert.throws(
    () => planRequirements(topology, defaultPlanOptions, 10),
    (e: Error & { code?: string }) =>
      e.code === 'INPUT_TOO_LARGE' &&
      /^the plan passes 10 names at pool 1 of 5 \(2 SIP domains\); uccert plans at most 10 names in a plan/.test(
        e.message,
      ),
  );
});

test('the README lists every input limit, as the table says', () => {
  const readme = readFileSync(repoPath('README.md'), 'utf8');
  for (const line of renderInputLimits()) assert.ok(readme.includes(line), `README lacks:\n${line}`);
});

test('uccert --help lists every input limit', async () => {
  const t = await runUccert(['--help']);
  for (const line of renderInputLimits()) assert.ok(t.stdout.includes(line), `help lacks:\n${line}`);
});
