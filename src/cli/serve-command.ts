// `uccert serve`: the web console and its HTTP API over this store (and topology), on loopback by
// default; any other address needs the token it prints (or $UCCERT_TOKEN). Runs until Ctrl-C.

import { buildTrustStore } from '../check/chain-trust.js';
import { inputError } from '../errors.js';
import { readCaFiles, readSystemRoots } from '../net/trust-anchors.js';
import { resolveHome } from '../store/home.js';
import { openStore } from '../store/store.js';
import { readTopologyFile } from '../topology/read-topology.js';
import { defaultMaxUploadBytes, launchConsole } from '../web/launch-console.js';
import type { RunningConsole } from '../web/start-console.js';
import { defaultTimeoutMs, defaultWarnDays } from './check-options.js';
import type { Command } from './command.js';
import { integerOption, stringListOption, stringOption } from './options.js';

export function waitForInterrupt(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

/** The lines `serve` and `demo` print once the console listens. */
export function renderConsoleLines(running: RunningConsole): string {
  return [
    `Console: ${running.openUrl}`,
    ...(running.token === null
      ? []
      : [
          '  (it listens beyond loopback: the token is in the URL; scripts send Authorization: Bearer <token>)',
        ]),
    'Ctrl-C to stop',
    '',
  ].join('\n');
}

export const serveCommand: Command = {
  name: 'serve',
  usage: ['serve [--topology FILE] [--ca FILE]… [--host ADDR] [--port N] [--max-upload BYTES]'],
  optionHelp: [
    ['--topology FILE', 'the deployment the console shows (plan, check, coverage, scan, set)'],
    ['--ca FILE', 'trust the CA certificates in FILE (your internal root) in checks, probes and scans'],
    ['--host ADDR', 'the address to listen on (default 127.0.0.1); off loopback a token is required'],
    ['--port N', 'the port (default: any free port, printed)'],
    ['--max-upload BYTES', `the largest certificate file import accepts (default ${defaultMaxUploadBytes})`],
  ],
  examples: [
    'uccert serve --topology examples/contoso.yaml',
    'UCCERT_TOKEN=… uccert serve --host 10.0.0.5 --port 8443 --topology topology.yaml --ca root.pem',
  ],
  options: {
    topology: { type: 'string' },
    ca: { type: 'string', multiple: true },
    host: { type: 'string' },
    port: { type: 'string' },
    'max-upload': { type: 'string' },
  },
  async run(args, io) {
    if (args.positionals.length > 0) {
      throw inputError(
        'BAD_USAGE',
        `serve: unexpected "${args.positionals[0]}"`,
        'give the topology with --topology FILE',
      );
    }
    const topologyPath = stringOption(args.values, 'topology');
    const topology =
      topologyPath === undefined ? null : (await readTopologyFile(topologyPath, io.cwd)).topology;
    const caFiles = stringListOption(args.values, 'ca');
    const trustStore = buildTrustStore(readSystemRoots(), await readCaFiles(caFiles, io.cwd));
    const store = openStore(
      resolveHome({ homeOption: stringOption(args.values, 'home'), env: io.env, cwd: io.cwd }),
    );
    try {
      const running = await launchConsole({
        store,
        topology: topology === null || topologyPath === undefined ? null : { topology, path: topologyPath },
        caFiles,
        trustStore,
        routes: [],
        env: io.env,
        now: io.now,
        cwd: io.cwd,
        binding: {
          host: stringOption(args.values, 'host') ?? '127.0.0.1',
          port: integerOption(args.values, 'port', 0, 65535) ?? 0,
          token: io.env.UCCERT_TOKEN,
        },
        warnDays: defaultWarnDays,
        timeoutMs: defaultTimeoutMs,
        maxUploadBytes:
          integerOption(args.values, 'max-upload', 1024, 64 * 1024 * 1024) ?? defaultMaxUploadBytes,
        demo: null,
      });
      io.stdout(renderConsoleLines(running));
      await waitForInterrupt();
      await running.close();
    } finally {
      store.close();
    }
    return 0;
  },
};
