// `uccert scan TOPOLOGY`: every endpoint of the deployment probed concurrently, what each serves
// compared with what is assigned and planned (drift), the expiry report, stored as history;
// `--list` and `--show ID` read the history; `--since ID|last` adds what changed. Parses the
// options, binds the progress view, calls src/scan, renders (architecture.md, "scan JSON").

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, inputError } from '../errors.js';
import { parseConnectToOption, parseResolveOption } from '../net/endpoint-routes.js';
import { defaultCriticalDays } from '../scan/expiry-report.js';
import { defaultScanConcurrency, runScan } from '../scan/run-scan.js';
import type { ScanDocument } from '../scan/scan-document.js';
import { listScanHistory, readScanDocument } from '../scan/scan-history.js';
import { resolveHome } from '../store/home.js';
import { openStore, type Store, storeFileName } from '../store/store.js';
import { readTopologyFile } from '../topology/read-topology.js';
import { readSharedCheckSettings } from './check-options.js';
import type { Command, OptionValues } from './command.js';
import { printJson } from './io.js';
import { flagOption, integerOption, stringListOption, stringOption } from './options.js';
import { renderScanJson, renderScanListText, renderScanText } from './render-scan.js';
import { createProgressView } from './scan-progress.js';

export const scanCommand: Command = {
  name: 'scan',
  usage: [
    'scan TOPOLOGY [--resolve HOST:PORT:ADDR]… [--connect-to HOST:PORT:HOST2:PORT2]… [--dns-server IP:PORT] [--since ID|last]',
    'scan --list',
    'scan --show ID',
  ],
  optionHelp: [
    ['--resolve HOST:PORT:ADDR', "connect to ADDR for HOST:PORT (curl's form); may be repeated"],
    [
      '--connect-to H:P:H2:P2',
      "connect to H2:P2 for H:P (curl's form: NAT, port forwarding); may be repeated",
    ],
    [
      '--dns-server IP[:PORT]',
      "resolve the topology's names and the SRV / lyncdiscover records with this DNS server",
    ],
    ['--no-dns-records', 'scan only the topology’s endpoints: do not look up SRV and lyncdiscover records'],
    ['--concurrency N', 'endpoints probed at once (default: 8 per CPU core, from 8 to 64)'],
    [
      '--timeout MS',
      'give up on one endpoint’s DNS question, connection or handshake after MS ms (default 5000)',
    ],
    ['--deadline MS', 'end the whole scan after MS ms; endpoints still open are reported as timeout'],
    ['--warn-days N', 'amber (and EXPIRES_SOON) within N days of expiry (default 30)'],
    ['--critical-days N', `red within N days of expiry (default ${defaultCriticalDays})`],
    ['--since ID|last', 'also list what changed since that scan (uccert scan --list shows the ids)'],
    ['--list', 'the scans in the store, oldest first'],
    ['--show ID', 'one stored scan again, without probing'],
    ['--ca FILE', 'trust the CA certificates in FILE (your internal root); may be repeated'],
    ['--now ISO', 'evaluate validity and days left as of this time (default: now)'],
    ['--verbose', 'one line per endpoint on stderr as it completes (when stderr is not a terminal)'],
    ['--json', 'print the scan document (scanId, endpoints, findings, expiry, summary, changes)'],
  ],
  examples: [
    'uccert scan examples/contoso.yaml --dns-server 10.0.0.10 --ca contoso-root.pem',
    'uccert scan examples/contoso.yaml --since last --json',
    'uccert scan --list',
    'uccert scan --show 3',
  ],
  options: {
    resolve: { type: 'string', multiple: true },
    'connect-to': { type: 'string', multiple: true },
    'dns-server': { type: 'string' },
    'no-dns-records': { type: 'boolean' },
    concurrency: { type: 'string' },
    timeout: { type: 'string' },
    deadline: { type: 'string' },
    'warn-days': { type: 'string' },
    'critical-days': { type: 'string' },
    since: { type: 'string' },
    list: { type: 'boolean' },
    show: { type: 'string' },
    ca: { type: 'string', multiple: true },
    now: { type: 'string' },
    verbose: { type: 'boolean' },
  },
  async run(args, io) {
    const json = flagOption(args.values, 'json');
    const home = resolveHome({ homeOption: stringOption(args.values, 'home'), env: io.env, cwd: io.cwd });
    if (flagOption(args.values, 'list')) {
      const store = openExistingStore(home);
      try {
        const scans = listScanHistory(store);
        if (json) printJson(io, { scans });
        else io.stdout(renderScanListText(scans));
        return ExitCode.ok;
      } finally {
        store.close();
      }
    }
    const show = stringOption(args.values, 'show');
    if (show !== undefined) {
      const id = parseScanId(show, 'show');
      const store = openExistingStore(home);
      try {
        const document = readScanDocument(store, id);
        io.stdout(json ? renderScanJson(document) : renderScanText(document));
        return exitCodeOf(document);
      } finally {
        store.close();
      }
    }
    const [topologyPath, ...extra] = args.positionals;
    if (topologyPath === undefined || extra.length > 0) {
      throw inputError(
        'BAD_USAGE',
        topologyPath === undefined
          ? 'scan: give the topology file'
          : `scan: one topology at a time (got ${args.positionals.join(', ')})`,
        'for example: uccert scan examples/contoso.yaml; or uccert scan --list',
      );
    }
    const shared = await readSharedCheckSettings(args.values, io);
    const criticalDays = integerOption(args.values, 'critical-days', 0, 3650) ?? defaultCriticalDays;
    if (criticalDays > shared.warnDays) {
      throw inputError(
        'BAD_OPTION_VALUE',
        `--critical-days ${criticalDays} is more than --warn-days ${shared.warnDays}`,
        'red must be inside amber: give --critical-days at most --warn-days (defaults 7 and 30)',
      );
    }
    const { topology } = await readTopologyFile(topologyPath, io.cwd);
    const options = readScanOptions(args.values);
    const store = openStore(home);
    const pinned = stringOption(args.values, 'now');
    const progress = createProgressView(io, { json, verbose: flagOption(args.values, 'verbose'), total: 0 });
    try {
      const document = await runScan(
        {
          topology,
          topologyPath,
          ...options,
          timeoutMs: shared.timeoutMs,
          now: pinned === undefined ? io.now : () => new Date(shared.now.getTime()),
          warnDays: shared.warnDays,
          criticalDays,
          trustStore: shared.trustStore,
        },
        store,
        progress.update,
      );
      progress.stop();
      io.stdout(json ? renderScanJson(document) : renderScanText(document));
      return exitCodeOf(document);
    } finally {
      progress.stop();
      store.close();
    }
  },
};

function readScanOptions(values: OptionValues) {
  const since = stringOption(values, 'since');
  return {
    routes: [
      ...stringListOption(values, 'resolve').map(parseResolveOption),
      ...stringListOption(values, 'connect-to').map(parseConnectToOption),
    ],
    dnsServer: stringOption(values, 'dns-server') ?? null,
    dnsRecords: !flagOption(values, 'no-dns-records'),
    concurrency: integerOption(values, 'concurrency', 1, 1024) ?? defaultScanConcurrency(),
    deadlineMs: integerOption(values, 'deadline', 100, 86_400_000) ?? null,
    since: since === undefined ? null : since === 'last' ? ('last' as const) : parseScanId(since, 'since'),
  };
}

function parseScanId(text: string, flag: string): number {
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) {
    throw inputError(
      'BAD_OPTION_VALUE',
      `--${flag} "${text}" is not a scan id${flag === 'since' ? ' or "last"' : ''}`,
      'give the number uccert scan --list shows, for example --' + flag + (flag === 'since' ? ' last' : ' 1'),
    );
  }
  return Number(text);
}

function openExistingStore(home: string): Store {
  if (!existsSync(join(home, storeFileName))) {
    throw inputError(
      'NO_STORE',
      `there is no uccert store in "${home}", so no scans to show`,
      'run a scan first (uccert scan TOPOLOGY), or give --home DIR',
    );
  }
  return openStore(home);
}

/** 3 when no endpoint could be reached, 1 on a finding of severity error, else 0. */
function exitCodeOf(document: ScanDocument): number {
  if (document.summary.endpoints > 0 && document.summary.reached === 0) return ExitCode.environment;
  return document.summary.errors > 0 ? ExitCode.findings : ExitCode.ok;
}
