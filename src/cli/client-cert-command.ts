// `uccert client-cert issue|list|revoke`: client certificates for SIP users, issued by the lab CA,
// like Get-CsClientCertificate and Revoke-CsClientCertificate. Revocations land in the CRL.

import { labCaMissing } from '../ca/ca-context.js';
import { defaultClientDays, issueClientCertificate, parseSipUri } from '../ca/client-certificate-issue.js';
import { encodePem } from '../ca/pem-encoding.js';
import { inputError } from '../errors.js';
import { listClientCertificates } from '../store/client-certificate-records.js';
import type { Command } from './command.js';
import { printJson } from './io.js';
import {
  noStoreYet,
  onePositional,
  revokeSubcommand,
  type Subcommand,
  withLabCa,
  writePublicFile,
} from './lab-ca-session.js';
import { flagOption, integerOption, stringOption } from './options.js';
import {
  clientCertificatesJson,
  issuedJson,
  renderClientCertificatesText,
  renderIssuedText,
} from './render-lab-ca.js';

const issue: Subcommand = async (args, io) => {
  const user = parseSipUri(
    onePositional(args, 'client-cert', 'SIP user', 'uccert client-cert issue sip:alice@contoso.com'),
  );
  const days = integerOption(args.values, 'days', 1, 3650) ?? defaultClientDays;
  return withLabCa(
    args.values,
    io,
    async (context) => {
      const issued = await issueClientCertificate(context, user, days);
      const out = stringOption(args.values, 'out');
      const pem = [issued.certificate, ...issued.chain.slice(0, 1)]
        .map((c) => encodePem('CERTIFICATE', c.der))
        .join('');
      const written = out === undefined ? null : writePublicFile(io, out, pem);
      if (flagOption(args.values, 'json')) printJson(io, issuedJson(issued, written, context.now, user));
      else io.stdout(renderIssuedText(issued, written, context.now));
      return 0;
    },
    labCaMissing,
  );
};

const list: Subcommand = async (args, io) => {
  if (args.positionals.length > 1) {
    throw inputError(
      'BAD_USAGE',
      `client-cert list: unexpected "${args.positionals[1]}"`,
      'filter with --user sip:…',
    );
  }
  const userText = stringOption(args.values, 'user');
  const user = userText === undefined ? undefined : parseSipUri(userText);
  return withLabCa(
    args.values,
    io,
    async (context) => {
      const records = context.store.read(() => listClientCertificates(context.store.db, user));
      if (flagOption(args.values, 'json')) printJson(io, clientCertificatesJson(records, context.now));
      else io.stdout(renderClientCertificatesText(records, context.now));
      return 0;
    },
    noStoreYet('uccert ca init'),
    'read',
  );
};

const revoke = revokeSubcommand(
  'client-cert',
  'client',
  'uccert client-cert revoke 5A3C9E1F07B2D4C8E600000101',
);

const subcommands: Readonly<Record<string, Subcommand>> = { issue, list, revoke };

export const clientCertCommand: Command = {
  name: 'client-cert',
  usage: [
    'client-cert issue sip:USER@DOMAIN [--days N] [--out FILE]',
    'client-cert list [--user sip:USER@DOMAIN] [--json]',
    'client-cert revoke THUMBPRINT|SERIAL [--reason R]',
  ],
  optionHelp: [
    [
      '--days N',
      `issue: validity in days (default ${defaultClientDays}, Lync's DefaultValidityPeriodHours 4320)`,
    ],
    ['--out FILE', 'issue: write the certificate and its issuing CA (PEM); the key stays in the store'],
    ['--user URI', 'list: only this SIP user'],
    ['--reason R', 'revoke: an RFC 5280 reason (default unspecified)'],
    [
      '--home DIR',
      'the uccert store (default $UCCERT_HOME or ~/.uccert); the passphrase is $UCCERT_PASSPHRASE',
    ],
    ['--json', 'print one JSON document'],
  ],
  examples: [
    'uccert client-cert issue sip:alice@contoso.com --out alice.pem',
    'uccert client-cert list --user sip:alice@contoso.com',
    'uccert client-cert revoke 5A3C9E1F07B2D4C8E600000101 && uccert ca crl',
  ],
  options: {
    days: { type: 'string' },
    out: { type: 'string' },
    user: { type: 'string' },
    reason: { type: 'string' },
  },
  async run(args, io) {
    const name = args.positionals[0];
    const subcommand = name !== undefined && Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
    if (subcommand === undefined) {
      throw inputError(
        'BAD_USAGE',
        name === undefined
          ? 'client-cert: no subcommand given'
          : `client-cert: "${name}" is not a subcommand (known: issue, list, revoke)`,
        'run `uccert client-cert --help` for the subcommands and their options',
      );
    }
    return subcommand(args, io);
  },
};
