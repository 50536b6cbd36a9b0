// The CLI face: the routing table, global help, option parsing, and the one place where errors
// become messages and exit codes. Commands are loaded only when called, to keep start-up lean.

import { parseArgs } from 'node:util';
import { ExitCode, UccertError } from '../errors.js';
import type { Command, OptionSpec } from './command.js';
import type { CliIo } from './io.js';
import { explainUsageError } from './usage-error.js';

interface Route {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

/** Every command, in the order `uccert --help` lists them. */
const routes: Readonly<Record<string, Route>> = {
  show: {
    summary: 'every property of every certificate in PEM/DER/PFX/P7B/CSR files (stdin as -)',
    load: async () => (await import('./show-command.js')).showCommand,
  },
  probe: {
    summary: 'connect with TLS, show the presented chain and the handshake, and check it',
    load: async () => (await import('./probe-command.js')).probeCommand,
  },
  plan: {
    summary: 'the certificates each server needs: subject, names and why, key, CA (--format powershell)',
    load: async () => (await import('./plan-command.js')).planCommand,
  },
  check: {
    summary: 'check certificates against the topology: names, wildcards, validity, EKU, keys, chain',
    load: async () => (await import('./check-command.js')).checkCommand,
  },
  discover: {
    summary: 'resolve the Lync/SfB DNS records of SIP domains and check the certificates at their targets',
    load: async () => (await import('./discover-command.js')).discoverCommand,
  },
  scan: {
    summary:
      'probe every endpoint of the deployment concurrently: served vs assigned vs planned (drift), expiry, history',
    load: async () => (await import('./scan-command.js')).scanCommand,
  },
  ca: {
    summary: 'the embedded lab CA: init (root + issuing CA), issue a CSR, revoke, sign and serve the CRL',
    load: async () => (await import('./ca-command.js')).caCommand,
  },
  'client-cert': {
    summary: 'client certificates for SIP users from the lab CA: issue, list, revoke',
    load: async () => (await import('./client-cert-command.js')).clientCertCommand,
  },
  request: {
    summary:
      'a key and a request with the names the plan gives: issued by the lab CA now, or a CSR for another CA',
    load: async () => (await import('./request-command.js')).requestCommand,
  },
  import: {
    summary:
      "a certificate (PEM, DER, PFX, P7B) into the store, matched to its request's key; says which names the CA dropped",
    load: async () => (await import('./import-command.js')).importCommand,
  },
  export: {
    summary:
      'a stored certificate with its chain and key as PFX (or PEM), and the Import-/Set-CsCertificate lines',
    load: async () => (await import('./export-command.js')).exportCommand,
  },
  set: {
    summary:
      "assign a certificate to a server's uses (Set-CsCertificate), checked against the plan; --roll stages it",
    load: async () => (await import('./set-command.js')).setCommand,
  },
  get: {
    summary:
      'the assignments: current and previous certificate per server and use, every property, and their history',
    load: async () => (await import('./get-command.js')).getCommand,
  },
  remove: {
    summary: "un-assign a certificate from a server's uses (Remove-CsCertificate), or only the previous one",
    load: async () => (await import('./remove-command.js')).removeCommand,
  },
  serve: {
    summary:
      'the web console and HTTP API over the store and topology (loopback by default; a token elsewhere)',
    load: async () => (await import('./serve-command.js')).serveCommand,
  },
  demo: {
    summary:
      'a whole deployment on this machine (Contoso, or --topology) with three planted mistakes, scanned, in the console',
    load: async () => (await import('./demo-command.js')).demoCommand,
  },
};

/** Options every command takes. */
const commonOptions: OptionSpec = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  home: { type: 'string' },
};

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UccertError) {
      io.stderr(`uccert: ${error.message}\n  ${error.hint}\n`);
      return error.exitCode;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`uccert: internal error (this is a bug in uccert; please report it):\n${detail}\n`);
    return 70;
  }
}

export async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(renderGlobalHelp());
    return ExitCode.ok;
  }
  if (name === '--version') {
    io.stdout('uccert 0.1.0\n');
    return ExitCode.ok;
  }
  const route = routes[name];
  if (route === undefined) {
    throw new UccertError(
      'input',
      'UNKNOWN_COMMAND',
      `"${name}" is not a uccert command (known: ${Object.keys(routes).join(', ')})`,
      'run `uccert --help` for the list of commands',
    );
  }
  const command = await route.load();
  const options = { ...commonOptions, ...command.options };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw explainUsageError(error instanceof Error ? error.message : String(error), name, rest);
  }
  if (parsed.values.help === true) {
    io.stdout(renderCommandHelp(command, route.summary));
    return ExitCode.ok;
  }
  return command.run({ values: parsed.values, positionals: parsed.positionals }, io);
}

function renderGlobalHelp(): string {
  const width = Math.max(...Object.keys(routes).map((n) => n.length));
  const lines = Object.entries(routes).map(([n, r]) => `  ${n.padEnd(width)}  ${r.summary}`);
  return [
    'uccert: certificates for Lync / Skype for Business Server, planned, issued, checked and assigned',
    '',
    'USAGE',
    '  uccert COMMAND [options]',
    '',
    'COMMANDS',
    ...lines,
    '',
    'Every command takes --help, --json (one JSON document on stdout) and --home DIR (state; default',
    '$UCCERT_HOME or ~/.uccert).',
    '',
    'EXIT CODES',
    '  0 success   1 problems of severity error found   2 bad usage or unreadable input',
    '  3 environment failure (network, CA, store)',
    '',
  ].join('\n');
}

function renderCommandHelp(command: Command, summary: string): string {
  const width = Math.max(0, ...command.optionHelp.map(([flag]) => flag.length));
  return [
    `uccert ${command.name}: ${summary}`,
    '',
    'USAGE',
    ...command.usage.map((u) => `  uccert ${u}`),
    '',
    'OPTIONS',
    ...command.optionHelp.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    '',
    'EXAMPLES',
    ...command.examples.map((e) => `  ${e}`),
    '',
    'EXIT CODES',
    '  0 success   1 problems of severity error found   2 bad usage or unreadable input',
    '  3 environment failure (network, CA, store)',
    '',
  ].join('\n');
}
