// The PowerShell runbook of a plan: for each certificate, the exact Request-CsCertificate line
// ([PS-REQ]), then Import-CsCertificate where the certificate comes back as a file, and the
// Set-CsCertificate lines ([PS-SET]). One thumbprint is given several types only when those
// types share one certificate ([L13-ADCFG]); -Identity global only for OAuthTokenIssuer (L13+).

import { isLyncUse } from '../requirements/certificate-use.js';
import type { Plan, PlannedCertificate } from '../requirements/plan-model.js';
import { type Product, productNames } from '../topology/model.js';

export interface PowerShellOptions {
  readonly product: Product;
  /** Enterprise CA as `host\CA name` for internal certificates; without it, offline requests. */
  readonly ca: string | null;
  /** Folder on the Windows server for request and certificate files. */
  readonly folder: string;
  /** Shown in the header: the topology file. */
  readonly source: string;
}

export function renderPowerShell(plan: Plan, o: PowerShellOptions): string {
  const lines = [
    `# Certificate requests and assignments for ${productNames[o.product]}, planned by uccert from ${o.source}.`,
    '# Run each block in the Management Shell of the server it names. <THUMBPRINT-n> is the thumbprint',
    '# of certificate n once it is issued: (Get-ChildItem Cert:\\LocalMachine\\My | Where-Object FriendlyName -eq "…").Thumbprint',
    '',
  ];
  for (const c of plan.certificates) lines.push(...renderCertificate(c, o), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderCertificate(c: PlannedCertificate, o: PowerShellOptions): string[] {
  const types = c.uses.join(',');
  const tag = `cert${String(c.id).padStart(2, '0')}`;
  if (!c.uses.every(isLyncUse)) {
    return [
      `# ---- certificate ${c.id}: reverse proxy listener, CN=${c.subject}; public CA`,
      '# The reverse proxy is not a Lync server: Request-CsCertificate does not apply. Request it on the',
      `# reverse proxy with the certreq INF of: uccert plan ${o.source} --format certreq --server ${c.servers[0] ?? ''}`,
    ];
  }
  const requester = c.servers[0] ?? '';
  // Edge servers are not domain members and cannot auto-enrol ([L13-INFRA]): always offline.
  const online = !c.publicCa && o.ca !== null && c.role !== 'edge';
  const friendly = `uccert ${tag} ${c.uses.join('+')}`;
  const request = [
    'Request-CsCertificate -New',
    `-Type ${types}`,
    `-ComputerFqdn "${requester}"`,
    online ? `-CA "${o.ca}"` : null,
    c.requestAllSipDomain ? '-AllSipDomain' : null,
    c.requestDomainNames.length > 0 ? `-DomainName "${c.requestDomainNames.join(',')}"` : null,
    c.exportableKey ? '-PrivateKeyExportable $true' : null,
    `-FriendlyName "${friendly}"`,
    '-KeySize 2048',
    online ? null : `-Output "${o.folder}\\${tag}-${requester}.req"`,
  ].filter((p): p is string => p !== null);
  const shared = c.servers.length > 1 ? `, shared by ${c.servers.join(', ')}` : '';
  const scope = c.scope === 'deployment' ? ' (global: one for the deployment)' : '';
  const lines = [
    `# ---- certificate ${c.id}: ${c.uses.join(', ')}${scope}${shared}; CN=${c.subject}; ${c.publicCa ? 'public CA' : 'internal CA'}${c.exportableKey ? ', exportable key' : ''}`,
    `# on ${requester}:`,
    request.join(' '),
  ];
  const set = c.uses.includes('OAuthTokenIssuer')
    ? `Set-CsCertificate -Identity global -Type ${types} -Thumbprint <THUMBPRINT-${c.id}>`
    : `Set-CsCertificate -Type ${types} -Thumbprint <THUMBPRINT-${c.id}>`;
  if (c.servers.length > 1) {
    lines.push(
      `# when issued: import it on ${requester}, export it with its private key to ${tag}.pfx, then on each of ${c.servers.join(', ')}:`,
      // The password the PFX was exported with; the `export` runbook asks for it the same way.
      `$pfxPassword = Read-Host -Prompt "Password of ${tag}.pfx"`,
      `Import-CsCertificate -Path "${o.folder}\\${tag}.pfx" -Password $pfxPassword -PrivateKeyExportable $true`,
      set,
    );
  } else if (!online) {
    lines.push(
      `# when the CA has issued ${tag}-${requester}.req, save the certificate as ${tag}-${requester}.cer:`,
      `Import-CsCertificate -Path "${o.folder}\\${tag}-${requester}.cer"`,
      set,
    );
  } else {
    lines.push(set);
  }
  return lines;
}
