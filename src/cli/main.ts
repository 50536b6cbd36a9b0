// The CLI face: the routing table, global help, option parsing, and the one place where errors
// become messages and exit codes. Commands are loaded only when called, to keep start-up lean.

import { parseArgs } from 'node:util';
import { ExitCode, UccertError } from '../errors.js';
import { renderInputLimits } from '../input-limits.js';
import type { Command, OptionSpec } from './command.js';
import { type CliIo, printJson } from './io.js';
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
  renew: {
    summary:
      'new keys and requests from the CURRENT plan for certificates in use, with the name diff; staged rolls for A/V and OAuth',
    load: async () => (await import('./renew-command.js')).renewCommand,
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
  topology: {
    summary:
      "the deployment's topology, remembered by the store: use FILE (YAML, topology XML, .tbxml, ZIP), show",
    load: async () => (await import('./topology-command.js')).topologyCommand,
  },
  inventory: {
    summary:
      'what each server really has: a PowerShell script for Get-CsCertificate and the DER, and import of its files',
    load: async () => (await import('./inventory-command.js')).inventoryCommand,
  },
  store: {
    summary: 'the store itself: check its integrity, back it up while in use, change its passphrase',
    load: async () => (await import('./store-command.js')).storeCommand,
  },
  evidence: {
    summary:
      'a change-ticket pack: plan, runbook, CSRs and certificates, scans before/after, findings, history, HTML report; no secrets',
    load: async () => (await import('./evidence-command.js')).evidenceCommand,
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

/**
 * The error document `--json` prints on stdout (architecture.md, "Command line"), beside the
 * message on stderr: a script reads the one, a person the other.
 */
export interface ErrorDocument {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly hint: string;
    /** The file, flag or value the error is about, where uccert knows it; else null. */
    readonly input: string | null;
  };
}

/**
 * `input` is what the error names; where it does not say, the first argument of the command line
 * that its message quotes (messages quote the value they are about, style.md), else null.
 */
export function describeError(error: UccertError, argv: readonly string[]): ErrorDocument {
  const quoted = argv.find((a) => a !== '' && error.message.includes(`"${a}"`));
  return {
    error: {
      code: error.code,
      message: error.message,
      hint: error.hint,
      input: error.input ?? quoted ?? null,
    },
  };
}

/** Whether the command line asks for JSON: --json (or plan's --format json) before any `--`. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const args = end === -1 ? argv : argv.slice(0, end);
  return args.some(
    (a, i) => a === '--json' || a === '--format=json' || (a === '--format' && args[i + 1] === 'json'),
  );
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    const json = wantsJson(argv);
    if (error instanceof UccertError) {
      io.stderr(`uccert: ${error.message}\n  ${error.hint}\n`);
      if (json) printJson(io, describeError(error, argv));
      return error.exitCode;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`uccert: internal error (this is a bug in uccert; please report it):\n${detail}\n`);
    if (json) {
      const message = error instanceof Error ? error.message : String(error);
      printJson(io, {
        error: {
          code: 'INTERNAL_ERROR',
          message: `internal error: ${message}`,
          hint: 'this is a bug in uccert; please report it with the command line',
          input: null,
        },
      } satisfies ErrorDocument);
    }
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
      { input: name },
    );
  }
  const command = await loadCommand(name, route);
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

/**
 * Loads a command's code. On a machine out of file handles or memory the import fails with a
 * system error: an environment failure (exit 3), not a bug (issue 9 item 11).
 */
async function loadCommand(name: string, route: Route): Promise<Command> {
  try {
    return await route.load();
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (!/^E[A-Z]+$/.test(code)) throw error;
    throw new UccertError(
      'environment',
      'SYSTEM_RESOURCES',
      `uccert could not load the code of "${name}": ${code}`,
      'close other programs or wait for the load to drop, then run the command again',
      { cause: error },
    );
  }
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
    'INPUT LIMITS (far beyond any real deployment; past one, uccert refuses the input with exit 2)',
    ...renderInputLimits(),
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
