// The fix that says "request a new certificate": the exact Request-CsCertificate line (Microsoft's
// cmdlet, lync-certificate-rules.md §4.3) and the `uccert request` equivalent, with the names the
// current certificate lacks. The cmdlet computes subject and SAN from the topology itself; the
// extra names go in -DomainName, and SIP-domain names it can derive in -AllSipDomain [PS-REQ].

import { findCoveringName, normalizeDnsName } from '../x509/name-coverage.js';
import { type CheckContext, mayWildcardCover } from './check-context.js';

export interface NewCertificateRequest {
  /** Set-CsCertificate -Type values, in order. */
  readonly uses: readonly string[];
  readonly server: string;
  /** Names to add beyond what the cmdlet derives from the topology. */
  readonly extraNames: readonly string[];
  readonly allSipDomain: boolean;
  readonly exportableKey: boolean;
  readonly clientEku: boolean;
  /** A public CA: an offline request file (-Output) instead of the enterprise CA. */
  readonly publicCa: boolean;
  /**
   * An offline request (-Output): a public CA, or an Edge server, which is not a domain member
   * and cannot reach the enterprise CA online ([L13-INFRA]; `plan --format powershell` does the same).
   */
  readonly offline: boolean;
  /** OAuthTokenIssuer is global: Set-CsCertificate -Identity global ([L13-OAUTH]). */
  readonly global: boolean;
  readonly topologyPath: string;
}

/** The fields of a planned certificate (architecture.md, "Plan JSON") a request is made from. */
export interface PlannedCertificateFields {
  readonly uses: readonly string[];
  readonly role: string;
  readonly exportableKey: boolean;
  readonly publicCa: boolean;
  readonly extendedKeyUsage: readonly string[];
}

/** The reverse proxy listener is no Lync server: Request-CsCertificate does not apply there. */
const notLyncUses: ReadonlySet<string> = new Set(['ReverseProxy']);

/**
 * The prefix -AllSipDomain adds for each SIP domain, per use (architecture.md, "Decisions":
 * sip.<d> on Default and AccessEdgeExternal, lyncdiscoverinternal.<d> on WebServicesInternal,
 * lyncdiscover.<d> on WebServicesExternal).
 */
const allSipDomainPrefixes: Readonly<Record<string, string>> = {
  Default: 'sip',
  AccessEdgeExternal: 'sip',
  WebServicesInternal: 'lyncdiscoverinternal',
  WebServicesExternal: 'lyncdiscover',
};

/**
 * Every required name of every use the certificate holds that it does not cover: a replacement
 * must fix them all at once, whichever finding asks for it.
 */
export function findMissingNamesOfAllUses(context: CheckContext): string[] {
  const missing: string[] = [];
  for (const requirement of context.heldFor) {
    for (const name of requirement.requiredNames) {
      const covering = findCoveringName(context.certificate.alternativeNames, name);
      const covered =
        covering !== null && (covering.coverage === 'exact' || mayWildcardCover(requirement, name));
      if (!covered && !missing.includes(name)) missing.push(name);
    }
  }
  return missing;
}

/** The request that replaces the context's certificate, adding `extraNames` to what is missing. */
export function planNewCertificate(
  context: CheckContext,
  extraNames: readonly string[],
): NewCertificateRequest {
  const missingNames = [...findMissingNamesOfAllUses(context), ...extraNames];
  const uses = context.heldFor.map((r) => r.use);
  const derivable = new Set<string>();
  for (const use of uses) {
    const prefix = allSipDomainPrefixes[use];
    if (prefix === undefined) continue;
    for (const domain of context.fix.sipDomains) derivable.add(normalizeDnsName(`${prefix}.${domain}`));
  }
  const server = context.requirement.server;
  const derived = context.fix.derivedNames;
  // Names the cmdlet computes from the topology come back by themselves in a new request.
  const names = [...new Set(missingNames.map(normalizeDnsName))].filter(
    (n) => !derived?.has(`${server}|${n}`),
  );
  // -AllSipDomain only pays when a name of a non-default SIP domain is missing: without it the
  // cmdlet already adds the default SIP domain's names.
  const defaultDomain = context.fix.sipDomains[0];
  const needsAllSipDomain = names.some((n) => derivable.has(n) && !n.endsWith(`.${defaultDomain}`));
  return {
    uses,
    server,
    extraNames: needsAllSipDomain ? names.filter((n) => !derivable.has(n)) : names,
    allSipDomain: needsAllSipDomain,
    exportableKey: context.requirement.exportableKey,
    clientEku: context.requirement.extendedKeyUsage.includes('clientAuth'),
    publicCa: context.requirement.publicCa,
    offline: context.requirement.publicCa || context.requirement.role === 'edge',
    global: uses.includes('OAuthTokenIssuer'),
    topologyPath: context.fix.topologyPath,
  };
}

/** `Request-CsCertificate -New …`, as run on the server (or, -Output, for a public CA). */
export function formatRequestCsCertificate(request: NewCertificateRequest): string {
  const parts = [
    'Request-CsCertificate -New',
    `-Type ${request.uses.join(',')}`,
    `-ComputerFqdn "${request.server}"`,
  ];
  if (request.extraNames.length > 0) parts.push(`-DomainName "${request.extraNames.join(',')}"`);
  if (request.allSipDomain) parts.push('-AllSipDomain');
  if (request.clientEku) parts.push('-ClientEku $true');
  if (request.exportableKey) parts.push('-PrivateKeyExportable $true');
  if (request.offline)
    parts.push(`-Output "C:\\Certificates\\${request.server}-${request.uses[0] ?? 'request'}.req"`);
  return parts.join(' ');
}

/** The Set-CsCertificate line that assigns the new certificate to every use it was requested for. */
export function formatSetCsCertificate(request: NewCertificateRequest): string {
  const identity = request.global ? ' -Identity global' : '';
  return `Set-CsCertificate${identity} -Type ${request.uses.join(',')} -Thumbprint <new thumbprint>`;
}

/** The same request with uccert (architecture.md, command table: `uccert request`). */
export function formatUccertRequest(request: NewCertificateRequest): string {
  const parts = [
    'uccert request --new',
    `--type ${request.uses.join(',')}`,
    `--server ${request.server}`,
    `--topology ${request.topologyPath}`,
  ];
  if (request.allSipDomain) parts.push('--all-sip-domain');
  if (request.extraNames.length > 0) parts.push(`--domain-name "${request.extraNames.join(',')}"`);
  // request --new needs a CA: --output writes the CSR for the CA that issues it, so the line runs
  // as printed (issue 8.8); `--ca local` instead has the lab CA issue it.
  parts.push(`--output ${request.server}-${request.uses[0] ?? 'request'}.csr`);
  return parts.join(' ');
}

/** "Request a new certificate … : <cmdlet>   or: <uccert>" as one fix text. */
export function describeNewCertificateFix(
  lead: string,
  context: CheckContext,
  missingNames: readonly string[],
): string {
  return describeCertificateRequest(lead, planNewCertificate(context, missingNames));
}

/**
 * The request for one certificate of the plan on one of its servers, adding `names` in
 * -DomainName: what `discover --topology` asks for when a record reaches that server's pool.
 */
export function planRequestFromPlan(
  certificate: PlannedCertificateFields,
  server: string,
  names: readonly string[],
  topologyPath: string,
): NewCertificateRequest {
  return {
    uses: certificate.uses,
    server,
    extraNames: [...new Set(names.map(normalizeDnsName))],
    allSipDomain: false,
    exportableKey: certificate.exportableKey,
    clientEku: certificate.extendedKeyUsage.includes('clientAuth'),
    publicCa: certificate.publicCa,
    offline: certificate.publicCa || certificate.role === 'edge',
    global: certificate.uses.includes('OAuthTokenIssuer'),
    topologyPath,
  };
}

/** One request as fix text: the cmdlet, the uccert equivalent and the Set-CsCertificate that follows. */
export function describeCertificateRequest(lead: string, request: NewCertificateRequest): string {
  if (request.uses.some((u) => notLyncUses.has(u))) {
    return [
      `${lead}: the reverse proxy is not a Lync server, so request it from a public CA with a CSR:`,
      `  uccert plan ${request.topologyPath} --format certreq --server ${request.server}` +
        (request.extraNames.length > 0 ? ` (it lists ${request.extraNames.join(', ')})` : ''),
      'then bind it to the reverse proxy listener that publishes the external web services',
    ].join('\n');
  }
  return [
    `${lead}:`,
    `  ${formatRequestCsCertificate(request)}`,
    `  or: ${formatUccertRequest(request)}`,
    `then assign it: ${formatSetCsCertificate(request)}`,
  ].join('\n');
}
