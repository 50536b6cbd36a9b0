// `uccert check TOPOLOGY`: check certificates against what the topology requires of them: one
// certificate file for a server and its uses (--server/--use/--cert, repeatable), or every
// endpoint of the topology over TLS (--live). Renders per server and use with the coverage
// matrix; exit 1 on findings at or above --fail-on (architecture.md, "Command line").

import { type CertificateFileCheck, checkCertificateFiles } from '../check-inputs/certificate-files.js';
import { checkLiveEndpoints } from '../check-inputs/live-endpoints-check.js';
import { checkStoredAssignments } from '../check-inputs/stored-assignments.js';
import { prepareTopologyCheck } from '../check-inputs/topology-check.js';
import { ExitCode, inputError } from '../errors.js';
import { parseConnectToOption, parseResolveOption } from '../net/endpoint-routes.js';
import { resolveHome } from '../store/home.js';
import { readTopologyFile } from '../topology/read-topology.js';
import { readSharedCheckSettings, sharedCheckHelp, sharedCheckOptions } from './check-options.js';
import type { Command, OptionValues } from './command.js';
import { flagOption, stringListOption, stringOption } from './options.js';
import { renderCheckJson, renderCheckText } from './render-check.js';
import { failsOn } from './render-findings.js';

export const checkCommand: Command = {
  name: 'check',
  usage: [
    'check TOPOLOGY                      (every assignment in the store: uccert set)',
    'check TOPOLOGY --server FQDN --use USE[,USE…] --cert FILE [--server … --use … --cert …]…',
    'check TOPOLOGY --live [--resolve HOST:PORT:ADDR]… [--connect-to HOST:PORT:HOST2:PORT2]… [--dns-server IP:PORT]',
  ],
  optionHelp: [
    ['--server FQDN', 'the server the certificate is (to be) assigned on; once, or once per --cert'],
    ['--use USE[,USE…]', 'its uses, as Set-CsCertificate -Type names them (Default, WebServicesInternal, …)'],
    ['--cert FILE', 'the certificate: PEM, DER, PFX (with --password) or P7B; repeat the triple for more'],
    ['--password P', 'the password of PFX files'],
    [
      '--live',
      'probe every TLS endpoint of the topology and check what each serves (exit 3 if one is not reached)',
    ],
    ['--resolve HOST:PORT:ADDR', "connect to ADDR for HOST:PORT (curl's form); may be repeated"],
    [
      '--connect-to H:P:H2:P2',
      "connect to H2:P2 for H:P (curl's form: NAT, port forwarding); may be repeated",
    ],
    ['--dns-server IP[:PORT]', "resolve the topology's host names with this DNS server"],
    ...sharedCheckHelp,
  ],
  examples: [
    'uccert check examples/contoso.yaml --server fe01.contoso.net --use Default,WebServicesInternal,WebServicesExternal --cert fe01.pfx --password "$P"',
    'uccert check examples/contoso.yaml --server edge01.contoso.net --use AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication --cert edge-ext.pem --ca root.pem',
    'uccert check examples/contoso.yaml --live --dns-server 10.0.0.10 --ca contoso-root.pem',
  ],
  options: {
    server: { type: 'string', multiple: true },
    use: { type: 'string', multiple: true },
    cert: { type: 'string', multiple: true },
    password: { type: 'string' },
    live: { type: 'boolean' },
    resolve: { type: 'string', multiple: true },
    'connect-to': { type: 'string', multiple: true },
    'dns-server': { type: 'string' },
    ...sharedCheckOptions,
  },
  async run(args, io) {
    const [topologyPath, ...extra] = args.positionals;
    if (topologyPath === undefined || extra.length > 0) {
      throw inputError(
        'BAD_USAGE',
        topologyPath === undefined
          ? 'check: give the topology file'
          : `check: one topology at a time (got ${args.positionals.join(', ')})`,
        'for example: uccert check examples/contoso.yaml --server fe01.contoso.net --use Default --cert fe01.pem',
      );
    }
    const shared = await readSharedCheckSettings(args.values, io);
    const { topology } = await readTopologyFile(topologyPath, io.cwd);
    const check = prepareTopologyCheck(topology, topologyPath, shared);
    const live = flagOption(args.values, 'live');
    if (live && stringListOption(args.values, 'cert').length > 0) {
      throw inputError(
        'BAD_USAGE',
        'check: --live probes the endpoints; it does not take --cert',
        'check one file: --server fe01.contoso.net --use Default --cert fe01.pem; or every endpoint: --live',
      );
    }
    const files = pairCertificateFiles(args.values);
    const {
      checks,
      unreachable,
      deploymentFindings = [],
    } = live
      ? await checkLiveEndpoints(check, {
          routes: [
            ...stringListOption(args.values, 'resolve').map(parseResolveOption),
            ...stringListOption(args.values, 'connect-to').map(parseConnectToOption),
          ],
          dnsServer: stringOption(args.values, 'dns-server') ?? null,
          timeoutMs: shared.timeoutMs,
        })
      : files.length > 0
        ? {
            checks: await checkCertificateFiles(check, files, stringOption(args.values, 'password'), io),
            unreachable: [],
          }
        : checkStoredAssignments(
            check,
            resolveHome({ homeOption: stringOption(args.values, 'home'), env: io.env, cwd: io.cwd }),
          );
    const findings = [...checks.flatMap((c) => c.findings), ...deploymentFindings];
    io.stdout(
      flagOption(args.values, 'json')
        ? renderCheckJson(checks, unreachable, deploymentFindings)
        : renderCheckText(checks, unreachable, deploymentFindings),
    );
    if (failsOn(findings, shared.failOn)) return ExitCode.findings;
    // An endpoint not reached is not a pass: say so in the exit code too.
    return unreachable.length > 0 ? ExitCode.environment : ExitCode.ok;
  },
};

/** --server/--use/--cert triples: each list once (applies to all) or once per --cert. */
function pairCertificateFiles(values: OptionValues): CertificateFileCheck[] {
  const certs = stringListOption(values, 'cert');
  const servers = stringListOption(values, 'server');
  const uses = stringListOption(values, 'use');
  const pick = (list: readonly string[], flag: string, i: number): string => {
    if (list.length === 1) return list[0]!;
    if (list.length === certs.length) return list[i]!;
    throw inputError(
      'BAD_USAGE',
      `check: ${list.length} --${flag} for ${certs.length} --cert`,
      `give --${flag} once for every --cert, or once for all of them`,
    );
  };
  return certs.map((path, i) => ({
    server: pick(servers, 'server', i),
    uses: pick(uses, 'use', i)
      .split(',')
      .map((u) => u.trim())
      .filter((u) => u !== ''),
    path,
  }));
}
