// `uccert set --server FQDN --type T,… --thumbprint X`: Set-CsCertificate in the store [PS-SET].
// With --topology the certificate is checked for every use and refused (exit 1) on an error unless
// --force; --roll --effective-date stages it. Prints the equivalent Set-CsCertificate line.

import { assignCertificate, type SetRequest, validateSetRequest } from '../assign/set-assignment.js';
import { ExitCode, inputError } from '../errors.js';
import { readSystemRoots } from '../net/trust-anchors.js';
import { parseUseList } from '../requests/planned-certificate-lookup.js';
import { resolveHome } from '../store/home.js';
import { openStore } from '../store/store.js';
import { type DeploymentTopology, loadDeploymentTopology } from '../topology/deployment-topology.js';
import type { Command } from './command.js';
import type { CliIo } from './io.js';
import { noStoreYet, requireStoreFile } from './lab-ca-session.js';
import { flagOption, stringListOption, stringOption } from './options.js';
import { renderSetText, setJson } from './render-assignment.js';

function parseEffectiveDate(text: string | undefined): Date | null {
  if (text === undefined) return null;
  // ISO 8601 with a date and a time; a zone-less time would depend on this machine's zone.
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)
    ? new Date(text)
    : null;
  if (at === null || Number.isNaN(at.getTime())) {
    throw inputError(
      'BAD_OPTION_VALUE',
      `--effective-date "${text}" is not an ISO 8601 time with a zone`,
      'give it as 2026-07-01T06:00:00Z (UTC) or 2026-07-01T08:00:00+02:00',
    );
  }
  return at;
}

function required(values: Parameters<typeof stringOption>[0], name: string, example: string): string {
  const value = stringOption(values, name);
  if (value === undefined || value === '') {
    throw inputError('BAD_USAGE', `set needs --${name}`, `for example: --${name} ${example}`);
  }
  return value;
}

export const setCommand: Command = {
  name: 'set',
  usage: [
    'set --server FQDN --type T,… --thumbprint X [--topology FILE] [--roll --effective-date ISO] [--force]',
  ],
  optionHelp: [
    ['--server FQDN', 'the server; "global" for OAuthTokenIssuer (Set-CsCertificate -Identity global)'],
    ['--type T,…', 'the uses, as Set-CsCertificate -Type names them; one certificate for all of them'],
    ['--thumbprint X', 'the certificate, from uccert import, request or get'],
    [
      '--topology FILE',
      "the topology to check against (default: the deployment's, uccert topology use); an error refuses the certificate",
    ],
    ['--roll', 'stage it: it takes over at --effective-date; the current one stays as previous'],
    [
      '--effective-date ISO',
      'when it takes over (ISO 8601 with a zone); 8 h before the old A/V certificate expires, 24 h for OAuth',
    ],
    ['--force', 'assign even when the checks or the lead time refuse it (says what it leaves broken)'],
    ['--home DIR', 'the uccert store'],
    ['--json', 'print one JSON document'],
  ],
  examples: [
    'uccert set --server fe01.contoso.net --type Default,WebServicesInternal,WebServicesExternal --thumbprint 66DC…E4A3 --topology examples/contoso.yaml',
    'uccert set --server edge01.contoso.net --type AudioVideoAuthentication --thumbprint 3845…C5E4 --roll --effective-date 2026-07-01T06:00:00Z',
    'uccert set --server global --type OAuthTokenIssuer --thumbprint 9A1B…0C2D',
  ],
  options: {
    server: { type: 'string' },
    type: { type: 'string', multiple: true },
    thumbprint: { type: 'string' },
    topology: { type: 'string' },
    roll: { type: 'boolean' },
    'effective-date': { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(args, io) {
    if (args.positionals.length > 0) {
      throw inputError(
        'BAD_USAGE',
        `set: unexpected "${args.positionals[0]}"`,
        'run `uccert set --help` for its options',
      );
    }
    const server = required(args.values, 'server', 'fe01.contoso.net');
    const uses = parseUseList(stringListOption(args.values, 'type'), 'type');
    const thumbprint = required(args.values, 'thumbprint', '66DC87878F4527B95519CEE9034CF684CE47E4A3');
    const topologyPath = stringOption(args.values, 'topology');
    const home = resolveHome({ homeOption: stringOption(args.values, 'home'), env: io.env, cwd: io.cwd });
    const topology = await loadSetTopology(home, topologyPath, io);
    const request: SetRequest = {
      server,
      uses,
      thumbprint,
      topology,
      effectiveDate: parseEffectiveDate(stringOption(args.values, 'effective-date')),
      roll: flagOption(args.values, 'roll'),
      force: flagOption(args.values, 'force'),
      // The trust `check` uses: this machine's roots (the store's are added when it is open).
      systemRoots: topology === null ? [] : readSystemRoots(),
    };
    // Bad flags fail before the store is opened (or created).
    validateSetRequest(request);
    requireStoreFile(home, noStoreYet('uccert import FILE', 'uccert request --new'));
    const store = openStore(home);
    try {
      const result = await assignCertificate(store, request, io.now());
      io.stdout(
        flagOption(args.values, 'json')
          ? `${JSON.stringify(setJson(result), null, 2)}\n`
          : renderSetText(result),
      );
      return result.assigned ? ExitCode.ok : ExitCode.findings;
    } finally {
      store.close();
    }
  },
};

/**
 * The topology `set` checks against: --topology, else the deployment's remembered one (so the
 * guard rails apply by default), else none (a note says the certificate was not checked).
 */
async function loadSetTopology(
  home: string,
  given: string | undefined,
  io: CliIo,
): Promise<SetRequest['topology']> {
  let loaded: DeploymentTopology;
  try {
    loaded = await loadDeploymentTopology(home, given, { cwd: io.cwd, now: io.now() });
  } catch (error) {
    if (given === undefined && error instanceof Error && (error as { code?: string }).code === 'NO_TOPOLOGY')
      return null;
    throw error;
  }
  for (const note of loaded.notes) io.stderr(`uccert: note: ${note}\n`);
  return { topology: loaded.topology, path: loaded.path };
}
