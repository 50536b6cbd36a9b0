// `uccert plan TOPOLOGY`: the certificates each server needs: subject, names and why, key,
// CA kind; as text, the Plan JSON, a PowerShell runbook or certreq INF files.

import { inputError } from '../errors.js';
import { certreqFileName, renderCertreqInf } from '../powershell/certreq-inf.js';
import { renderPowerShell } from '../powershell/request-commands.js';
import type { Grouping, Plan, PlanOptions } from '../requirements/plan-model.js';
import { planRequirements } from '../requirements/plan-requirements.js';
import { type LoadedTopology, readTopologyFile, type TopologyOverrides } from '../topology/read-topology.js';
import type { Command, OptionValues } from './command.js';
import type { CliIo } from './io.js';
import { flagOption, stringListOption, stringOption } from './options.js';
import { planTextChunks } from './plan-text.js';

const formats = ['text', 'json', 'powershell', 'certreq'] as const;
type Format = (typeof formats)[number];

export const planCommand: Command = {
  name: 'plan',
  usage: [
    'plan TOPOLOGY [--server FQDN [--domain-name "a,b"]] [--combined | --separate] [--all-sip-domain]',
    '     [--json | --format text|json|powershell|certreq] [--ca "HOST\\CA NAME"]',
    'plan TOPOLOGY.xml [--product P] [--meet URL]… [--dialin URL] [--admin URL] [--mobility] [--extra FILE.yaml]',
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
    ['--ca "HOST\\NAME"', 'enterprise CA for online requests in the PowerShell runbook (else -Output files)'],
    ['--product P', 'topology XML: lync2010, lync2013, sfb2015 or sfb2019 (else read from ServiceVersion)'],
    ['--meet URL', 'topology XML: a Meet simple URL (repeat for each)'],
    ['--dialin URL', 'topology XML: the Dial-in simple URL'],
    ['--admin URL', 'topology XML: the Admin simple URL'],
    ['--mobility', 'topology XML: mobility is deployed (lyncdiscover names)'],
    ['--extra FILE', 'topology XML: YAML with simpleUrls, mobility, autoLogon, xmppDomains, reverseProxy'],
  ],
  examples: [
    'uccert plan examples/contoso.yaml',
    'uccert plan examples/contoso.yaml --server fe01.contoso.net --format powershell --ca "ca01.contoso.net\\Contoso CA"',
    'uccert plan examples/contoso.yaml --format certreq --server reverse-proxy > rp.inf',
    'uccert plan topology.xml --product sfb2015 --meet https://meet.contoso.com --dialin https://dialin.contoso.com',
  ],
  options: {
    server: { type: 'string' },
    combined: { type: 'boolean' },
    separate: { type: 'boolean' },
    'all-sip-domain': { type: 'boolean' },
    'domain-name': { type: 'string', multiple: true },
    format: { type: 'string' },
    ca: { type: 'string' },
    product: { type: 'string' },
    meet: { type: 'string', multiple: true },
    dialin: { type: 'string' },
    admin: { type: 'string' },
    mobility: { type: 'boolean' },
    extra: { type: 'string' },
  },
  async run(args, io) {
    const [path, ...rest] = args.positionals;
    if (path === undefined || rest.length > 0) {
      throw inputError(
        'BAD_USAGE',
        path === undefined
          ? 'plan: give one topology file'
          : `plan: one topology file at a time, got ${args.positionals.length}`,
        'uccert plan examples/contoso.yaml',
      );
    }
    const format = parseFormat(args.values);
    const options = parsePlanOptions(args.values);
    const loaded = await readTopologyFile(path, io.cwd, parseOverrides(args.values));
    reportProvenance(loaded, path, io);
    const plan = planRequirements(loaded.topology, options);
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

function parsePlanOptions(values: OptionValues): PlanOptions {
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
      `add the server (or pool) they belong to: uccert plan TOPOLOGY --server fe01.contoso.net --domain-name "${domainNames.join(',')}"`,
    );
  }
  return { grouping, allSipDomain: flagOption(values, 'all-sip-domain'), domainNames, server };
}

function parseOverrides(values: OptionValues): TopologyOverrides {
  const o: { -readonly [K in keyof TopologyOverrides]: TopologyOverrides[K] } = {};
  const product = stringOption(values, 'product');
  const dialin = stringOption(values, 'dialin');
  const admin = stringOption(values, 'admin');
  const extra = stringOption(values, 'extra');
  const meet = stringListOption(values, 'meet');
  if (product !== undefined) o.product = product;
  if (dialin !== undefined) o.dialin = dialin;
  if (admin !== undefined) o.admin = admin;
  if (extra !== undefined) o.extraFile = extra;
  if (meet.length > 0) o.meet = meet;
  if (flagOption(values, 'mobility')) o.mobility = true;
  return o;
}

/** For a topology XML: what was read and what was assumed, on stderr (stdout stays one document). */
function reportProvenance(loaded: LoadedTopology, path: string, io: CliIo): void {
  if (loaded.format !== 'xml') return;
  const lines = [
    `uccert: read from ${path}:`,
    ...loaded.read.map((l) => `  - ${l}`),
    ...(loaded.assumed.length > 0 ? ['uccert: assumed:', ...loaded.assumed.map((l) => `  - ${l}`)] : []),
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
      return planJsonChunks(plan);
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
    case 'certreq': {
      // Without --server: the certificates a public CA issues; with it: all of that server's.
      const chosen =
        options.server === null ? plan.certificates.filter((c) => c.publicCa) : plan.certificates;
      return [chosen.map((c) => `; ==== ${certreqFileName(c)}\n${renderCertreqInf(c)}`).join('\n')];
    }
  }
}

/**
 * `{ requirements, certificates }` exactly as JSON.stringify(plan, null, 2) writes it, one element
 * at a time: the whole document of a large plan is past what one string may hold (512 MiB).
 */
function* planJsonChunks(plan: Plan): Generator<string> {
  const lists = [
    ['requirements', plan.requirements],
    ['certificates', plan.certificates],
  ] as const;
  yield '{\n';
  for (const [i, [key, items]] of lists.entries()) {
    const end = i === lists.length - 1 ? '\n' : ',\n';
    if (items.length === 0) {
      yield `  "${key}": []${end}`;
      continue;
    }
    yield `  "${key}": [\n`;
    for (const [j, item] of items.entries()) {
      // JSON strings hold no raw newline, so every newline is one of the layout's.
      const text = JSON.stringify(item, null, 2).replaceAll('\n', '\n    ');
      yield `    ${text}${j === items.length - 1 ? '\n' : ',\n'}`;
    }
    yield `  ]${end}`;
  }
  yield '}\n';
}
