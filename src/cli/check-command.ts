// `uccert check TOPOLOGY`: check certificates against what the topology requires of them: one
// certificate file for a server and its uses (--server/--use/--cert, repeatable), or every
// endpoint of the topology over TLS (--live). Renders per server and use with the coverage
// matrix; exit 1 on findings at or above --fail-on (architecture.md, "Command line").

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CertificateFileCheck, checkCertificateFiles } from '../check-inputs/certificate-files.js';
import { checkLiveEndpoints } from '../check-inputs/live-endpoints-check.js';
import { compareObserved } from '../check-inputs/observed-drift.js';
import { checkStoredAssignments } from '../check-inputs/stored-assignments.js';
import { prepareTopologyCheck } from '../check-inputs/topology-check.js';
import { ExitCode, inputError } from '../errors.js';
import { parseConnectToOption, parseResolveOption } from '../net/endpoint-routes.js';
import { checkhostTwins, verifyTwins } from '../openssl/openssl-twins.js';
import { resolveHome } from '../store/home.js';
import { loadDeploymentTopology } from '../topology/deployment-topology.js';
import { parseCertificateContainer } from '../x509/certificate-container.js';
import { readSharedCheckSettings, sharedCheckHelp, sharedCheckOptions } from './check-options.js';
import type { Command, OptionValues } from './command.js';
import { fileViewOf, opensslOption, opensslOptionHelp, opensslSession } from './openssl-output.js';
import { flagOption, stringListOption, stringOption } from './options.js';
import { pfxPasswordHelp, pfxPasswordOptions, withPfxPassword } from './pfx-password.js';
import { renderCheckJson, renderCheckText } from './render-check.js';
import { failsOn } from './render-findings.js';

export const checkCommand: Command = {
  name: 'check',
  usage: [
    'check [TOPOLOGY]                    (every assignment in the store: uccert set; and what the servers reported: uccert inventory import)',
    'check TOPOLOGY --server FQDN --use USE[,USE…] --cert FILE [--server … --use … --cert …]…',
    'check TOPOLOGY --live [--resolve HOST:PORT:ADDR]… [--connect-to HOST:PORT:HOST2:PORT2]… [--dns-server IP:PORT]',
  ],
  optionHelp: [
    ['--server FQDN', 'the server the certificate is (to be) assigned on; once, or once per --cert'],
    ['--use USE[,USE…]', 'its uses, as Set-CsCertificate -Type names them (Default, WebServicesInternal, …)'],
    [
      '--cert FILE',
      'the certificate: PEM, DER, PFX (with --password-file) or P7B; repeat the triple for more',
    ],
    ...pfxPasswordHelp('PFX files'),
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
    opensslOptionHelp,
  ],
  examples: [
    'uccert check examples/contoso.yaml --server fe01.contoso.net --use Default,WebServicesInternal,WebServicesExternal --cert fe01.pfx --password-file fe01.pass',
    'uccert check examples/contoso.yaml --server edge01.contoso.net --use AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication --cert edge-ext.pem --ca root.pem',
    'uccert check examples/contoso.yaml --live --dns-server 10.0.0.10 --ca contoso-root.pem',
  ],
  options: {
    server: { type: 'string', multiple: true },
    use: { type: 'string', multiple: true },
    cert: { type: 'string', multiple: true },
    ...pfxPasswordOptions,
    live: { type: 'boolean' },
    resolve: { type: 'string', multiple: true },
    'connect-to': { type: 'string', multiple: true },
    'dns-server': { type: 'string' },
    ...sharedCheckOptions,
    ...opensslOption,
  },
  async run(args, io) {
    const [givenPath, ...extra] = args.positionals;
    if (extra.length > 0) {
      throw inputError(
        'BAD_USAGE',
        `check: one topology at a time (got ${args.positionals.join(', ')})`,
        'for example: uccert check examples/contoso.yaml --server fe01.contoso.net --use Default --cert fe01.pem',
      );
    }
    const shared = await readSharedCheckSettings(args.values, io);
    const home = resolveHome({ homeOption: stringOption(args.values, 'home'), env: io.env, cwd: io.cwd });
    const loaded = await loadDeploymentTopology(home, givenPath, { cwd: io.cwd, now: io.now() });
    for (const note of loaded.notes) io.stderr(`uccert: note: ${note}\n`);
    const { topology } = loaded;
    const topologyPath = loaded.path;
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
    let filePassword: string | undefined;
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
            checks: await withPfxPassword(args.values, io, (password) => {
              filePassword = password;
              return checkCertificateFiles(check, files, password, io);
            }),
            unreachable: [],
          }
        : checkStoredAssignments(check, home);
    const observed =
      live || files.length > 0 ? { checks: [], drift: [], servers: 0 } : compareObserved(check, home);
    const allChecks = [...checks, ...observed.checks];
    const findings = [...allChecks.flatMap((c) => c.findings), ...deploymentFindings, ...observed.drift];
    const session = opensslSession(io, args.values);
    session.io.stdout(
      flagOption(args.values, 'json')
        ? renderCheckJson(allChecks, unreachable, deploymentFindings, observed.drift)
        : renderCheckText(allChecks, unreachable, deploymentFindings, observed.drift),
    );
    const caFile = stringListOption(args.values, 'ca')[0];
    // The openssl twins read each file again, only when asked for (--openssl).
    const twinFiles = flagOption(args.values, 'openssl') ? files : [];
    session.finish(
      twinFiles.flatMap((file) => {
        const container = parseCertificateContainer(readFileSync(resolve(io.cwd, file.path)), {
          source: file.path,
          password: filePassword,
        });
        const names = [
          ...new Set(file.uses.flatMap((use) => check.lookup(file.server, use)?.requiredNames ?? [])),
        ];
        const view = fileViewOf(container, file.path);
        return [
          ...checkhostTwins(view, names),
          ...(caFile !== undefined && view.kind === 'pem'
            ? verifyTwins(file.path, { path: caFile, der: false }, false)
            : []),
        ];
      }),
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
