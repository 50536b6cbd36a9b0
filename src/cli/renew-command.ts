// `uccert renew`: the yearly renewal in one command. Selects the certificates in use (one server's
// uses, all, or those expiring within DAYS), shows the name diff against the current plan, and
// with --ca local or --output DIR makes the new keys and requests. Parses, calls src/renew, renders.

import { labCaMissing } from '../ca/ca-context.js';
import { inputError } from '../errors.js';
import { readSystemRoots } from '../net/trust-anchors.js';
import { planRenewals, type RenewSelection, renewCertificates } from '../renew/renew-certificates.js';
import { listRenewals } from '../store/renewal-records.js';
import { readTopologyFile } from '../topology/read-topology.js';
import { parseKeyAlgorithm } from './ca-command.js';
import type { Command, ParsedCommandLine } from './command.js';
import { printJson } from './io.js';
import { createOutputDirectory, noStoreYet, withLabCa, writePublicFile } from './lab-ca-session.js';
import { flagOption, integerOption, stringListOption, stringOption } from './options.js';
import {
  renderRenewalHistoryText,
  renderRenewOutcomesText,
  renderRenewText,
  renewJson,
} from './render-renew.js';

function parseSelection(args: ParsedCommandLine): RenewSelection {
  const server = stringOption(args.values, 'server');
  const types = stringListOption(args.values, 'type');
  const all = flagOption(args.values, 'all');
  const days = integerOption(args.values, 'expiring-within', 0, 3650);
  const chosen = [server !== undefined, all, days !== undefined].filter(Boolean).length;
  if (chosen !== 1) {
    throw inputError(
      'BAD_USAGE',
      chosen === 0
        ? 'renew: say what to renew: --server FQDN --type T,…, --all, or --expiring-within DAYS'
        : 'renew: --server, --all and --expiring-within cannot be combined',
      'for example: uccert renew --topology contoso.yaml --expiring-within 60 --ca local',
    );
  }
  if (server !== undefined) {
    if (types.length === 0) {
      throw inputError(
        'BAD_USAGE',
        'renew --server needs --type',
        'for example: --type Default,WebServicesInternal,WebServicesExternal',
      );
    }
    return { kind: 'one', server, uses: types };
  }
  return all ? { kind: 'all' } : { kind: 'expiring', days: days ?? 0 };
}

export const renewCommand: Command = {
  name: 'renew',
  usage: [
    'renew --topology FILE (--server FQDN --type T,… | --all | --expiring-within DAYS) [--ca local | --output DIR] [--key-alg ALG] [--key-size N]',
    'renew --list',
  ],
  optionHelp: [
    ['--topology FILE', 'the CURRENT topology: the new requests carry the names it plans, not the old ones'],
    ['--server FQDN', 'renew the certificate this server uses for --type (global for OAuthTokenIssuer)'],
    ['--type T,…', 'the Set-CsCertificate -Type uses, as assigned'],
    ['--all', 'renew every certificate in use'],
    ['--expiring-within DAYS', 'renew the certificates in use that expire within DAYS'],
    ['--ca local', 'the lab CA issues at once; A/V authentication and OAuth get a staged roll-over'],
    [
      '--output DIR',
      'write one CSR per renewal into DIR for another CA; uccert import matches what comes back',
    ],
    ['--key-alg ALG', 'RSA, ECDH_P256, ECDH_P384 or ECDH_P521 (default: as the certificate in use)'],
    ['--key-size N', 'RSA key size 2048 or 4096 (default: as the certificate in use, at least 2048)'],
    ['--all-sip-domain', 'as Request-CsCertificate -AllSipDomain'],
    ['--domain-name "a,b"', 'as Request-CsCertificate -DomainName'],
    ['--list', 'the renewals made so far: what each replaced, and its new certificate'],
    ['--home DIR', 'the uccert store; the passphrase is $UCCERT_PASSPHRASE'],
    ['--json', 'print one JSON document'],
  ],
  examples: [
    'uccert renew --topology contoso.yaml --all                      # the name diff only; nothing written',
    'uccert renew --topology contoso.yaml --expiring-within 60 --ca local',
    'uccert renew --topology contoso.yaml --server fe01.contoso.net --type Default,WebServicesInternal,WebServicesExternal --output csr/',
  ],
  options: {
    topology: { type: 'string' },
    server: { type: 'string' },
    type: { type: 'string', multiple: true },
    all: { type: 'boolean' },
    'expiring-within': { type: 'string' },
    ca: { type: 'string' },
    output: { type: 'string' },
    'key-alg': { type: 'string' },
    'key-size': { type: 'string' },
    'all-sip-domain': { type: 'boolean' },
    'domain-name': { type: 'string', multiple: true },
    list: { type: 'boolean' },
  },
  async run(args, io) {
    if (args.positionals.length > 0) {
      throw inputError(
        'BAD_USAGE',
        `renew: unexpected "${args.positionals[0]}"`,
        'give the topology with --topology FILE',
      );
    }
    if (flagOption(args.values, 'list')) {
      return withLabCa(
        args.values,
        io,
        async (context) => {
          const records = context.store.read(() => listRenewals(context.store.db));
          if (flagOption(args.values, 'json')) printJson(io, { renewals: records });
          else io.stdout(renderRenewalHistoryText(records));
          return 0;
        },
        noStoreYet('uccert renew --topology FILE …'),
      );
    }
    const topologyPath = stringOption(args.values, 'topology');
    if (topologyPath === undefined) {
      throw inputError(
        'BAD_USAGE',
        'renew needs --topology FILE',
        'give the current topology: uccert renew --topology contoso.yaml --all',
      );
    }
    const selection = parseSelection(args);
    const ca = stringOption(args.values, 'ca');
    const output = stringOption(args.values, 'output');
    if (ca !== undefined && output !== undefined) {
      throw inputError(
        'BAD_USAGE',
        'renew takes --ca local or --output DIR, not both',
        'for example: --ca local, or --output csr/',
      );
    }
    if (ca !== undefined && ca !== 'local') {
      throw inputError(
        'BAD_OPTION_VALUE',
        `--ca "${ca}" is not a CA uccert can reach`,
        'give --ca local, or --output DIR for any other CA',
      );
    }
    const keyAlgText = stringOption(args.values, 'key-alg');
    const keySize = integerOption(args.values, 'key-size', 2048, 4096) ?? null;
    if (keySize !== null && keySize !== 2048 && keySize !== 4096) {
      throw inputError(
        'BAD_OPTION_VALUE',
        `--key-size "${keySize}" is not 2048 or 4096`,
        'give --key-size 2048 or 4096',
      );
    }
    const { topology } = await readTopologyFile(topologyPath, io.cwd);
    if (output !== undefined) createOutputDirectory(io, output);
    return withLabCa(
      args.values,
      io,
      async (context) => {
        const plan = planRenewals(
          context.store,
          topology,
          selection,
          {
            allSipDomain: flagOption(args.values, 'all-sip-domain'),
            domainNames: stringListOption(args.values, 'domain-name'),
          },
          { keyAlgorithm: keyAlgText === undefined ? null : parseKeyAlgorithm(keyAlgText), rsaBits: keySize },
          context.now,
        );
        const writing = ca !== undefined || output !== undefined;
        const json = flagOption(args.values, 'json');
        // The diff is shown before anything is written.
        if (!json) io.stdout(renderRenewText(plan, writing, context.now));
        const outcomes = writing
          ? await renewCertificates(context, plan, {
              ca: ca === undefined ? 'offline' : 'local',
              outputDirectory: output ?? null,
              writeFile: (path, content) => writePublicFile(io, path, content),
              topology: { topology, path: topologyPath },
              systemRoots: readSystemRoots(),
            })
          : null;
        if (json) printJson(io, renewJson(plan, outcomes));
        else if (outcomes !== null) io.stdout(renderRenewOutcomesText(outcomes, topologyPath));
        return 0;
      },
      ca === undefined ? noStoreYet('uccert request --new …', 'uccert import FILE') : labCaMissing,
    );
  },
};
