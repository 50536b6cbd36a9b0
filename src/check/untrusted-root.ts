// UNTRUSTED_ROOT: the chain reaches a self-signed root that is not a trust anchor here (the
// system roots plus --ca). Clients show "There was a problem verifying the certificate from the
// server" (KB 2604176); a private CA's root must be in every client's Trusted Root store.

import type { ChainTrust } from './chain-trust.js';
import type { Finding } from './finding.js';

export function checkUntrustedRoot(trust: ChainTrust, target: string): Finding | null {
  const last = trust.path[trust.path.length - 1]!;
  switch (trust.end.kind) {
    case 'anchor':
      return null;
    case 'issuer-not-found':
      // A leaf whose issuer is missing is CHAIN_INCOMPLETE; past a CA certificate the missing
      // issuer is most likely the root, which servers need not send (RFC 8446 §4.4.2).
      if (!last.facts.isCa) return null;
      return untrusted(
        trust,
        target,
        `the chain ends at the CA "${last.facts.subject}", whose issuer "${trust.end.issuer}" is not a trusted root here`,
      );
    case 'untrusted-root':
    case 'too-long': {
      const what =
        trust.end.kind === 'untrusted-root'
          ? `the chain ends at the root "${last.facts.subject}" (thumbprint ${last.facts.thumbprint}), which is not a trusted root here`
          : `the chain is longer than ${trust.path.length - 1} links without reaching a trusted root`;
      return untrusted(trust, target, what);
    }
  }
}

function untrusted(trust: ChainTrust, target: string, what: string): Finding {
  return {
    code: 'UNTRUSTED_ROOT',
    severity: 'error',
    target,
    message: `${what} (this machine's trusted roots${trust.caFileGiven ? ' and --ca' : ''})`,
    fix:
      'if it is your own CA, import its root certificate into the Trusted Root Certification Authorities store ' +
      'of every client and server (Group Policy), and pass it to uccert with --ca ROOT.pem; otherwise get a ' +
      'certificate from a CA that the clients already trust',
    sources: ['https://support.microsoft.com/en-us/help/2604176', 'RFC 5280 §6.1'],
  };
}
