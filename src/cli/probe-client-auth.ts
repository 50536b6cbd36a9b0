// `probe --cert FILE | --thumbprint X [--present]`: mutual TLS from our side. Reads our certificate
// (file or store), optionally presents it in a second handshake, and renders whether the peer will
// accept it (text section and the `clientAuthentication` member of probe --json).

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { encodePem } from '../ca/pem-encoding.js';
import { inputError } from '../errors.js';
import { assessClientAcceptance, type ClientAcceptance } from '../net/client-acceptance.js';
import { type PresentOutcome, presentClientCertificate } from '../net/client-certificate-handshake.js';
import type { ProbeReport } from '../net/probe-endpoint.js';
import { formatEndpoint } from '../net/tls-probe.js';
import {
  type ClientIdentity,
  readClientIdentityFile,
  readClientIdentityFromStore,
} from '../requests/client-identity.js';
import type { OptionValues } from './command.js';
import type { CliIo } from './io.js';
import { noStoreYet, withLabCa } from './lab-ca-session.js';
import { flagOption, stringOption } from './options.js';
import { type PropertyValue, renderProperties } from './render-certificate.js';

/** The options `probe` and `discover` add for mutual TLS. */
export const clientAuthOptions = {
  cert: { type: 'string' },
  key: { type: 'string' },
  'cert-password': { type: 'string' },
  thumbprint: { type: 'string' },
  present: { type: 'boolean' },
} as const;

export const clientAuthOptionHelp: readonly (readonly [string, string])[] = [
  ['--cert FILE', 'our certificate (PEM with its chain, or PFX): is its CA among those the peer accepts?'],
  ['--key FILE', 'the PEM private key of --cert, when it is in a file of its own (for --present)'],
  ['--cert-password P', 'the password of --cert (PFX) or of the encrypted PEM key'],
  ['--thumbprint X', 'our certificate from the uccert store instead of --cert'],
  [
    '--present',
    'also present the certificate (and its key) and report whether the peer accepts it or alerts',
  ],
];

async function readOptionFile(flag: string, path: string, io: CliIo): Promise<Uint8Array> {
  try {
    return await readFile(resolve(io.cwd, path));
  } catch (error) {
    throw inputError('CERT_FILE_UNREADABLE', `${flag} "${path}" cannot be read`, 'check the path', error);
  }
}

export async function readClientIdentity(values: OptionValues, io: CliIo): Promise<ClientIdentity | null> {
  const certPath = stringOption(values, 'cert');
  const thumbprint = stringOption(values, 'thumbprint');
  const present = flagOption(values, 'present');
  if (certPath !== undefined && thumbprint !== undefined) {
    throw inputError(
      'BAD_USAGE',
      'give --cert FILE or --thumbprint X, not both',
      'one certificate at a time',
    );
  }
  if (certPath === undefined && thumbprint === undefined) {
    if (present) {
      throw inputError(
        'BAD_USAGE',
        '--present needs our certificate',
        'add --cert FILE (with its key) or --thumbprint X',
      );
    }
    return null;
  }
  let identity: ClientIdentity;
  if (certPath !== undefined) {
    const keyPath = stringOption(values, 'key');
    const bytes = await readOptionFile('--cert', certPath, io);
    const keyBytes = keyPath === undefined ? null : await readOptionFile('--key', keyPath, io);
    identity = readClientIdentityFile(bytes, certPath, stringOption(values, 'cert-password'), keyBytes);
  } else {
    identity = await withLabCa(
      values,
      io,
      (context) =>
        readClientIdentityFromStore(
          context.store,
          thumbprint ?? '',
          context.now,
          present ? context.passphrase : null,
        ),
      noStoreYet('uccert import FILE', 'uccert ca issue --new …'),
    );
  }
  if (present && identity.key === null) {
    throw inputError(
      'NO_PRIVATE_KEY',
      `--present needs the private key of "${identity.leaf.facts.subject}", and ${identity.source} has none`,
      'give a PFX or a PEM file that holds the key (--cert-password for an encrypted one), or a stored certificate with its key',
    );
  }
  return identity;
}

/** Presents our certificate when asked and the peer asks for one; then the assessment. */
export async function assessClientSide(
  report: ProbeReport,
  identity: ClientIdentity,
  present: boolean,
  timeoutMs: number,
): Promise<ClientAcceptance> {
  const { host, port, sni } = report.endpoint;
  let presented: PresentOutcome | null = null;
  if (present && identity.key !== null && report.clientCertificateRequested !== false) {
    presented = await presentClientCertificate({
      host,
      port,
      servername: sni,
      timeoutMs,
      certificateChainPem: [identity.leaf, ...identity.issuers.filter((c) => !c.facts.selfSigned)]
        .map((c) => encodePem('CERTIFICATE', c.der))
        .join(''),
      key: identity.key,
    });
  }
  return assessClientAcceptance(report, identity, presented, formatEndpoint(host, port));
}

function describePresented(acceptance: ClientAcceptance, requested: boolean | null): PropertyValue {
  const p = acceptance.presented;
  if (p === null)
    return requested === false ? 'not presented: the peer asks for no client certificate' : null;
  switch (p.kind) {
    case 'accepted':
      return `accepted: the peer completed the handshake (${p.protocol ?? '?'}, ${p.evidence.replaceAll('-', ' ')})`;
    case 'alert':
      return `REFUSED: the peer sent the alert "${p.alert}"`;
    case 'closed':
      return 'REFUSED: the peer closed the connection without an alert';
  }
}

export function renderClientAcceptanceText(acceptance: ClientAcceptance, requested: boolean | null): string {
  const rows: [string, PropertyValue][] = [
    [
      'Certificate',
      `${acceptance.certificate.subject} (${acceptance.certificate.thumbprint}, ${acceptance.certificate.source})`,
    ],
    ['Issuer', acceptance.certificate.issuer],
    ['Root', `${acceptance.root}${acceptance.rootKnown ? '' : ' (not in the file: its issuer)'}`],
    [
      'AcceptedByCaName',
      acceptance.acceptedByName === null
        ? requested === false
          ? 'the peer asks for no client certificate'
          : 'unknown'
        : acceptance.acceptedByName
          ? 'yes: the peer lists one of our CAs (or any CA)'
          : 'NO: none of our CAs is among the names the peer sent',
    ],
  ];
  const presented = describePresented(acceptance, requested);
  if (presented !== null) rows.push(['Presented', presented]);
  return `\nClient authentication (our certificate)\n${renderProperties(rows).trimEnd()}\n`;
}

export function clientAcceptanceJson(acceptance: ClientAcceptance): unknown {
  return {
    certificate: acceptance.certificate,
    ourCaNames: acceptance.ourCaNames,
    root: acceptance.root,
    rootKnown: acceptance.rootKnown,
    acceptedByName: acceptance.acceptedByName,
    presented: acceptance.presented,
  };
}

/** One line for discover: our certificate at a federation partner's target. */
export function describeClientAcceptance(acceptance: ClientAcceptance): string {
  const byName =
    acceptance.acceptedByName === null
      ? 'CA names unknown or not asked'
      : acceptance.acceptedByName
        ? 'our CA is among the names it accepts'
        : 'our CA is NOT among the names it accepts';
  const presented = describePresented(acceptance, null);
  return `our certificate "${acceptance.certificate.subject}": ${byName}${presented === null ? '' : `; presented: ${String(presented)}`}`;
}
