// `uccert topology use FILE`: makes FILE the deployment's topology, remembered by the store, and
// shows what the plan gains and loses against the one remembered before. `uccert topology show`
// says which one is remembered.

import { resolve } from 'node:path';
import { inputError } from '../errors.js';
import { diffPlans, type PlanChange } from '../requirements/plan-diff.js';
import { defaultPlanOptions } from '../requirements/plan-model.js';
import { planRequirements } from '../requirements/plan-requirements.js';
import { readStoredTopology } from '../store/deployment-topology-records.js';
import { resolveHome } from '../store/home.js';
import { openStore } from '../store/store.js';
import { rememberTopology, reviveStoredTopology } from '../topology/deployment-topology.js';
import { readTopologyFile } from '../topology/read-topology.js';
import type { Command } from './command.js';
import { printJson } from './io.js';
import { noStoreYet, requireStoreFile } from './lab-ca-session.js';
import { flagOption, stringOption } from './options.js';
import {
  parseTopologyOverrides,
  topologyOverrideHelp,
  topologyOverrideOptions,
} from './topology-overrides.js';

export const topologyCommand: Command = {
  name: 'topology',
  usage: [
    'topology use FILE [--product P] [--meet URL]… [--dialin URL] [--admin URL] [--mobility] [--extra FILE] [--simple-urls FILE]',
    'topology show',
  ],
  optionHelp: [
    ...topologyOverrideHelp,
    ['--home DIR', 'the uccert store'],
    ['--json', 'print one JSON document'],
  ],
  examples: [
    'uccert topology use examples/contoso.yaml',
    'uccert topology use topology.tbxml',
    'uccert topology use CsConfigurationExport.zip',
    'uccert topology show',
  ],
  options: { ...topologyOverrideOptions },
  async run(args, io) {
    const [verb, file, ...rest] = args.positionals;
    const json = flagOption(args.values, 'json');
    const home = resolveHome({ homeOption: stringOption(args.values, 'home'), env: io.env, cwd: io.cwd });
    if (verb === 'show' && file === undefined) {
      requireStoreFile(home, noStoreYet('uccert topology use FILE'));
      const store = openStore(home);
      try {
        const stored = store.read(() => readStoredTopology(store.db));
        if (stored === null) {
          throw inputError(
            'NO_TOPOLOGY',
            'the store remembers no topology',
            'remember one: uccert topology use FILE',
          );
        }
        const t = await reviveStoredTopology(stored);
        if (json)
          printJson(io, {
            path: stored.sourcePath,
            sha256: stored.sourceSha256,
            format: stored.format,
            recordedAt: stored.recordedAt,
            topology: t.provenance,
          });
        else
          io.stdout(
            `${[
              `the deployment's topology: ${stored.sourcePath} (${stored.format}, sha256 ${stored.sourceSha256.slice(0, 16)}…, recorded ${stored.recordedAt})`,
              `  ${t.topology.sipDomains.length} SIP domain(s): ${t.topology.sipDomains.join(', ')}; ${t.topology.pools.length} pool(s): ${t.topology.pools.map((p) => `${p.fqdn} (${p.role})`).join(', ')}`,
              ...t.notes.map((n) => `note: ${n}`),
            ].join('\n')}\n`,
          );
        return 0;
      } finally {
        store.close();
      }
    }
    if (verb !== 'use' || file === undefined || rest.length > 0) {
      throw inputError(
        'BAD_USAGE',
        verb === undefined
          ? 'topology: give use FILE or show'
          : `topology: "${args.positionals.join(' ')}" is not use FILE or show`,
        'uccert topology use examples/contoso.yaml',
      );
    }
    const loaded = await readTopologyFile(file, io.cwd, parseTopologyOverrides(args.values));
    const store = openStore(home);
    try {
      const previous = store.read(() => readStoredTopology(store.db));
      const before = previous === null ? null : await reviveStoredTopology(previous);
      await store.write(() => {
        rememberTopology(store, resolve(io.cwd, file), loaded, io.now());
      });
      const changes =
        before === null
          ? []
          : diffPlans(
              planRequirements(before.topology, defaultPlanOptions),
              planRequirements(loaded.topology, defaultPlanOptions),
            );
      if (json) {
        printJson(io, {
          path: resolve(io.cwd, file),
          previous: previous === null ? null : { path: previous.sourcePath, sha256: previous.sourceSha256 },
          topology: loaded.provenance,
          planChanges: changes,
        });
        return 0;
      }
      const lines = [
        `the deployment's topology is now ${file} (${loaded.format}, sha256 ${loaded.provenance.sha256.slice(0, 16)}…)`,
        `  ${loaded.topology.sipDomains.length} SIP domain(s): ${loaded.topology.sipDomains.join(', ')}; ${loaded.topology.pools.length} pool(s): ${loaded.topology.pools.map((p) => `${p.fqdn} (${p.role})`).join(', ')}`,
        ...(loaded.assumed.length > 0 ? ['  assumed:', ...loaded.assumed.map((a) => `    - ${a}`)] : []),
        ...(previous === null
          ? ['  plan, check, scan, request and set use it when given no topology']
          : previous.sourceSha256 === loaded.provenance.sha256 && changes.length === 0
            ? [`  unchanged from the one remembered (${previous.sourcePath})`]
            : [
                `  replaces ${previous.sourcePath}; the plan ${changes.length === 0 ? 'does not change' : 'changes:'}`,
                ...renderChanges(changes),
              ]),
      ];
      io.stdout(`${lines.join('\n')}\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};

function renderChanges(changes: readonly PlanChange[]): string[] {
  return changes.map((c) => {
    const what =
      c.kind === 'added'
        ? `new, ${c.gained.length === 0 ? 'no names' : `gains ${c.gained.join(', ')}`}`
        : c.kind === 'removed'
          ? `no longer needed${c.lost.length === 0 ? '' : ` (loses ${c.lost.join(', ')})`}`
          : [
              c.subject.before !== c.subject.after ? `subject ${c.subject.before} → ${c.subject.after}` : '',
              c.gained.length > 0 ? `gains ${c.gained.join(', ')}` : '',
              c.lost.length > 0 ? `loses ${c.lost.join(', ')}` : '',
            ]
              .filter((x) => x !== '')
              .join('; ');
    return `    ${c.server} ${c.use}: ${what}`;
  });
}
