// `uccert plan TOPOLOGY`: the certificates each server needs: subject, names and why, key,
// CA kind; as text, the Plan JSON, a PowerShell runbook or certreq INF files.

import { join } from 'node:path';
import { inputError } from '../errors.js';
import { certreqFileName, defaultCertificateTemplate, renderCertreqInf } from '../powershell/certreq-inf.js';
import { renderPowerShell } from '../powershell/request-commands.js';
import type { Grouping, Plan, PlanOptions } from '../requirements/plan-model.js';
import { planRequirements } from '../requirements/plan-requirements.js';
import { resolveHome } from '../store/home.js';
import { type DeploymentTopology, loadDeploymentTopology } from '../topology/deployment-topology.js';
import type { LoadedTopology } from '../topology/read-topology.js';
import type { Command, OptionValues } from './command.js';
import type { CliIo } from './io.js';
import { createOutputDirectory, writePublicFile } from './lab-ca-session.js';
import { flagOption, stringListOption, stringOption } from './options.js';
import { planTextChunks } from './plan-text.js';
import {
  parseTopologyOverrides,
  topologyOverrideHelp,
  topologyOverrideOptions,
} from './topology-overrides.js';

const formats = ['text', 'json', 'powershell', 'certreq'] as const;
type Format = (typeof formats)[number];

export const planCommand: Command = {
  name: 'plan',
  usage: [
    'plan [TOPOLOGY] [--server FQDN [--domain-name "a,b"]] [--combined | --separate] [--all-sip-domain]',
    '     [--json | --format text|json|powershell|certreq [--out-dir DIR] [--template NAME]] [--ca "HOST\\CA NAME"]',
    'plan TOPOLOGY.xml|.tbxml|.zip [--product P] [--meet URL]… [--dialin URL] [--admin URL] [--mobility] [--extra FILE.yaml] [--simple-urls FILE.json]',
    '     (no TOPOLOGY: the one the store remembers, uccert topology use FILE)',
  ],
  optionHelp: [
    ['--server FQDN', 'only this server (or pool) and its certificates; reverse-proxy for the reverse proxy'],
    ['--combined', 'one certificate for Default and both web services per server (the default)'],
    ['--separate', 'one certificate per use (the Edge A/V authentication certificate decoupled)'],
    ['--all-sip-domain', 'as Request-CsCertificate -AllSipDomain: SIP-domain names for every SIP domain'],
    [
      '--domain-name "a,b"',
      "as Request-CsCertificate -DomainName: extra names on --server's certificates (a wildcard only where allowed)",
    ],
    ['--format F', 'text (default), json (the Plan JSON), powershell, certreq (public-CA certificates)'],
    ['--json', 'the same as --format json'],
    ['--out-dir DIR', 'certreq: write one INF file per certificate into DIR (needed for more than one)'],
    [
      '--template NAME',
      `certreq: the enterprise CA's certificate template for internal certificates (default ${defaultCertificateTemplate})`,
    ],
    ['--ca "HOST\\NAME"', 'enterprise CA for online requests in the PowerShell runbook (else -Output files)'],
    ...topologyOverrideHelp,
    ['--home DIR', 'the uccert store whose remembered topology is used when none is given'],
  ],
  examples: [
    'uccert plan examples/contoso.yaml',
    'uccert plan examples/contoso.yaml --server fe01.contoso.net --format powershell --ca "ca01.contoso.net\\Contoso CA"',
    'uccert plan examples/contoso.yaml --format certreq --server reverse-proxy > rp.inf',
    'uccert plan examples/contoso.yaml --format certreq --out-dir certreq',
    'uccert plan topology.xml --product sfb2015 --meet https://meet.contoso.com --dialin https://dialin.contoso.com',
    'uccert plan topology.tbxml --simple-urls simple-urls.json',
  ],
  options: {
    server: { type: 'string' },
    combined: { type: 'boolean' },
    separate: { type: 'boolean' },
    'all-sip-domain': { type: 'boolean' },
    'domain-name': { type: 'string', multiple: true },
    format: { type: 'string' },
    'out-dir': { type: 'string' },
    template: { type: 'string' },
    ca: { type: 'string' },
    ...topologyOverrideOptions,
  },
  async run(args, io) {
    const [given, ...rest] = args.positionals;
    if (rest.length > 0) {
      throw inputError(
        'BAD_USAGE',
        `plan: one topology file at a time, got ${args.positionals.length}`,
        'uccert plan examples/contoso.yaml',
      );
    }
    const format = parseFormat(args.values);
    const options = parsePlanOptions(args.values, given ?? 'TOPOLOGY');
    const home = resolveHome({ homeOption: stringOption(args.values, 'home'), env: io.env, cwd: io.cwd });
    const loaded = await loadDeploymentTopology(home, given, {
      cwd: io.cwd,
      now: io.now(),
      overrides: parseTopologyOverrides(args.values),
    });
    const path = loaded.path;
    const plan = planRequirements(loaded.topology, options);
    reportProvenance(loaded, path, io);
    if (format === 'certreq') {
      writeCertreq(plan, options, given ?? path, args.values, io);
      return 0;
    }
    for (const chunk of renderPlan(
      plan,
      format,
      loaded,
      path,
      options,
      stringOption(args.values, 'ca') ?? null,
    ))
      io.stdout(chunk);
    return 0;
  },
};

function parseFormat(values: OptionValues): Format {
  const given = stringOption(values, 'format');
  if (flagOption(values, 'json')) {
    if (given !== undefined && given !== 'json') {
      throw inputError(
        'BAD_USAGE',
        `plan: --json and --format ${given} contradict each other`,
        'give one of them',
      );
    }
    return 'json';
  }
  if (given === undefined) return 'text';
  if ((formats as readonly string[]).includes(given)) return given as Format;
  throw inputError(
    'BAD_OPTION_VALUE',
    `--format "${given}" is not a plan format (known: ${formats.join(', ')})`,
    'uccert plan TOPOLOGY --format powershell',
  );
}

function parsePlanOptions(values: OptionValues, path: string): PlanOptions {
  if (flagOption(values, 'combined') && flagOption(values, 'separate')) {
    throw inputError(
      'BAD_USAGE',
      'plan: --combined and --separate contradict each other',
      'give one of them (--combined is the default)',
    );
  }
  const grouping: Grouping = flagOption(values, 'separate') ? 'separate' : 'combined';
  const domainNames = stringListOption(values, 'domain-name');
  const server = stringOption(values, 'server') ?? null;
  // Request-CsCertificate -DomainName belongs to one request; without --server the names would
  // land on every certificate, the Edge external and OAuthTokenIssuer ones included ([PS-REQ]).
  if (domainNames.length > 0 && server === null) {
    throw inputError(
      'BAD_USAGE',
      `plan: --domain-name "${domainNames.join(',')}" needs --server: as Request-CsCertificate -DomainName, the names go on one server's certificates`,
      `add the server (or pool) they belong to: uccert plan ${path} --server fe01.contoso.net --domain-name "${domainNames.join(',')}"`,
    );
  }
  return { grouping, allSipDomain: flagOption(values, 'all-sip-domain'), domainNames, server };
}

/** For a topology XML: what was read and what was assumed, on stderr (stdout stays one document). */
function reportProvenance(loaded: DeploymentTopology, path: string, io: CliIo): void {
  const notes = loaded.notes.map((n) => `uccert: note: ${n}`);
  if (loaded.format === 'yaml') {
    if (loaded.remembered) notes.unshift(`uccert: topology: ${path} (remembered by the store)`);
    if (notes.length > 0) io.stderr(`${notes.join('\n')}\n`);
    return;
  }
  const lines = [
    `uccert: read from ${path}${loaded.remembered ? ' (remembered by the store)' : ''}:`,
    ...loaded.read.map((l) => `  - ${l}`),
    ...(loaded.assumed.length > 0 ? ['uccert: assumed:', ...loaded.assumed.map((l) => `  - ${l}`)] : []),
    ...notes,
  ];
  io.stderr(`${lines.join('\n')}\n`);
}

/** The plan in the chosen format, in pieces that are written as they come (see planTextChunks). */
function renderPlan(
  plan: Plan,
  format: Format,
  loaded: LoadedTopology,
  source: string,
  options: PlanOptions,
  ca: string | null,
): Iterable<string> {
  switch (format) {
    case 'json':
      return planJsonChunks(plan, { path: source, ...loaded.provenance });
    case 'text':
      return planTextChunks(plan, { source, topology: loaded.topology, grouping: options.grouping });
    case 'powershell':
      return [
        renderPowerShell(plan, {
          product: loaded.topology.product,
          ca,
          folder: 'C:\\uccert',
          source,
        }),
      ];
    case 'certreq':
      throw new Error('certreq INF files are written by writeCertreq');
  }
}

/**
 * certreq INF files: one per certificate, since certreq reads one [NewRequest] per file (issue
 * 8.10). One certificate goes to stdout; several need --out-dir, and are refused on stdout.
 */
function writeCertreq(
  plan: Plan,
  options: PlanOptions,
  source: string,
  values: OptionValues,
  io: CliIo,
): void {
  // Without --server: the certificates a public CA issues; with it: all of that server's.
  const chosen = options.server === null ? plan.certificates.filter((c) => c.publicCa) : plan.certificates;
  const template = stringOption(values, 'template') ?? defaultCertificateTemplate;
  const outDir = stringOption(values, 'out-dir');
  if (outDir === undefined) {
    if (chosen.length > 1) {
      const server = options.server === null ? '' : ` --server ${options.server}`;
      throw inputError(
        'CERTREQ_NEEDS_OUT_DIR',
        `plan --format certreq selects ${chosen.length} certificates (${chosen.map(certreqFileName).join(', ')}): certreq reads one [NewRequest] per INF file, so they cannot share stdout`,
        `write one file each: uccert plan ${source} --format certreq${server} --out-dir certreq`,
      );
    }
    io.stdout(chosen.map((c) => renderCertreqInf(c, { template })).join(''));
    return;
  }
  createOutputDirectory(io, outDir);
  const written = chosen.map((c) => ({
    c,
    path: writePublicFile(io, join(outDir, certreqFileName(c)), renderCertreqInf(c, { template })),
  }));
  const lines = [
    `Wrote ${written.length} certreq INF file${written.length === 1 ? '' : 's'}, one per certificate:`,
    ...written.map(
      ({ c, path }) => `  ${path}: certificate #${c.id} (${c.uses.join(', ')}) for ${c.servers.join(', ')}`,
    ),
    '',
    'On a Windows machine, for each: certreq -new FILE.inf FILE.req, then send FILE.req to the CA',
  ];
  io.stdout(`${lines.join('\n')}\n`);
}

/**
 * `{ requirements, certificates }` exactly as JSON.stringify(plan, null, 2) writes it, one element
 * at a time: the whole document of a large plan is past what one string may hold (512 MiB).
 */
function* planJsonChunks(plan: Plan, topology: unknown): Generator<string> {
  const lists = [
    ['requirements', plan.requirements],
    ['certificates', plan.certificates],
  ] as const;
  yield '{\n';
  for (const [key, items] of lists) {
    if (items.length === 0) {
      yield `  "${key}": [],\n`;
      continue;
    }
    yield `  "${key}": [\n`;
    for (const [j, item] of items.entries()) {
      // JSON strings hold no raw newline, so every newline is one of the layout's.
      const text = JSON.stringify(item, null, 2).replaceAll('\n', '\n    ');
      yield `    ${text}${j === items.length - 1 ? '\n' : ',\n'}`;
    }
    yield '  ],\n';
  }
  yield `  "topology": ${JSON.stringify(topology, null, 2).replaceAll('\n', '\n  ')}\n`;
  yield '}\n';
}
