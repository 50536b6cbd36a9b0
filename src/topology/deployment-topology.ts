// The deployment's topology, as every command that needs one gets it: the file given on the
// command line, else the one the store remembers (uccert topology use FILE). The first file given
// to a command while the store remembers none becomes the remembered one. Scan, check, plan,
// request, set and the console all call loadDeploymentTopology.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { environmentError, inputError } from '../errors.js';
import {
  readStoredTopology,
  type StoredTopology,
  writeStoredTopology,
} from '../store/deployment-topology-records.js';
import { openStore, type Store, storeFileName } from '../store/store.js';
import type { Topology } from './model.js';
import { parseTopology } from './parse-topology.js';
import {
  type LoadedTopology,
  readTopologyFile,
  type TopologyOverrides,
  type TopologyProvenance,
} from './read-topology.js';
import { writeTopologyDocument } from './topology-document.js';

export interface DeploymentTopology extends LoadedTopology {
  /** The file, as given on the command line, or the remembered absolute path. */
  readonly path: string;
  /** Whether it came from the store rather than the command line. */
  readonly remembered: boolean;
  /** What happened to the remembered topology, or why it was not used, for stderr. */
  readonly notes: readonly string[];
}

export interface DeploymentTopologyContext {
  readonly cwd: string;
  readonly now: Date;
  readonly overrides?: TopologyOverrides;
  /** Record the given file when the store remembers none (default: true). */
  readonly remember?: boolean;
}

const noTopologyHint =
  'give the topology file (YAML, Get-CsTopology -AsXml, a .tbxml or the Export-CsConfiguration ZIP), or remember one: uccert topology use FILE';

/**
 * The topology for a command: `explicitPath` when given (remembered if the store has none yet),
 * else the store's. Throws NO_TOPOLOGY (exit 2) when there is neither.
 */
export async function loadDeploymentTopology(
  home: string,
  explicitPath: string | undefined,
  context: DeploymentTopologyContext,
): Promise<DeploymentTopology> {
  const hasStore = existsSync(join(home, storeFileName));
  if (explicitPath === undefined) {
    if (!hasStore)
      throw inputError(
        'NO_TOPOLOGY',
        'no topology given, and there is no uccert store to remember one',
        noTopologyHint,
      );
    const stored = withStore(home, (store) => store.read(() => readStoredTopology(store.db)));
    if (stored === null)
      throw inputError('NO_TOPOLOGY', 'no topology given, and the store remembers none', noTopologyHint);
    return reviveStoredTopology(stored);
  }
  const loaded = await readTopologyFile(explicitPath, context.cwd, context.overrides ?? {});
  const given: DeploymentTopology = { ...loaded, path: explicitPath, remembered: false, notes: [] };
  if (!hasStore || context.remember === false) return given;
  const absolute = resolve(context.cwd, explicitPath);
  const notes = await withStoreAsync(home, async (store) => {
    const current = store.read(() => readStoredTopology(store.db));
    if (current === null) {
      await store.write(() => {
        rememberTopology(store, absolute, loaded, context.now);
      });
      return [
        `remembered ${explicitPath} as the deployment's topology: plan, check, scan, request and set use it when given none (uccert topology use FILE changes it)`,
      ];
    }
    if (current.sourceSha256 === loaded.provenance.sha256) return [];
    return [
      `this command used ${explicitPath}; the store remembers ${current.sourcePath} (recorded ${current.recordedAt}) as the deployment's topology. To make this one the deployment's: uccert topology use ${explicitPath}`,
    ];
  });
  return { ...given, notes };
}

/** Writes `loaded` as the deployment's topology (inside the caller's write transaction). */
export function rememberTopology(
  store: Store,
  absolutePath: string,
  loaded: LoadedTopology,
  now: Date,
): void {
  writeStoredTopology(
    store.db,
    {
      sourcePath: absolutePath,
      sourceSha256: loaded.provenance.sha256,
      format: loaded.format,
      document: writeTopologyDocument(loaded.topology),
      provenance: loaded.provenance,
    },
    now,
  );
}

/** The stored row back as a topology, checked like any input; a damaged row is a store error. */
export async function reviveStoredTopology(stored: StoredTopology): Promise<DeploymentTopology> {
  const result = parseTopology(stored.document);
  if (!result.ok) {
    throw environmentError(
      'STORE_DAMAGED',
      `the uccert store's remembered topology (from ${stored.sourcePath}) no longer reads: ${result.problems[0]?.path ?? ''} ${result.problems[0]?.message ?? ''}`,
      `record it again: uccert topology use ${stored.sourcePath}`,
    );
  }
  const provenance = reviveProvenance(stored, result.topology);
  const changed = await fileChangedSince(stored);
  return {
    topology: result.topology,
    format: provenance.format,
    read: provenance.read,
    assumed: provenance.assumptions,
    provenance,
    path: stored.sourcePath,
    remembered: true,
    notes: changed === null ? [] : [changed],
  };
}

function reviveProvenance(stored: StoredTopology, t: Topology): TopologyProvenance {
  const p = (
    typeof stored.provenance === 'object' && stored.provenance !== null ? stored.provenance : {}
  ) as Record<string, unknown>;
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  const format = ['yaml', 'xml', 'tbxml', 'zip'].includes(stored.format)
    ? (stored.format as TopologyProvenance['format'])
    : 'yaml';
  const product = (p.product ?? {}) as Record<string, unknown>;
  const ignored = Array.isArray(p.ignoredClusters) ? p.ignoredClusters : [];
  return {
    format,
    encoding: null,
    sha256: stored.sourceSha256,
    product: {
      value: t.product,
      from: typeof product.from === 'string' ? product.from : 'the remembered topology',
    },
    sipDomains: t.sipDomains,
    pools: t.pools.map((pool) => ({ fqdn: pool.fqdn, role: pool.role })),
    ignoredClusters: ignored.flatMap((i) =>
      typeof i === 'object' && i !== null && typeof (i as Record<string, unknown>).fqdn === 'string'
        ? [
            {
              fqdn: String((i as Record<string, unknown>).fqdn),
              why: String((i as Record<string, unknown>).why ?? ''),
            },
          ]
        : [],
    ),
    read: strings(p.read),
    assumptions: strings(p.assumptions),
  };
}

/** A note when the remembered file has changed on disk since it was recorded, else null. */
async function fileChangedSince(stored: StoredTopology): Promise<string | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(stored.sourcePath);
  } catch {
    return null;
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return sha256 === stored.sourceSha256
    ? null
    : `${stored.sourcePath} has changed since it was remembered (${stored.recordedAt}); this run uses the remembered version. To take the change: uccert topology use ${stored.sourcePath}`;
}

function withStore<T>(home: string, work: (store: Store) => T): T {
  const store = openStore(home);
  try {
    return work(store);
  } finally {
    store.close();
  }
}

async function withStoreAsync<T>(home: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore(home);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}
