// Renders a probe report: the text an administrator reads (connection, the chain as sent with
// every property, the trust verdict, the client CA names, the findings and their fixes) and the
// one JSON document of `probe --json`.

import type { ChainTrust, PathStep } from '../check/chain-trust.js';
import type { ProbeReport } from '../net/probe-endpoint.js';
import { formatEndpoint } from '../net/tls-probe.js';
import {
  certificateJson,
  type PropertyValue,
  renderCertificateText,
  renderProperties,
} from './render-certificate.js';
import { renderFindingLines } from './render-findings.js';

const sourceLabels = {
  sent: 'sent by the server',
  'ca-file': 'from --ca',
  store: 'a root in the uccert store',
  system: "from this machine's trusted roots",
} as const;

function describeStep(step: PathStep): string {
  const where =
    step.sentIndex !== null ? `[${step.sentIndex}] sent by the server` : sourceLabels[step.source];
  return `"${step.facts.subject}" (${where})`;
}

export function describeTrust(trust: ChainTrust): string {
  const root = trust.path[trust.path.length - 1]!;
  switch (trust.end.kind) {
    case 'anchor':
      return `trusted: the chain reaches the root ${describeStep(root)}`;
    case 'untrusted-root':
      return `NOT trusted: the chain ends at the root ${describeStep(root)}, which is not a trusted root here`;
    case 'issuer-not-found':
      return `NOT trusted: the issuer "${trust.end.issuer}" of "${root.facts.subject}" was neither sent nor found`;
    case 'too-long':
      return `NOT trusted: no trusted root within ${trust.path.length - 1} links`;
  }
}

function indent(text: string, prefix: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n');
}

function describeClientCaNames(names: readonly string[] | null): PropertyValue {
  if (names === null) return 'could not be read from the handshake';
  if (names.length === 0) return 'none sent (any CA)';
  return names;
}

/** The probe as text; certificates are rendered by the shared renderer, validity judged at `now`. */
export function renderProbeText(report: ProbeReport, now: Date): string {
  const { host, port, sni } = report.endpoint;
  const connection: [string, PropertyValue][] = [
    ['Endpoint', formatEndpoint(host, port)],
    ['Sni', sni ?? '(none: SNI cannot carry an IP address)'],
    ['Protocol', report.protocol],
    ['Cipher', report.cipher],
    ['Handshake', `${report.handshakeMs} ms`],
  ];
  if (report.serverAlert !== null) {
    connection.push([
      'ServerAlert',
      `${report.serverAlert} (the server ended the handshake: uccert sends no client certificate)`,
    ]);
  }
  const count = report.chain.length;
  const lines = [
    renderProperties(connection).trimEnd(),
    '',
    `Chain as sent by the server (${count} certificate${count === 1 ? '' : 's'})`,
  ];
  if (report.chainSource === 'peer-certificate') {
    lines.push('  (from the TLS library: the order the server sent could not be read from the handshake)');
  }
  report.chain.forEach((facts, i) => {
    lines.push('', `  [${i}]`, indent(renderCertificateText(facts, now), '  '));
  });
  const trust: [string, PropertyValue][] = [
    ['Trust', describeTrust(report.trust)],
    ['Path', report.trust.path.map((step, i) => `${i === 0 ? '' : '← issued by '}${describeStep(step)}`)],
    [
      'ClientCertificateRequested',
      report.clientCertificateRequested ?? 'unknown (the handshake messages could not be read)',
    ],
  ];
  if (report.clientCertificateRequested === true) {
    trust.push(['AcceptableClientCaNames', describeClientCaNames(report.acceptableClientCaNames)]);
  }
  lines.push('', renderProperties(trust).trimEnd(), '');
  if (report.findings.length === 0) {
    lines.push('Findings: none');
  } else {
    lines.push(`Findings (${report.findings.length})`, ...renderFindingLines(report.findings, '  '));
  }
  return `${lines.join('\n')}\n`;
}

/** The `probe --json` document (architecture.md: certificate JSON for the chain, findings as data). */
export function renderProbeJson(report: ProbeReport, now: Date): string {
  const document = {
    endpoint: report.endpoint,
    protocol: report.protocol,
    cipher: report.cipher,
    handshakeMs: report.handshakeMs,
    chain: report.chain.map((facts) => certificateJson(facts, now)),
    chainSource: report.chainSource,
    trusted: report.trust.trusted,
    trust: {
      end: report.trust.end.kind,
      ...(report.trust.end.kind === 'issuer-not-found' ? { missingIssuer: report.trust.end.issuer } : {}),
      path: report.trust.path.map((step) => ({
        subject: step.facts.subject,
        thumbprint: step.facts.thumbprint,
        source: step.source,
        sentIndex: step.sentIndex,
      })),
    },
    clientCertificateRequested: report.clientCertificateRequested,
    acceptableClientCaNames: report.acceptableClientCaNames,
    serverAlert: report.serverAlert,
    findings: report.findings,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
