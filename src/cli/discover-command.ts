// `uccert discover SIPDOMAIN…`: resolve the Lync / Skype for Business DNS records of each SIP
// domain, check them, probe their targets and render the result. Exit 1 on findings at or above
// --fail-on; a DNS server that cannot be asked at all is an environment failure (exit 3).

import { discoverSipDomains } from '../discover/discover-sip-domains.js';
import { ExitCode, environmentError, inputError } from '../errors.js';
import { createDnsResolver } from '../net/dns-discovery.js';
import { findHostNameFault } from '../topology/host-name.js';
import { readTopologyFile } from '../topology/read-topology.js';
import { readSharedCheckSettings, sharedCheckHelp, sharedCheckOptions } from './check-options.js';
import type { Command } from './command.js';
import { flagOption, integerOption, stringOption } from './options.js';
import { renderDiscoveryJson, renderDiscoveryText } from './render-discovery.js';
import { failsOn } from './render-findings.js';

export const discoverCommand: Command = {
  name: 'discover',
  usage: ['discover SIPDOMAIN… [--dns-server IP:PORT] [--topology FILE] [--ca FILE]… [--dns-only] [--json]'],
  optionHelp: [
    [
      '--dns-server IP[:PORT]',
      "ask this DNS server instead of the system's (e.g. the internal DNS from outside)",
    ],
    [
      '--topology FILE',
      'also say which pool each record reaches, whether the topology expects it there, and the exact certificate request for it',
    ],
    ['--dns-only', 'resolve and check the records, but do not probe their targets over TLS'],
    ['--https-port N', 'the port probed for lyncdiscover and lyncdiscoverinternal (default 443)'],
    ...sharedCheckHelp,
  ],
  examples: [
    'uccert discover contoso.com fabrikam.com',
    'uccert discover contoso.com --dns-server 10.0.0.10 --ca contoso-root.pem',
    'uccert discover contoso.com --topology examples/contoso.yaml --json',
  ],
  options: {
    'dns-server': { type: 'string' },
    topology: { type: 'string' },
    'dns-only': { type: 'boolean' },
    'https-port': { type: 'string' },
    ...sharedCheckOptions,
  },
  async run(args, io) {
    if (args.positionals.length === 0) {
      throw inputError(
        'BAD_USAGE',
        'discover: give at least one SIP domain',
        'for example: uccert discover contoso.com fabrikam.com',
      );
    }
    for (const domain of args.positionals) {
      if (findHostNameFault(domain) !== null) {
        throw inputError(
          'BAD_DOMAIN',
          `"${domain}" is not a DNS domain name`,
          'give SIP domains as they follow the @ of SIP addresses, e.g. contoso.com',
        );
      }
    }
    const settings = await readSharedCheckSettings(args.values, io);
    const topologyPath = stringOption(args.values, 'topology');
    const topology =
      topologyPath === undefined ? null : (await readTopologyFile(topologyPath, io.cwd)).topology;
    const resolver = createDnsResolver({
      server: stringOption(args.values, 'dns-server') ?? null,
      timeoutMs: settings.timeoutMs,
      tries: 2,
    });
    const domains = await discoverSipDomains({
      domains: args.positionals,
      resolver,
      httpsPort: integerOption(args.values, 'https-port', 1, 65_535) ?? 443,
      timeoutMs: settings.timeoutMs,
      now: settings.now,
      warnDays: settings.warnDays,
      trustStore: settings.trustStore,
      topology,
      topologyPath: topologyPath ?? null,
      probe: !flagOption(args.values, 'dns-only'),
    });
    // Every question unanswered: the DNS server is unreachable, not the records absent.
    const lookups = domains.flatMap((d) => d.lookups);
    if (lookups.every((l) => l.status === 'timeout' || l.status === 'refused')) {
      const server = stringOption(args.values, 'dns-server') ?? "the system's DNS servers";
      throw environmentError(
        'DNS_UNREACHABLE',
        `no DNS question was answered by ${server} (${lookups[0]?.status ?? 'timeout'} on every record)`,
        'check that the DNS server is reachable from here (UDP and TCP port 53, or the port given), or give another with --dns-server IP:PORT',
      );
    }
    const findings = domains.flatMap((d) => d.findings);
    io.stdout(flagOption(args.values, 'json') ? renderDiscoveryJson(domains) : renderDiscoveryText(domains));
    return failsOn(findings, settings.failOn) ? ExitCode.findings : ExitCode.ok;
  },
};
