// Renders `uccert demo`: where its state is, the lab CA, one line per certificate issued and
// assigned, the loopback endpoints, the `check --live` report as `check` prints it, and where to
// look further. --json gives the same as one document, with the check report's own JSON inside.

import { publicationUrls } from '../ca/ca-layout.js';
import type { DemoSession } from '../demo/run-demo.js';
import { renderCheckJson, renderCheckText } from './render-check.js';

export interface DemoFacts {
  readonly session: DemoSession;
  readonly home: string;
  readonly fresh: boolean;
  readonly passphraseFrom: 'env' | 'demo' | 'prompt';
  readonly demoPassphrase: string;
  readonly topologyPath: string;
  readonly rootFile: string;
  readonly keepRunning: boolean;
  /** Whether the console follows (then everything stays up until Ctrl-C). */
  readonly console: boolean;
}

function renderMistakes(facts: DemoFacts): string[] {
  const { mistakes, scan } = facts.session;
  const drift = scan.endpoints.filter((e) => e.drift === 'served-not-assigned');
  return [
    mistakes.length === 0
      ? 'Planted mistakes: none (--clean)'
      : `Planted mistakes (run without them: uccert demo --clean):`,
    ...mistakes.map((m, i) => `  ${i + 1}. ${m.title}\n     ${m.where}`),
    '',
    `Scan ${scan.scanId}: ${scan.summary.endpoints} endpoints, ${scan.summary.reached} answered, ${drift.length} serving a certificate other than the one assigned${drift.length === 0 ? '' : ` (${drift.map((e) => e.endpoint).join(', ')})`}`,
  ];
}

/** The endpoints `uccert probe` lines are suggested for: one of each kind of listener. */
const probeExampleUses = ['Default', 'WebServicesExternal', 'AccessEdgeExternal', 'ReverseProxy'];

function pickProbeExamples(endpoints: DemoSession['endpoints']['endpoints']): typeof endpoints {
  return probeExampleUses.flatMap((use) => endpoints.find((e) => e.endpoint.use === use) ?? []);
}

function describeHome(facts: DemoFacts): string {
  const passphrase = {
    env: 'its keys are sealed with $UCCERT_PASSPHRASE',
    demo: `its keys are sealed with the demo passphrase "${facts.demoPassphrase}"`,
    prompt: 'its keys are sealed with the passphrase you gave',
  }[facts.passphraseFrom];
  return facts.fresh
    ? `Home: ${facts.home} (a fresh temporary directory; ${passphrase})`
    : `Home: ${facts.home} (${passphrase})`;
}

function certificateHolders(assignedOn: readonly string[]): string {
  return assignedOn.join(', ');
}

export function renderDemoText(facts: DemoFacts): string {
  const { session } = facts;
  const { ca, certificates, endpoints, check } = session;
  const urls = publicationUrls(ca.baseUrl, ca.name);
  const holderWidth = Math.max(...certificates.map((c) => certificateHolders(c.assignedOn).length));
  const usesWidth = Math.max(...certificates.map((c) => c.planned.uses.join(',').length));
  const hostWidth = Math.max(
    ...endpoints.endpoints.map((e) => `${e.endpoint.host}:${e.endpoint.port}`.length),
  );
  const lines = [
    `uccert demo: the deployment of ${facts.topologyPath}, on this machine`,
    describeHome(facts),
    '',
    `Lab CA "${ca.name}" (${ca.created ? 'created' : 'already in the store'})`,
    `  root     ${ca.root.facts.subject}, thumbprint ${ca.root.facts.thumbprint} (written to ${facts.rootFile})`,
    `  issuing  ${ca.issuing.facts.subject}, thumbprint ${ca.issuing.facts.thumbprint}`,
    `  CRL      ${urls.crl} (served at ${session.publication.url})`,
    '',
    `Certificates: ${certificates.length} requested from the lab CA (as request --new --ca local) and assigned (as set --topology)`,
    ...certificates.map((c) => {
      const f = c.certificate.facts;
      const names = `${f.alternativeNames.length} name${f.alternativeNames.length === 1 ? '' : 's'}`;
      return `  ${certificateHolders(c.assignedOn).padEnd(holderWidth)}  ${c.planned.uses.join(',').padEnd(usesWidth)}  ${f.thumbprint}  ${f.keyAlgorithm} ${f.keySize}  ${names}`;
    }),
    '',
    `TLS endpoints: ${endpoints.endpoints.length} listening on 127.0.0.1, each presenting its assigned certificate and the issuing CA${session.drifting === null ? '' : ` (except ${session.drifting.server}: mistake 3)`}`,
    ...endpoints.endpoints.map(
      (e) =>
        `  ${`${e.endpoint.host}:${e.endpoint.port}`.padEnd(hostWidth)}  → 127.0.0.1:${e.port}  ${e.endpoint.server} ${e.endpoint.use}`,
    ),
    '',
    `check --live, every endpoint reached by its name (routed like --connect-to) and the lab root trusted (like --ca ${facts.rootFile}):`,
    '',
    renderCheckText(check.checks, check.unreachable).trimEnd(),
    '',
    ...renderMistakes(facts),
    '',
    'Look further:',
    `  uccert get --home ${facts.home}`,
    `  uccert check ${facts.topologyPath} --home ${facts.home} --ca ${facts.rootFile}`,
    ...(facts.passphraseFrom === 'demo'
      ? [`  (commands that open keys, such as export, need UCCERT_PASSPHRASE=${facts.demoPassphrase})`]
      : []),
    ...(facts.console
      ? [
          ...pickProbeExamples(endpoints.endpoints).map(
            (e) => `  uccert probe 127.0.0.1:${e.port} --sni ${e.endpoint.host} --ca ${facts.rootFile}`,
          ),
          'The endpoints, the CRL server and the console stay up until Ctrl-C.',
        ]
      : facts.keepRunning
        ? [
            ...pickProbeExamples(endpoints.endpoints).map(
              (e) => `  uccert probe 127.0.0.1:${e.port} --sni ${e.endpoint.host} --ca ${facts.rootFile}`,
            ),
            'The endpoints and the CRL server stay up until Ctrl-C.',
          ]
        : [
            'The endpoints are closed again; without --no-serve the demo keeps them up with the console (or add --keep-running).',
          ]),
    '',
  ];
  return lines.join('\n');
}

export function renderDemoJson(facts: DemoFacts, consoleUrl: string | null): string {
  const { session } = facts;
  const { ca } = session;
  const document = {
    home: facts.home,
    freshHome: facts.fresh,
    topology: facts.topologyPath,
    ca: {
      name: ca.name,
      created: ca.created,
      baseUrl: ca.baseUrl,
      publicationUrl: session.publication.url,
      root: { subject: ca.root.facts.subject, thumbprint: ca.root.facts.thumbprint, file: facts.rootFile },
      issuing: { subject: ca.issuing.facts.subject, thumbprint: ca.issuing.facts.thumbprint },
    },
    certificates: session.certificates.map((c) => ({
      servers: c.assignedOn,
      use: c.planned.uses,
      requestId: c.requestId,
      subject: c.certificate.facts.subject,
      thumbprint: c.certificate.facts.thumbprint,
      serialNumber: c.certificate.facts.serialNumber,
      alternativeNames: c.certificate.facts.alternativeNames,
      keyAlgorithm: c.certificate.facts.keyAlgorithm,
      keySize: c.certificate.facts.keySize,
      notAfter: c.certificate.facts.notAfter,
    })),
    endpoints: session.endpoints.endpoints.map((e) => ({
      host: e.endpoint.host,
      port: e.endpoint.port,
      server: e.endpoint.server,
      use: e.endpoint.use,
      listening: `127.0.0.1:${e.port}`,
      thumbprint: e.thumbprint,
    })),
    keepRunning: facts.keepRunning,
    console: consoleUrl,
    mistakes: session.mistakes,
    scan: session.scan,
    check: JSON.parse(renderCheckJson(session.check.checks, session.check.unreachable)) as unknown,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
