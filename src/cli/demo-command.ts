// `uccert demo`: a whole Contoso deployment on this machine (architecture.md, "Command line"): the
// lab CA, every planned certificate issued and assigned, live TLS endpoints on loopback, and
// `check --live` against them. Parses options, binds the real temp dir, terminal and signals,
// calls src/demo, renders.

import { tmpdir } from 'node:os';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publicationFileStem } from '../ca/ca-layout.js';
import { encodePem } from '../ca/pem-encoding.js';
import { buildTrustStore } from '../check/chain-trust.js';
import { demoPassphrase, openDemoHome } from '../demo/demo-home.js';
import { runDemo } from '../demo/run-demo.js';
import { ExitCode, inputError } from '../errors.js';
import { readSystemRoots } from '../net/trust-anchors.js';
import { terminalPrompt } from '../secrets/passphrase.js';
import { readTopologyFile } from '../topology/read-topology.js';
import { defaultMaxUploadBytes, launchConsole } from '../web/launch-console.js';
import { defaultTimeoutMs, defaultWarnDays } from './check-options.js';
import type { Command } from './command.js';
import type { CliIo } from './io.js';
import { openBrowser } from './open-browser.js';
import { flagOption, integerOption, stringOption } from './options.js';
import { writeOutputFile } from './output-file.js';
import { type DemoFacts, renderDemoJson, renderDemoText } from './render-demo.js';
import { failsOn } from './render-findings.js';
import { renderConsoleLines, waitForInterrupt } from './serve-command.js';

/** The embedded topology: examples/contoso.yaml of the package (dist/src/cli → the root). */
const contosoTopology = fileURLToPath(new URL('../../../examples/contoso.yaml', import.meta.url));

/** A path as the user would type it from where they are: relative when below the cwd. */
function displayPath(path: string, cwd: string): string {
  const below = relative(cwd, path);
  return below !== '' && !below.startsWith('..') && !isAbsolute(below) ? below : path;
}

function writeRootFile(home: string, name: string, der: Uint8Array): string {
  return writeOutputFile(
    { cwd: home },
    `${publicationFileStem(name)}.pem`,
    encodePem('CERTIFICATE', der),
    'public',
  );
}

async function runDemoCommand(values: Parameters<Command['run']>[0]['values'], io: CliIo): Promise<number> {
  const topologyOption = stringOption(values, 'topology');
  const topologyFile = topologyOption ?? contosoTopology;
  const { topology } = await readTopologyFile(topologyFile, io.cwd);
  const topologyPath = topologyOption ?? displayPath(contosoTopology, io.cwd);
  const home = openDemoHome({
    homeOption: stringOption(values, 'home'),
    env: io.env,
    cwd: io.cwd,
    tmpdir: tmpdir(),
    reuse: flagOption(values, 'reuse'),
    prompt: terminalPrompt(),
  });
  const serveConsole = !flagOption(values, 'no-serve');
  const keepRunning = flagOption(values, 'keep-running') || serveConsole;
  try {
    const systemRoots = readSystemRoots();
    const session = await runDemo({
      store: home.store,
      passphrase: home.passphrase,
      now: io.now(),
      clock: io.now,
      topology,
      topologyPath,
      trustStoreWith: (root) => buildTrustStore(systemRoots, [root]),
      warnDays: defaultWarnDays,
      timeoutMs: defaultTimeoutMs,
      plantMistakes: !flagOption(values, 'clean'),
    });
    try {
      const facts: DemoFacts = {
        session,
        home: home.store.home,
        fresh: home.fresh,
        passphraseFrom: home.passphraseFrom,
        demoPassphrase,
        topologyPath,
        rootFile: writeRootFile(
          home.store.home,
          session.ca.root.facts.subject.replace(/^CN=/, ''),
          session.ca.root.der,
        ),
        keepRunning,
        console: serveConsole,
      };
      const json = flagOption(values, 'json');
      if (serveConsole) {
        const running = await launchConsole({
          store: home.store,
          topology: { topology, path: topologyPath },
          caFiles: [facts.rootFile],
          trustStore: session.trustStore,
          routes: session.endpoints.routes,
          // The console runs commands that open keys: they get the passphrase the demo used.
          env: { ...io.env, UCCERT_PASSPHRASE: await home.passphrase() },
          now: io.now,
          cwd: io.cwd,
          binding: {
            host: '127.0.0.1',
            port: integerOption(values, 'port', 0, 65535) ?? 0,
            token: undefined,
          },
          warnDays: defaultWarnDays,
          timeoutMs: defaultTimeoutMs,
          maxUploadBytes: defaultMaxUploadBytes,
          demo: {
            mistakes: session.mistakes,
            probeExamples: session.endpoints.endpoints
              .filter((e) => e.endpoint.use === 'Default' || e.endpoint.use === 'AccessEdgeExternal')
              .slice(0, 4)
              .map((e) => ({ target: `127.0.0.1:${e.port}`, sni: e.endpoint.host })),
          },
        });
        try {
          io.stdout(
            json
              ? renderDemoJson(facts, running.url)
              : `${renderDemoText(facts)}\n${renderConsoleLines(running)}`,
          );
          if (!flagOption(values, 'no-open'))
            openBrowser(running.openUrl, { env: io.env, platform: process.platform });
          await waitForInterrupt();
        } finally {
          await running.close();
        }
      } else {
        io.stdout(json ? renderDemoJson(facts, null) : renderDemoText(facts));
        if (keepRunning) await waitForInterrupt();
      }
    } finally {
      await session.close();
    }
    const findings = session.check.checks.flatMap((c) => c.findings);
    if (failsOn(findings, 'error')) return ExitCode.findings;
    return session.check.unreachable.length > 0 ? ExitCode.environment : ExitCode.ok;
  } finally {
    home.store.close();
  }
}

export const demoCommand: Command = {
  name: 'demo',
  usage: [
    'demo [--topology FILE] [--clean] [--home DIR] [--reuse] [--port N] [--no-open] [--no-serve [--keep-running]] [--json]',
  ],
  optionHelp: [
    ['--topology FILE', 'the deployment to stand up (default: the embedded examples/contoso.yaml)'],
    [
      '--home DIR',
      'the uccert store to use (default $UCCERT_HOME, else a fresh temporary directory with the passphrase "uccert-demo")',
    ],
    ['--reuse', 'use a store that already holds certificates (the demo refuses one otherwise)'],
    ['--clean', 'the same deployment without the three planted mistakes'],
    ['--port N', 'the console port (default: any free port, printed)'],
    ['--no-open', 'do not open a browser (nor when $BROWSER is "none" or there is no display)'],
    ['--no-serve', 'print the report and stop, without the console'],
    [
      '--keep-running',
      'with --no-serve: keep the TLS endpoints and the CRL server up until Ctrl-C, to probe them',
    ],
    ['--json', 'print one JSON document: home, CA, certificates, endpoints and the check report'],
  ],
  examples: [
    'uccert demo',
    'uccert demo --clean --no-open',
    'uccert demo --no-serve --home ./contoso-lab --json',
  ],
  options: {
    topology: { type: 'string' },
    reuse: { type: 'boolean' },
    'keep-running': { type: 'boolean' },
    clean: { type: 'boolean' },
    port: { type: 'string' },
    'no-open': { type: 'boolean' },
    'no-serve': { type: 'boolean' },
  },
  async run(args, io) {
    if (args.positionals.length > 0) {
      throw inputError(
        'BAD_USAGE',
        `demo: unexpected "${args.positionals[0]}"`,
        'run `uccert demo` alone, or give another topology with --topology FILE',
      );
    }
    return runDemoCommand(args.values, io);
  },
};
