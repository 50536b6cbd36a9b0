// CHAIN_INCOMPLETE: the server does not send an intermediate its chain needs. Windows clients
// may fetch it, but Lync phones, mobile clients and federation partners do not; the server must
// send the whole chain below the root (lync-certificate-rules.md §6.2, "Intermittent/complete Edge
// failures"; KB 2604176).

import type { ChainTrust } from './chain-trust.js';
import type { Finding } from './finding.js';

const sources = [
  'https://support.microsoft.com/en-us/help/2604176',
  'RFC 8446 §4.4.2 (the server sends its chain)',
  'Lync Server 2013 Unleashed: intermediate and root certificates missing on the Edge (https://blogtechexpert.com/view/book/Microsoft+++Lync+++Server+2013+Unleashed+Second+Edition-EB9780133100563_197.html)',
] as const;

function fixFor(issuer: string): string {
  return (
    `install the intermediate CA certificate "${issuer}" on the server and include it in the chain it sends; ` +
    "for Lync / Skype for Business Server, import the issuing CA's certificate into the computer's " +
    'Intermediate Certification Authorities store (certlm.msc) and restart the services so they send it'
  );
}

export function checkChainIncomplete(trust: ChainTrust, target: string): Finding[] {
  const findings: Finding[] = trust.notSent.map((step) => {
    const where = step.source === 'ca-file' ? '--ca' : "this machine's trusted roots";
    return {
      code: 'CHAIN_INCOMPLETE',
      severity: 'error',
      target,
      message:
        `the server does not send the intermediate "${step.facts.subject}" (thumbprint ${step.facts.thumbprint}); ` +
        `the chain could be completed only from ${where}, so clients that lack it cannot build the chain`,
      fix: fixFor(step.facts.subject),
      sources,
    };
  });
  // The leaf's issuer is nowhere: the server must send it if it is an intermediate (most are).
  // When the path already ends at a CA certificate, the missing one is most likely the root:
  // untrusted-root.ts reports that case.
  const last = trust.path[trust.path.length - 1]!;
  if (trust.end.kind === 'issuer-not-found' && !last.facts.isCa) {
    const issuer = trust.end.issuer;
    const notFound = trust.caFileGiven
      ? 'it is neither among the trusted roots nor in --ca, so the chain could not be completed'
      : 'it is not among the trusted roots, so the chain could not be completed (give it with --ca FILE to check the rest)';
    const trustInstead = `if "${issuer}" is itself your root CA, trust it instead (Trusted Root Certification Authorities store; --ca ROOT.pem)`;
    findings.push(
      trust.sentByServer
        ? {
            code: 'CHAIN_INCOMPLETE',
            severity: 'error',
            target,
            message: `the server does not send the certificate of its issuer "${issuer}" (issuer of "${last.facts.subject}"); ${notFound}`,
            fix: `${fixFor(issuer)}; ${trustInstead}`,
            sources,
          }
        : {
            // A file or the store: no server is involved, so nothing was "not sent".
            code: 'CHAIN_INCOMPLETE',
            severity: 'error',
            target,
            message: `the certificate of its issuer "${issuer}" (issuer of "${last.facts.subject}") is not in the file or the uccert store; ${notFound}`,
            fix: `import the issuing CA's certificate (the PEM or P7B the CA sent) into the uccert store, and on the server into the computer's Intermediate Certification Authorities store (certlm.msc), so that it sends it; ${trustInstead}`,
            sources,
          },
    );
  }
  return findings;
}
