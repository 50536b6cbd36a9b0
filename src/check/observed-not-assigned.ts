// OBSERVED_NOT_ASSIGNED: a server reports (uccert inventory import, from Get-CsCertificate) a
// certificate for a use other than the one the store assigns it: the store and the server have
// drifted apart. An error when the store assigns another certificate (one of them is wrong); a
// warning when the store assigns none (the store is behind the server).

import { checkSources } from './check-sources.js';
import type { Finding } from './finding.js';

export interface ObservedUse {
  readonly server: string;
  readonly use: string;
  readonly thumbprint: string;
  readonly observedAt: string;
  readonly sourceFile: string;
  /** Whether the store holds the observed certificate (the report carried its DER). */
  readonly certificateKnown: boolean;
}

const setCsCertificatePage = 'https://learn.microsoft.com/en-us/powershell/module/skype/set-cscertificate';

export function checkObservedNotAssigned(observed: ObservedUse, assigned: string | null): Finding | null {
  if (assigned === observed.thumbprint) return null;
  const target = `${observed.server}/${observed.use}`;
  const reported = `${observed.server} reported ${observed.thumbprint} for ${observed.use} at ${observed.observedAt} (${observed.sourceFile})`;
  if (assigned === null) {
    return {
      code: 'OBSERVED_NOT_ASSIGNED',
      severity: 'warning',
      target,
      message: `${reported}, but the store assigns no certificate to that use`,
      fix: observed.certificateKnown
        ? `record it: uccert set --server ${observed.server} --type ${observed.use} --thumbprint ${observed.thumbprint}`
        : `import the certificate (uccert import FILE, or re-run the inventory script so the report carries it), then: uccert set --server ${observed.server} --type ${observed.use} --thumbprint ${observed.thumbprint}`,
      sources: [setCsCertificatePage, checkSources.requestCsCertificate],
    };
  }
  return {
    code: 'OBSERVED_NOT_ASSIGNED',
    severity: 'error',
    target,
    message: `${reported}, but the store assigns ${assigned}`,
    fix: `If the store is right, on ${observed.server}: Set-CsCertificate -Type ${observed.use} -Thumbprint ${assigned}. If the server is right: uccert set --server ${observed.server} --type ${observed.use} --thumbprint ${observed.thumbprint}${observed.certificateKnown ? '' : ' (import the certificate first)'}`,
    sources: [setCsCertificatePage],
  };
}
