// USE_NOT_OBSERVED: the plan requires a use on a server that has reported its certificates
// (uccert inventory import), and the report holds no certificate for that use: the service has
// none assigned on the server itself, whatever the store says.

import type { Finding } from './finding.js';

export interface ServerReport {
  readonly server: string;
  readonly observedAt: string;
  readonly sourceFile: string;
  /** The uses the report holds a certificate for. */
  readonly uses: readonly string[];
  /** Entries of the report uccert could not read (a Use written as a number): then a warning. */
  readonly unreadable: number;
}

const setCsCertificatePage = 'https://learn.microsoft.com/en-us/powershell/module/skype/set-cscertificate';

export function checkUseNotObserved(
  report: ServerReport,
  use: string,
  assigned: string | null,
): Finding | null {
  if (report.uses.some((u) => u.toLowerCase() === use.toLowerCase())) return null;
  const partial =
    report.unreadable === 0
      ? ''
      : `; ${report.unreadable} entr${report.unreadable === 1 ? 'y' : 'ies'} of that report could not be read, so it may be among them (run the uccert inventory script there)`;
  return {
    code: 'USE_NOT_OBSERVED',
    severity: report.unreadable === 0 ? 'error' : 'warning',
    target: `${report.server}/${use}`,
    message: `the plan requires a certificate for ${use} on ${report.server}, and the server reported none for it at ${report.observedAt} (${report.sourceFile})${partial}`,
    fix:
      assigned === null
        ? `request one (uccert request --new --type ${use} --server ${report.server} …), then assign it on the server with Set-CsCertificate -Type ${use}`
        : `on ${report.server}: Set-CsCertificate -Type ${use} -Thumbprint ${assigned} (the certificate the store assigns it)`,
    sources: [setCsCertificatePage],
  };
}
