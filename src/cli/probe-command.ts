// `uccert probe HOST[:PORT]`: parse the endpoint and options, probe and check it, render the
// report (text or --json). Exit 1 when a finding is an error; network failures exit 3.

import { isIP } from 'node:net';
import { buildTrustStore } from '../check/chain-trust.js';
import { hasErrors } from '../check/finding.js';
import { ExitCode, inputError } from '../errors.js';
import { probeEndpoint, servernameFor } from '../net/probe-endpoint.js';
import { readCaFiles, readSystemRoots } from '../net/trust-anchors.js';
import { probeTwins } from '../openssl/openssl-twins.js';
import type { Command } from './command.js';
import { opensslOption, opensslOptionHelp, opensslSession } from './openssl-output.js';
import { flagOption, integerOption, stringListOption, stringOption } from './options.js';
import { pfxPasswordHelp, pfxPasswordOptions, withPfxPassword } from './pfx-password.js';
import {
  assessClientSide,
  clientAcceptanceJson,
  clientAuthOptionHelp,
  clientAuthOptions,
  readClientIdentity,
  renderClientAcceptanceText,
} from './probe-client-auth.js';
import { renderProbeJson, renderProbeText } from './render-probe.js';

export const defaultProbeTimeoutMs = 10_000;

export interface ProbeEndpointArgument {
  readonly host: string;
  readonly port: number;
}

const hostLabel =
  /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/** `host`, `host:port`, `1.2.3.4:443`, `[::1]:5061`, `[::1]` or a bare `::1`; port 443 by default. */
export function parseEndpointArgument(text: string): ProbeEndpointArgument {
  const bad = (why: string) =>
    inputError(
      'BAD_ENDPOINT',
      `"${text}" is not a HOST[:PORT] endpoint: ${why}`,
      'give a host name or address, optionally with a port: pool01.contoso.net, sip.contoso.com:5061, [::1]:5061',
    );
  // A URL pasted from a browser: say so rather than report "//host/" as a bad port.
  const url = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (url !== null) throw bad(`it is a URL; give the host without "${url[1]}://" and without a path`);
  if (text.startsWith('[') && !text.includes(']'))
    throw bad('the [ of the IPv6 address is not closed, as in [::1]:5061');
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed !== null) {
    host = bracketed[1]!;
    portText = bracketed[2];
    if (isIP(host) !== 6) throw bad(`"${host}" in brackets is not an IPv6 address`);
  } else if (isIP(text) === 6) {
    host = text;
  } else {
    const colon = text.lastIndexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
    if (host.includes(':')) throw bad('an IPv6 address with a port needs brackets, as in [::1]:5061');
    if (isIP(host) === 0 && !hostLabel.test(host)) throw bad(`"${host}" is not a valid host name`);
  }
  if (portText === undefined) return { host, port: 443 };
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65_535)
    throw bad(`port "${portText}" is not from 1 to 65535`);
  return { host, port };
}

export const probeCommand: Command = {
  name: 'probe',
  usage: [
    'probe HOST[:PORT] [--sni NAME] [--ca FILE]… [--timeout MS] [--json]',
    'probe HOST:5061 --cert FILE|--thumbprint X [--present]   (mutual TLS: will the peer accept our certificate?)',
  ],
  optionHelp: [
    ['--sni NAME', 'the server name to send and to check the certificate against (default: HOST)'],
    ['--ca FILE', 'also trust the CA certificates in FILE (PEM, DER, P7B, PFX); may be repeated'],
    ...pfxPasswordHelp('a PFX given with --ca'),
    ['--timeout MS', `give up after MS milliseconds in all (default ${defaultProbeTimeoutMs})`],
    ...clientAuthOptionHelp,
    opensslOptionHelp,
    ['--json', 'print one JSON document: endpoint, protocol, cipher, chain, trusted, findings'],
  ],
  examples: [
    'uccert probe pool01.contoso.net',
    'uccert probe sip.contoso.com:5061 --ca contoso-root.pem',
    'uccert probe 10.0.0.5:443 --sni webext.contoso.com --json',
    'uccert probe [::1]:5061 --timeout 3000',
    'uccert probe sip.fabrikam.com:5061 --cert edge-external.pfx --cert-password "$P" --present',
  ],
  options: {
    sni: { type: 'string' },
    ca: { type: 'string', multiple: true },
    timeout: { type: 'string' },
    ...pfxPasswordOptions,
    ...clientAuthOptions,
    ...opensslOption,
  },
  async run(args, io) {
    const [endpointText, ...extra] = args.positionals;
    if (endpointText === undefined || extra.length > 0) {
      throw inputError(
        'BAD_USAGE',
        endpointText === undefined
          ? 'probe: give one endpoint HOST[:PORT]'
          : `probe: one endpoint at a time (got ${args.positionals.join(', ')})`,
        'for example: uccert probe sip.contoso.com:5061',
      );
    }
    const { host, port } = parseEndpointArgument(endpointText);
    const sni = stringOption(args.values, 'sni') ?? null;
    if (sni !== null && (isIP(sni) !== 0 || !hostLabel.test(sni))) {
      throw inputError(
        'BAD_OPTION_VALUE',
        `--sni "${sni}" is not a DNS host name`,
        'give --sni a host name such as pool01.contoso.net (SNI cannot carry an IP address)',
      );
    }
    const timeoutMs = integerOption(args.values, 'timeout', 100, 600_000) ?? defaultProbeTimeoutMs;
    const caFiles = stringListOption(args.values, 'ca');
    const caCertificates =
      caFiles.length === 0
        ? []
        : await withPfxPassword(args.values, io, (password) => readCaFiles(caFiles, io.cwd, password));
    const trustStore = buildTrustStore(readSystemRoots(), caCertificates);
    const identity = await readClientIdentity(args.values, io);
    const now = io.now();
    const probed = await probeEndpoint({ host, port, sni, timeoutMs, now, trustStore });
    const acceptance =
      identity === null
        ? null
        : await assessClientSide(probed, identity, flagOption(args.values, 'present'), timeoutMs);
    const report =
      acceptance === null ? probed : { ...probed, findings: [...probed.findings, ...acceptance.findings] };
    const session = opensslSession(io, args.values);
    if (flagOption(args.values, 'json')) {
      const document = JSON.parse(renderProbeJson(report, now)) as Record<string, unknown>;
      if (acceptance !== null) document.clientAuthentication = clientAcceptanceJson(acceptance);
      session.io.stdout(`${JSON.stringify(document, null, 2)}\n`);
    } else {
      session.io.stdout(renderProbeText(report, now));
      if (acceptance !== null) {
        session.io.stdout(renderClientAcceptanceText(acceptance, report.clientCertificateRequested));
      }
    }
    const certPath = stringOption(args.values, 'cert');
    session.finish(
      probeTwins({
        host,
        port,
        sni: servernameFor({ host, sni }),
        caFile: caFiles[0] ?? null,
        clientCertificate:
          certPath === undefined
            ? null
            : {
                path: certPath,
                keyPath: stringOption(args.values, 'key') ?? null,
                password: stringOption(args.values, 'cert-password') !== undefined,
              },
      }),
    );
    return hasErrors(report.findings) ? ExitCode.findings : ExitCode.ok;
  },
};
