// `uccert request`: Request-CsCertificate for every server of the topology [PS-REQ]. --new makes a
// key and a CSR with the plan's subject and names, then --ca local (the lab CA issues it now) or
// --output FILE.csr (offline). --list, --retrieve and --clear act on pending requests.

import { type CaContext, labCaMissing } from '../ca/ca-context.js';
import { keyAlgorithmNames } from '../ca/key-pair.js';
import { encodePem } from '../ca/pem-encoding.js';
import { inputError } from '../errors.js';
import { requestTwins } from '../openssl/openssl-twins.js';
import {
  findPlannedCertificate,
  globalServer,
  parseUseList,
} from '../requests/planned-certificate-lookup.js';
import {
  clearPendingRequest,
  listRequests,
  requestCertificate,
  retrieveRequest,
} from '../requests/request-certificate.js';
import { resolveHome } from '../store/home.js';
import type { KeyAlgorithmName } from '../store/private-key-records.js';
import { loadDeploymentTopology } from '../topology/deployment-topology.js';
import type { Command, ParsedCommandLine } from './command.js';
import { type CliIo, printJson } from './io.js';
import { noStoreYet, withLabCa, writePublicFile } from './lab-ca-session.js';
import { opensslOption, opensslOptionHelp, opensslSession } from './openssl-output.js';
import { flagOption, integerOption, stringListOption, stringOption } from './options.js';
import { certificateJson, renderCertificateText } from './render-certificate.js';
import {
  pendingRequestJson,
  type RequestOutcome,
  renderRequestListText,
  renderRequestText,
  requestJson,
} from './render-request.js';

const modes = ['new', 'list', 'retrieve', 'clear'] as const;
type Mode = (typeof modes)[number];

function chooseMode(args: ParsedCommandLine): Mode {
  const chosen = modes.filter((m) => flagOption(args.values, m));
  if (chosen.length !== 1) {
    throw inputError(
      'BAD_USAGE',
      chosen.length === 0
        ? 'request: say what to do: --new, --list, --retrieve or --clear'
        : `request: --${chosen.join(' and --')} cannot be combined`,
      'run `uccert request --help` for the forms of the command',
    );
  }
  return chosen[0]!;
}

function requireOption(args: ParsedCommandLine, name: string, example: string): string {
  const value = stringOption(args.values, name);
  if (value === undefined || value === '') {
    throw inputError('BAD_USAGE', `request --new needs --${name}`, `for example: --${name} ${example}`);
  }
  return value;
}

/** The subject C: two letters, ISO 3166 (RFC 5280 Appendix A, ub-country-name-alpha-length 2). */
function parseCountry(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^[A-Za-z]{2}$/.test(text)) {
    throw inputError(
      'BAD_OPTION_VALUE',
      `--country "${text}" is not a two-letter country code`,
      'give the ISO 3166 code, for example --country US or --country DE (CAs refuse any other form)',
    );
  }
  return text.toUpperCase();
}

function parseKeyAlgorithm(text: string | undefined): KeyAlgorithmName {
  if (text === undefined) return 'RSA';
  const found = keyAlgorithmNames.find((name) => name.toLowerCase() === text.toLowerCase());
  if (found === undefined) {
    throw inputError(
      'BAD_OPTION_VALUE',
      `--key-alg "${text}" is not a key algorithm`,
      `use one of ${keyAlgorithmNames.join(', ')} (Request-CsCertificate -KeyAlg)`,
    );
  }
  return found;
}

/** Request-CsCertificate -KeySize: 1024, 2048 or 4096. */
function parseKeySize(args: ParsedCommandLine): number {
  const size = integerOption(args.values, 'key-size', 1024, 4096) ?? 2048;
  if (size !== 1024 && size !== 2048 && size !== 4096) {
    throw inputError(
      'BAD_OPTION_VALUE',
      `--key-size "${size}" is not 1024, 2048 or 4096`,
      'give --key-size 2048 (the wizard default) or 4096',
    );
  }
  return size;
}

function requestId(args: ParsedCommandLine, mode: Mode): number {
  const id = integerOption(args.values, 'request-id', 1, Number.MAX_SAFE_INTEGER);
  if (id === undefined) {
    throw inputError(
      'BAD_USAGE',
      `request --${mode} needs --request-id N`,
      'find the id with `uccert request --list`',
    );
  }
  return id;
}

async function runNew(args: ParsedCommandLine, io: CliIo): Promise<number> {
  const topologyPath = stringOption(args.values, 'topology');
  if (topologyPath === '') {
    throw inputError(
      'BAD_USAGE',
      'request --new --topology "" names no file',
      'for example: --topology examples/contoso.yaml',
    );
  }
  const server = requireOption(args, 'server', 'fe01.contoso.net').toLowerCase();
  const uses = parseUseList(stringListOption(args.values, 'type'), 'type');
  const ca = stringOption(args.values, 'ca');
  const output = stringOption(args.values, 'output');
  if ((ca === undefined) === (output === undefined)) {
    throw inputError(
      'BAD_USAGE',
      ca === undefined
        ? 'request --new needs --ca local (issue now from the lab CA) or --output FILE.csr (offline, for another CA)'
        : 'request --new takes --ca local or --output FILE.csr, not both',
      'for example: --ca local, or --output fe01.csr',
    );
  }
  if (ca !== undefined && ca !== 'local') {
    throw inputError(
      'BAD_OPTION_VALUE',
      `--ca "${ca}" is not a CA uccert can reach`,
      'give --ca local for the lab CA (uccert ca init), or --output FILE.csr for any other CA',
    );
  }
  const keyAlgorithm = parseKeyAlgorithm(stringOption(args.values, 'key-alg'));
  const rsaBits = parseKeySize(args);
  const country = parseCountry(stringOption(args.values, 'country'));
  const home = resolveHome({ homeOption: stringOption(args.values, 'home'), env: io.env, cwd: io.cwd });
  const loaded = await loadDeploymentTopology(home, topologyPath, { cwd: io.cwd, now: io.now() }).catch(
    (error: unknown) => {
      if (error instanceof Error && (error as { code?: string }).code === 'NO_TOPOLOGY') {
        throw inputError(
          'BAD_USAGE',
          'request --new needs --topology FILE (the store remembers no topology)',
          'for example: --topology examples/contoso.yaml, or remember it once: uccert topology use examples/contoso.yaml',
        );
      }
      throw error;
    },
  );
  for (const note of loaded.notes) io.stderr(`uccert: note: ${note}\n`);
  const { topology } = loaded;
  const planned = findPlannedCertificate(topology, server, uses, {
    allSipDomain: flagOption(args.values, 'all-sip-domain'),
    domainNames: stringListOption(args.values, 'domain-name'),
  });
  return withLabCa(
    args.values,
    io,
    async (context) => {
      let csrPath: string | null = null;
      const result = await requestCertificate(context, {
        planned,
        server: server === globalServer ? (planned.servers[0] ?? server) : server,
        keyAlgorithm,
        rsaBits,
        subject: {
          organization: stringOption(args.values, 'organization'),
          organizationalUnit: stringOption(args.values, 'ou'),
          locality: stringOption(args.values, 'city'),
          state: stringOption(args.values, 'state'),
          country,
        },
        friendlyName: stringOption(args.values, 'friendly-name'),
        clientEku: flagOption(args.values, 'client-eku'),
        exportableAsked: flagOption(args.values, 'private-key-exportable'),
        ca: ca === undefined ? 'offline' : 'local',
        writeCsr: (der) => {
          csrPath = writePublicFile(io, output ?? '', encodePem('CERTIFICATE REQUEST', der));
        },
      });
      const outcome: RequestOutcome = {
        requestId: result.requestId,
        server,
        uses: result.uses,
        subject: result.subject,
        subjectName: result.subjectName,
        names: result.names,
        exportable: result.exportable,
        friendlyName: result.friendlyName,
        clientEku: result.clientEku,
        certificate: result.certificate,
        csrPath,
        notes: result.notes,
      };
      const session = opensslSession(io, args.values);
      if (flagOption(args.values, 'json')) printJson(session.io, requestJson(outcome, context.now));
      else session.io.stdout(renderRequestText(outcome, context.now));
      session.finish(
        requestTwins({
          stem: (output ?? server).replace(/\.(csr|req|txt)$/i, ''),
          subject: {
            commonName: result.subject,
            organization: stringOption(args.values, 'organization'),
            organizationalUnit: stringOption(args.values, 'ou'),
            locality: stringOption(args.values, 'city'),
            state: stringOption(args.values, 'state'),
            country,
          },
          dnsNames: result.names,
          clientEku: result.clientEku,
          keyAlgorithm,
          rsaBits,
          csrPath,
        }),
      );
      return 0;
    },
    ca === undefined ? undefined : labCaMissing,
  );
}

async function runList(args: ParsedCommandLine, io: CliIo): Promise<number> {
  return withLabCa(
    args.values,
    io,
    async (context: CaContext) => {
      const requests = listRequests(context, flagOption(args.values, 'all') ? 'all' : 'pending');
      if (flagOption(args.values, 'json')) printJson(io, { requests: requests.map(pendingRequestJson) });
      else io.stdout(renderRequestListText(requests));
      return 0;
    },
    noStoreYet('uccert request --new'),
    'read',
  );
}

async function runRetrieve(args: ParsedCommandLine, io: CliIo): Promise<number> {
  const id = requestId(args, 'retrieve');
  return withLabCa(
    args.values,
    io,
    async (context) => {
      const { request, certificate } = await retrieveRequest(context, id);
      if (flagOption(args.values, 'json')) {
        printJson(io, { certificate: certificateJson(certificate.facts, context.now), requestId: id });
      } else {
        io.stdout(
          `The lab CA issued request ${id} for ${request.server} (${request.uses.join(',')}):\n\n${renderCertificateText(certificate.facts, context.now)}\nAssign it: uccert set --server ${request.server} --type ${request.uses.join(',')} --thumbprint ${certificate.facts.thumbprint}\n`,
        );
      }
      return 0;
    },
    noStoreYet('uccert request --new'),
  );
}

async function runClear(args: ParsedCommandLine, io: CliIo): Promise<number> {
  const id = requestId(args, 'clear');
  return withLabCa(
    args.values,
    io,
    async (context) => {
      const request = await clearPendingRequest(context, id);
      if (flagOption(args.values, 'json'))
        printJson(io, { cleared: pendingRequestJson({ ...request, state: 'cleared' }) });
      else io.stdout(`Cleared request ${id} for ${request.server} (${request.uses.join(',')}).\n`);
      return 0;
    },
    noStoreYet('uccert request --new'),
  );
}

const runners: Readonly<Record<Mode, (args: ParsedCommandLine, io: CliIo) => Promise<number>>> = {
  new: runNew,
  list: runList,
  retrieve: runRetrieve,
  clear: runClear,
};

export const requestCommand: Command = {
  name: 'request',
  usage: [
    'request --new --type T,… --server FQDN --topology FILE (--ca local | --output FILE.csr) [--all-sip-domain] [--domain-name "a,b"] [--key-alg RSA|ECDH_P256|ECDH_P384|ECDH_P521] [--key-size 1024|2048|4096] [--organization O --ou OU --city L --state S --country C] [--friendly-name N] [--client-eku] [--private-key-exportable]',
    'request --list [--all]',
    'request --retrieve --request-id N',
    'request --clear --request-id N',
  ],
  optionHelp: [
    [
      '--new',
      'make a key and a request with the subject and names the plan gives (Request-CsCertificate -New)',
    ],
    ['--type T,…', 'the uses, as Set-CsCertificate -Type names them; one planned certificate (uccert plan)'],
    ['--server FQDN', 'the server (Request-CsCertificate -ComputerFqdn); "global" for OAuthTokenIssuer'],
    ['--topology FILE', 'the topology the subject and names come from'],
    ['--all-sip-domain', 'add the SIP-domain names for every SIP domain (-AllSipDomain)'],
    ['--domain-name "a,b"', 'extra SAN names (-DomainName)'],
    ['--key-alg ALG', 'RSA (default), ECDH_P256, ECDH_P384 or ECDH_P521'],
    ['--key-size N', 'RSA key size: 1024, 2048 (default) or 4096'],
    ['--organization O', 'subject O; also --ou, --city (L), --state (S), --country (C)'],
    ['--friendly-name N', 'the friendly name Windows shows'],
    ['--client-eku', 'add Client Authentication (public IM connectivity on the Access Edge)'],
    ['--private-key-exportable', 'make the key exportable (always so for Edge external and A/V)'],
    ['--ca local', 'issue now from the lab CA (uccert ca init) and store the certificate'],
    ['--output FILE.csr', 'write the CSR for another CA; the key waits in the store (then uccert import)'],
    ['--list [--all]', 'the pending requests (--all: issued and cleared ones too)'],
    ['--retrieve', 'have the lab CA issue a pending request (--request-id N)'],
    ['--clear', 'drop a pending request (--request-id N)'],
    ['--home DIR', 'the uccert store; the passphrase is $UCCERT_PASSPHRASE'],
    opensslOptionHelp,
    ['--json', 'print one JSON document'],
  ],
  examples: [
    'uccert request --new --type Default,WebServicesInternal,WebServicesExternal --server fe01.contoso.net --topology examples/contoso.yaml --ca local',
    'uccert request --new --type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication,XmppServer --server edge01.contoso.net --topology examples/contoso.yaml --output edge-ext.csr',
    'uccert request --list',
    'uccert request --clear --request-id 3',
  ],
  options: {
    new: { type: 'boolean' },
    list: { type: 'boolean' },
    all: { type: 'boolean' },
    retrieve: { type: 'boolean' },
    clear: { type: 'boolean' },
    'request-id': { type: 'string' },
    type: { type: 'string', multiple: true },
    server: { type: 'string' },
    topology: { type: 'string' },
    'all-sip-domain': { type: 'boolean' },
    'domain-name': { type: 'string', multiple: true },
    'key-alg': { type: 'string' },
    'key-size': { type: 'string' },
    organization: { type: 'string' },
    ou: { type: 'string' },
    city: { type: 'string' },
    state: { type: 'string' },
    country: { type: 'string' },
    'friendly-name': { type: 'string' },
    'client-eku': { type: 'boolean' },
    ...opensslOption,
    'private-key-exportable': { type: 'boolean' },
    ca: { type: 'string' },
    output: { type: 'string' },
  },
  async run(args, io) {
    if (args.positionals.length > 0) {
      throw inputError(
        'BAD_USAGE',
        `request: unexpected "${args.positionals[0]}"`,
        'run `uccert request --help` for the forms of the command',
      );
    }
    return runners[chooseMode(args)](args, io);
  },
};
