// `uccert ca init|issue|revoke|crl`: the embedded lab CA, the lab's "dc\myca". Parses the options,
// calls the lab CA use case in src/ca, renders text or JSON. Only this command (and client-cert)
// loads the certificate builder.

import { labCaMissing } from '../ca/ca-context.js';
import { type CrlSet, currentPublication, signCrls } from '../ca/ca-crl.js';
import { type CaInitOptions, caInitDefaults, initLabCa } from '../ca/ca-init.js';
import { defaultServerDays, issueFromCsr } from '../ca/ca-issue.js';
import { keyAlgorithmNames } from '../ca/key-pair.js';
import { encodePem } from '../ca/pem-encoding.js';
import { type PublicationSource, startPublicationServer } from '../ca/publication-server.js';
import { environmentError, inputError } from '../errors.js';
import { caIssueTwins } from '../openssl/openssl-twins.js';
import { type CertificateUse, certificateUses, isLyncUse } from '../requirements/certificate-use.js';
import type { KeyAlgorithmName } from '../store/private-key-records.js';
import { readCertificateInput } from '../x509/read-certificate-file.js';
import type { Command, ParsedCommandLine } from './command.js';
import { type CliIo, printJson } from './io.js';
import {
  createOutputDirectory,
  onePositional,
  revokeSubcommand,
  type Subcommand,
  withLabCa,
  writePublicFile,
} from './lab-ca-session.js';
import { opensslOption, opensslOptionHelp, opensslSession } from './openssl-output.js';
import { flagOption, integerOption, stringListOption, stringOption } from './options.js';
import { pfxPasswordOptions } from './pfx-password.js';
import {
  caInitJson,
  crlJson,
  issuedJson,
  renderCaInitText,
  renderCrlText,
  renderIssuedText,
} from './render-lab-ca.js';

export function parseKeyAlgorithm(text: string | undefined): KeyAlgorithmName {
  if (text === undefined) return caInitDefaults.keyAlgorithm;
  const found = keyAlgorithmNames.find((name) => name.toLowerCase() === text.toLowerCase());
  if (found === undefined) {
    throw inputError(
      'BAD_OPTION_VALUE',
      `--key-alg "${text}" is not a key algorithm`,
      `use one of ${keyAlgorithmNames.join(', ')}`,
    );
  }
  return found;
}

function parseRsaKeySize(values: ParsedCommandLine['values']): number {
  const size = integerOption(values, 'key-size', 2048, 4096) ?? caInitDefaults.keySize;
  if (size !== 2048 && size !== 4096) {
    throw inputError(
      'BAD_OPTION_VALUE',
      `--key-size "${size}" is not 2048 or 4096`,
      'give --key-size 2048 or 4096',
    );
  }
  return size;
}

/** `--use Default,WebServicesInternal` (repeatable, comma-separated), spelled as Set-CsCertificate -Type. */
export function parseUses(values: ParsedCommandLine['values']): CertificateUse[] {
  const uses: CertificateUse[] = [];
  for (const item of stringListOption(values, 'use').flatMap((v) => v.split(','))) {
    const text = item.trim();
    if (text === '') continue;
    const use = certificateUses.find((u) => u.toLowerCase() === text.toLowerCase());
    if (use === undefined) {
      throw inputError(
        'BAD_OPTION_VALUE',
        `--use "${text}" is not a certificate use`,
        `use the Set-CsCertificate -Type names: ${certificateUses.filter(isLyncUse).join(', ')}; or ReverseProxy for the reverse proxy's listener`,
      );
    }
    if (!uses.includes(use)) uses.push(use);
  }
  return uses;
}

const init: Subcommand = async (args, io) => {
  const options: CaInitOptions = {
    name: stringOption(args.values, 'name') ?? caInitDefaults.name,
    keyAlgorithm: parseKeyAlgorithm(stringOption(args.values, 'key-alg')),
    keySize: parseRsaKeySize(args.values),
    validityYears: integerOption(args.values, 'validity-years', 1, 50) ?? caInitDefaults.validityYears,
    baseUrl: stringOption(args.values, 'base-url') ?? caInitDefaults.baseUrl,
  };
  const outDir = stringOption(args.values, 'out-dir');
  if (outDir !== undefined) createOutputDirectory(io, outDir);
  return withLabCa(args.values, io, async (context) => {
    const ca = await initLabCa(context, options);
    const written =
      outDir === undefined
        ? []
        : [
            writePublicFile(io, `${outDir}/root.pem`, encodePem('CERTIFICATE', ca.root.der)),
            writePublicFile(io, `${outDir}/issuing.pem`, encodePem('CERTIFICATE', ca.issuing.der)),
          ];
    if (flagOption(args.values, 'json')) printJson(io, caInitJson(ca, written, context.now));
    else io.stdout(renderCaInitText(ca, context.store.home, written, context.now));
    return 0;
  });
};

const issue: Subcommand = async (args, io) => {
  if (flagOption(args.values, 'new')) {
    const { issueNewDevice } = await import('./ca-issue-new.js');
    return issueNewDevice(args, io, {
      keyAlgorithm: parseKeyAlgorithm(stringOption(args.values, 'key-alg')),
      rsaBits: parseRsaKeySize(args.values),
    });
  }
  const path = onePositional(
    args,
    'ca',
    'CSR file',
    'uccert ca issue pool01.csr --use Default,WebServicesInternal',
  );
  const uses = parseUses(args.values);
  const days = integerOption(args.values, 'days', 1, 36500) ?? defaultServerDays;
  const input = await readCertificateInput(path, { cwd: io.cwd, readStdin: io.readStdin });
  return withLabCa(
    args.values,
    io,
    async (context) => {
      const issued = await issueFromCsr(
        context,
        { bytes: input.bytes, label: input.source },
        { uses, clientEku: flagOption(args.values, 'client-eku'), days },
      );
      const out = stringOption(args.values, 'out');
      const pem = [issued.certificate, ...issued.chain.slice(0, 1)]
        .map((c) => encodePem('CERTIFICATE', c.der))
        .join('');
      const written = out === undefined ? null : writePublicFile(io, out, pem);
      const session = opensslSession(io, args.values);
      if (flagOption(args.values, 'json')) printJson(session.io, issuedJson(issued, written, context.now));
      else session.io.stdout(renderIssuedText(issued, written, context.now));
      session.finish(caIssueTwins(path, out ?? null));
      return 0;
    },
    labCaMissing,
  );
};

const revoke = revokeSubcommand(
  'ca',
  'any',
  'uccert ca revoke 5A3C9E1F07B2D4C8E600000100 --reason keyCompromise',
);

const crl: Subcommand = async (args, io) => {
  if (args.positionals.length > 1) {
    throw inputError(
      'BAD_USAGE',
      `ca crl: unexpected "${args.positionals[1]}"`,
      'run `uccert ca crl [--out FILE] [--serve PORT]`',
    );
  }
  const port = integerOption(args.values, 'serve', 0, 65535);
  const out = stringOption(args.values, 'out');
  await withLabCa(
    args.values,
    io,
    async (context) => {
      const crls = await signCrls(context);
      const written =
        out === undefined ? null : writePublicFile(io, out, encodePem('X509 CRL', crls.issuing.der));
      if (flagOption(args.values, 'json')) {
        printJson(io, { crls: [crlJson(crls.issuing), crlJson(crls.root)], written });
      } else {
        io.stdout(renderCrlText([crls.issuing, crls.root]));
        if (written !== null) io.stdout(`Wrote the issuing CA's CRL (PEM) to ${written}\n`);
      }
      // The store stays open while serving: every request gets the last CRL signed, re-signed
      // before its nextUpdate with the passphrase already given.
      if (port !== undefined) {
        await serveUntilInterrupted(crls, port, io, () => currentPublication({ ...context, now: io.now() }));
      }
    },
    labCaMissing,
  );
  return 0;
};

/** `ca crl --serve PORT`: the CDP and AIA URLs on 127.0.0.1 until Ctrl-C (SIGINT) or SIGTERM. */
async function serveUntilInterrupted(
  crls: CrlSet,
  port: number,
  io: CliIo,
  source: PublicationSource,
): Promise<void> {
  const server = await startPublicationServer(source, port).catch((error: unknown) => {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw environmentError(
      'SERVE_FAILED',
      `cannot serve on 127.0.0.1 port ${port} (${code})`,
      'choose a free port with --serve PORT, or stop what is using it',
    );
  });
  const lines = crls.files.map((file) => `  ${server.url}${file.path}`);
  io.stderr(
    `Serving the lab CA's CRLs and certificates (Ctrl-C to stop); each request gets the last CRL \`uccert ca crl\` signed, re-signed before it expires:\n${lines.join('\n')}\n`,
  );
  if (new URL(crls.baseUrl).origin !== server.url) {
    io.stderr(
      `note: issued certificates point at ${crls.baseUrl}; serve there for clients to find the CRL\n`,
    );
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.close();
}

const subcommands: Readonly<Record<string, Subcommand>> = { init, issue, revoke, crl };

export const caCommand: Command = {
  name: 'ca',
  usage: [
    'ca init [--name NAME] [--key-alg RSA|ECDH_P256|ECDH_P384] [--key-size 2048|4096] [--validity-years N] [--base-url URL] [--out-dir DIR]',
    'ca issue CSR [--use Default,WebServicesInternal,…] [--client-eku] [--days N] [--out FILE]',
    'ca issue --new --subject CN=… --san DNS:a,DNS:b,IP:… [--client-auth] [--key-alg ALG] [--days N] [--out-dir DIR --password-file FILE [--format pem|pfx] [--legacy]]',
    'ca revoke THUMBPRINT|SERIAL [--reason keyCompromise|superseded|…]',
    'ca crl [--out FILE] [--serve PORT]',
  ],
  optionHelp: [
    [
      '--name NAME',
      `init: the issuing CA's name; the root is "NAME Root" (default "${caInitDefaults.name}")`,
    ],
    ['--key-alg ALG', 'init: RSA (default), ECDH_P256 or ECDH_P384 for both CA keys'],
    ['--key-size N', 'init: RSA key size, 2048 (default) or 4096'],
    ['--validity-years N', 'init: the root is valid N years (default 10), the issuing CA half of that'],
    [
      '--base-url URL',
      `init: where the CRL and CA certificates are served (default ${caInitDefaults.baseUrl})`,
    ],
    ['--out-dir DIR', 'init: also write root.pem and issuing.pem into DIR; issue --new: the device files'],
    ['--use T,…', 'issue: the Set-CsCertificate -Type uses the certificate is for (recorded with it)'],
    [
      '--client-eku',
      'issue: add Client Authentication to Server Authentication (Request-CsCertificate -ClientEKU)',
    ],
    [
      '--new',
      'issue: make the key too, for a device outside the topology (VCS/Expressway, SBC, gateway); stored like any other',
    ],
    ['--subject DN', 'issue --new: CN=…,O=…,OU=…,L=…,S=…,C=… (may be empty: the SAN is then critical)'],
    ['--san LIST', 'issue --new: DNS:NAME and IP:ADDRESS entries, comma-separated or repeated'],
    ['--client-auth', 'issue --new: add Client Authentication (mutual TLS, e.g. SIP trunks)'],
    [
      '--format F',
      'issue --new --out-dir: pem (NAME.pem chain + NAME.key encrypted, default) or pfx (--legacy for old devices); root.cer (DER) always',
    ],
    [
      '--password-file FILE',
      'issue --new --out-dir: encrypts the key file or PFX (or $UCCERT_PFX_PASSWORD, or typed; --password P warns)',
    ],
    ['--days N', `issue: validity in days (default ${defaultServerDays}, capped at the issuing CA's)`],
    [
      '--out FILE',
      'issue: write the certificate and its issuing CA (PEM); crl: write the issuing CA CRL (PEM)',
    ],
    [
      '--reason R',
      'revoke: an RFC 5280 reason: keyCompromise, superseded, cessationOfOperation, … (default unspecified)',
    ],
    ['--serve PORT', 'crl: then serve the CRLs and CA certificates on 127.0.0.1:PORT until Ctrl-C'],
    [
      '--home DIR',
      'the uccert store (default $UCCERT_HOME or ~/.uccert); the passphrase is $UCCERT_PASSPHRASE',
    ],
    opensslOptionHelp,
    ['--json', 'print one JSON document'],
  ],
  examples: [
    'uccert ca init --name "Contoso Lab CA" --base-url http://pki.contoso.com',
    'uccert ca issue pool01.csr --use Default,WebServicesInternal,WebServicesExternal --out pool01.pem',
    'uccert ca revoke 5A3C9E1F07B2D4C8E600000100 --reason keyCompromise',
    'uccert ca crl --out contoso.crl --serve 8480',
  ],
  options: {
    name: { type: 'string' },
    'key-alg': { type: 'string' },
    'key-size': { type: 'string' },
    'validity-years': { type: 'string' },
    'base-url': { type: 'string' },
    'out-dir': { type: 'string' },
    use: { type: 'string', multiple: true },
    'client-eku': { type: 'boolean' },
    days: { type: 'string' },
    out: { type: 'string' },
    reason: { type: 'string' },
    serve: { type: 'string' },
    new: { type: 'boolean' },
    subject: { type: 'string' },
    san: { type: 'string', multiple: true },
    'client-auth': { type: 'boolean' },
    format: { type: 'string' },
    legacy: { type: 'boolean' },
    ...pfxPasswordOptions,
    ...opensslOption,
  },
  async run(args, io) {
    const name = args.positionals[0];
    const subcommand = name !== undefined && Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
    if (subcommand === undefined) {
      throw inputError(
        'BAD_USAGE',
        name === undefined
          ? 'ca: no subcommand given'
          : `ca: "${name}" is not a subcommand (known: init, issue, revoke, crl)`,
        'run `uccert ca --help` for the subcommands and their options',
      );
    }
    return subcommand(args, io);
  },
};
