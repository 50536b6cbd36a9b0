// Findings per second: `check` over 10,000 stored certificates (bench/make-corpus.ts's corpus),
// each against a requirement of its own (its server and pool names, simple URLs, one name it
// lacks, so NAME_NOT_COVERED and its fix are built every time). Parsing is not timed: the store
// keeps certificate facts. The lead's bench/run.ts can call runCheckThroughput.
// Usage: node dist/bench/check-throughput.js [CORPUS.der] [ROUNDS]

import { readFileSync } from 'node:fs';
import type { CheckedRequirement } from '../src/check/check-context.js';
import { checkCertificate } from '../src/check/rules.js';
import { parseCertificate } from '../src/x509/certificate.js';
import type { CertificateFacts } from '../src/x509/certificate-facts.js';
import { readNode } from '../src/x509/der.js';
import { makeCorpus } from './make-corpus.js';

export interface CheckThroughput {
  readonly certificates: number;
  readonly findings: number;
  readonly seconds: number;
  /** Certificates checked per second (each against one requirement). */
  readonly perSecond: number;
  readonly findingsPerSecond: number;
}

function requirementFor(facts: CertificateFacts, i: number): CheckedRequirement {
  const server = facts.subjectCommonName ?? `server${i}.contoso.net`;
  return {
    server,
    pool: `pool${i % 97}.contoso.net`,
    role: 'frontEnd',
    use: 'WebServicesExternal',
    subject: server,
    acceptedSubjects: [server, `pool${i % 97}.contoso.net`],
    // Three names it has, one it lacks.
    requiredNames: [...facts.alternativeNames.slice(0, 3), `lyncdiscover.pool${i % 97}.contoso.com`],
    optionalNames: ['admin.contoso.com'],
    wildcardAllowed: true,
    extendedKeyUsage: ['serverAuth'],
    exportableKey: false,
    publicCa: false,
    minKeySize: 2048,
    sources: [],
  };
}

export function runCheckThroughput(
  corpusPath: string,
  rounds = 3,
  now = new Date('2026-06-01T12:00:00Z'),
): CheckThroughput {
  const corpus = readFileSync(corpusPath);
  const stored: { facts: CertificateFacts; requirement: CheckedRequirement }[] = [];
  for (let at = 0, i = 0; at < corpus.length; i++) {
    const node = readNode(corpus, at);
    const facts = parseCertificate(corpus.subarray(node.start, node.end));
    stored.push({ facts, requirement: requirementFor(facts, i) });
    at = node.end;
  }
  const fix = { topologyPath: 'contoso.yaml', sipDomains: ['contoso.com', 'fabrikam.com'] };
  let findings = 0;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const { facts, requirement } of stored) {
      findings += checkCertificate({
        certificate: facts,
        requirement,
        heldFor: [requirement],
        now,
        warnDays: 30,
        chainTrust: null,
        privateKey: null,
        fix,
        target: `${requirement.server}/${requirement.use}`,
      }).length;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const certificates = stored.length * rounds;
  return {
    certificates,
    findings,
    seconds,
    perSecond: Math.round(certificates / seconds),
    findingsPerSecond: Math.round(findings / seconds),
  };
}

if (process.argv[1]?.endsWith('check-throughput.js')) {
  const corpus = process.argv[2] ?? (await makeCorpus('bench/out', 10000));
  console.log(JSON.stringify(runCheckThroughput(corpus, Number(process.argv[3] ?? 3))));
}
