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
import { defaultTimeoutMs, defaultWarnDays } from './check-options.js';
import type { Command } from './command.js';
import type { CliIo } from './io.js';
import { flagOption, stringOption } from './options.js';
import { writeOutputFile } from './output-file.js';
import { type DemoFacts, renderDemoJson, renderDemoText } from './render-demo.js';
import { failsOn } from './render-findings.js';

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

function waitForInterrupt(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
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
  const keepRunning = flagOption(values, 'keep-running');
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
      };
      io.stdout(flagOption(values, 'json') ? renderDemoJson(facts) : renderDemoText(facts));
      if (keepRunning) await waitForInterrupt();
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
  usage: ['demo [--topology FILE] [--home DIR] [--reuse] [--keep-running] [--json]'],
  optionHelp: [
    ['--topology FILE', 'the deployment to stand up (default: the embedded examples/contoso.yaml)'],
    [
      '--home DIR',
      'the uccert store to use (default $UCCERT_HOME, else a fresh temporary directory with the passphrase "contoso-demo")',
    ],
    ['--reuse', 'use a store that already holds certificates (the demo refuses one otherwise)'],
    ['--keep-running', 'keep the TLS endpoints and the CRL server up until Ctrl-C, to probe them'],
    ['--json', 'print one JSON document: home, CA, certificates, endpoints and the check report'],
  ],
  examples: ['uccert demo', 'uccert demo --keep-running', 'uccert demo --home ./contoso-lab --json'],
  options: {
    topology: { type: 'string' },
    reuse: { type: 'boolean' },
    'keep-running': { type: 'boolean' },
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
