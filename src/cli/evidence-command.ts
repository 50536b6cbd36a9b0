// `uccert evidence --out DIR|FILE.zip`: the change-ticket pack. Parses, collects from the store
// and the topology (src/evidence), writes the directory or zip, says what it holds.

import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { environmentError, inputError } from '../errors.js';
import { collectEvidence } from '../evidence/collect-evidence.js';
import { writeEvidenceDirectory, zipEvidence } from '../evidence/write-evidence-pack.js';
import { resolveHome } from '../store/home.js';
import { readLastFinishedScan } from '../store/scan-records.js';
import { openStore, storeFileName } from '../store/store.js';
import { readTopologyFile } from '../topology/read-topology.js';
import type { Command } from './command.js';
import { printJson } from './io.js';
import { flagOption, integerOption, stringOption } from './options.js';
import { writeOutputFile } from './output-file.js';

export const evidenceCommand: Command = {
  name: 'evidence',
  usage: ['evidence --out DIR|FILE.zip [--topology FILE] [--server FQDN] [--since SCAN]'],
  optionHelp: [
    ['--out DIR|FILE.zip', 'where the pack goes: a directory, or one zip file'],
    ['--topology FILE', 'the topology (default: the one the last scan used)'],
    ['--server FQDN', "only this server's requirements, requests, certificates and history"],
    ['--since SCAN', 'the scan "before" the change (default: the scan before the last one)'],
    ['--home DIR', 'the uccert store (default $UCCERT_HOME or ~/.uccert)'],
    ['--json', 'print one JSON document: the files written and their SHA-256'],
  ],
  examples: [
    'uccert evidence --out CHG0012345.zip --topology contoso.yaml',
    'uccert scan contoso.yaml; uccert evidence --out evidence/ --since 3 --server fe01.contoso.net',
  ],
  options: {
    out: { type: 'string' },
    topology: { type: 'string' },
    server: { type: 'string' },
    since: { type: 'string' },
  },
  async run(args, io) {
    if (args.positionals.length > 0) {
      throw inputError(
        'BAD_USAGE',
        `evidence: unexpected "${args.positionals[0]}"`,
        'give --out DIR or --out FILE.zip',
      );
    }
    const out = stringOption(args.values, 'out');
    if (out === undefined || out === '') {
      throw inputError(
        'BAD_USAGE',
        'evidence needs --out DIR or --out FILE.zip',
        'for example: uccert evidence --out CHG0012345.zip --topology contoso.yaml',
      );
    }
    const since = integerOption(args.values, 'since', 1, Number.MAX_SAFE_INTEGER) ?? null;
    const home = resolveHome({ homeOption: stringOption(args.values, 'home'), env: io.env, cwd: io.cwd });
    const store = existsSync(join(home, storeFileName)) ? openStore(home) : null;
    try {
      let topologyPath = stringOption(args.values, 'topology');
      if (topologyPath === undefined && store !== null) {
        topologyPath = store.read(() => readLastFinishedScan(store.db)?.topology);
      }
      if (topologyPath === undefined) {
        throw inputError(
          'BAD_USAGE',
          'evidence needs --topology FILE (there is no scan to take it from)',
          'for example: --topology contoso.yaml',
        );
      }
      const { topology } = await readTopologyFile(topologyPath, io.cwd);
      const now = io.now();
      const pack = collectEvidence(store, {
        topology,
        topologyPath,
        server: stringOption(args.values, 'server') ?? null,
        since,
        now,
      });
      const absolute = isAbsolute(out) ? out : resolve(io.cwd, out);
      let written: string;
      if (out.toLowerCase().endsWith('.zip')) {
        written = writeOutputFile(io, out, zipEvidence(pack.files, now), 'public');
      } else {
        try {
          writeEvidenceDirectory(absolute, pack.files);
        } catch (error) {
          throw environmentError(
            'WRITE_FAILED',
            `cannot write the pack into "${out}"`,
            'give a writable --out directory',
            error,
          );
        }
        written = absolute;
      }
      if (flagOption(args.values, 'json')) {
        printJson(io, {
          written,
          files: pack.files.map((f) => f.path),
          notes: pack.notes,
        });
      } else {
        io.stdout(
          [
            `Wrote the evidence pack (${pack.files.length} files) to ${written}:`,
            ...pack.files.map((f) => `  ${f.path}`),
            ...pack.notes.map((n) => `note: ${n}`),
            'No private key or password is in it. Check it with: sha256sum -c MANIFEST.sha256',
            '',
          ].join('\n'),
        );
      }
      return 0;
    } finally {
      store?.close();
    }
  },
};
