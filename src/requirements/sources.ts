// The Microsoft pages behind the rules, by the short tags of lync-certificate-rules.md. The plan
// carries the URLs; text output shows the tags and a legend.

const base13 =
  'https://learn.microsoft.com/en-us/previous-versions/office/lync-server-2013/lync-server-2013-';
const base10 = 'https://learn.microsoft.com/en-us/previous-versions/office/skype-server-2010/';

export const sourceUrls = {
  'L13-INT': `${base13}certificate-requirements-for-internal-servers`,
  'L13-EXT': `${base13}certificate-requirements-for-external-user-access`,
  'L13-WILD': `${base13}wildcard-certificate-support`,
  'L13-DIR1': `${base13}certificate-summary-single-director`,
  'L13-DIRHLB': `${base13}certificate-summary-scaled-director-pool-hardware-load-balancer`,
  'L13-EDGE1PUB': `${base13}certificate-summary-single-consolidated-edge-with-public-ip-addresses`,
  'L13-EDGEPLAN': `${base13}plan-for-edge-server-certificates`,
  'L13-RP': `${base13}certificate-summary-reverse-proxy`,
  'L13-RPREQ': `${base13}request-and-configure-a-certificate-for-your-reverse-http-proxy`,
  'L13-MOBCERT': `${base13}certificate-requirements-for-mobility`,
  'L13-MOBMOD': `${base13}modifying-certificates-for-mobility`,
  'L13-MOBTECH': `${base13}technical-requirements-for-mobility`,
  'L13-XMPP': `${base13}certificate-summary-extensible-messaging-and-presence-protocol-xmpp-federation`,
  'L13-FEDPIC': `${base13}certificate-summary-sip-xmpp-federation-and-public-instant-messaging`,
  'L13-OAUTH': `${base13}assigning-a-server-to-server-authentication-certificate-to-lync-server-2013`,
  'L13-S2S': `${base13}managing-server-to-server-authentication-oauth-and-partner-applications`,
  'L13-INFRA': `${base13}certificate-infrastructure-requirements`,
  'L13-DNSURL': `${base13}dns-requirements-for-simple-urls`,
  'L13-CFGDIR': `${base13}configure-certificates-for-the-director`,
  'S15-ENV':
    'https://learn.microsoft.com/en-us/skypeforbusiness/plan-your-deployment/requirements-for-your-environment/environmental-requirements',
  'S15-EDGE':
    'https://learn.microsoft.com/en-us/skypeforbusiness/plan-your-deployment/edge-server-deployments/edge-environmental-requirements',
  'L10-INT': `${base10}gg398094(v=ocs.14)`,
  'L10-INFRA': `${base10}gg398066(v=ocs.14)`,
  'L10-RA1': `${base10}gg398519(v=ocs.14)`,
  'L10-MOB': `${base10}hh690044(v=ocs.14)`,
  'L10-RP': 'https://technet.microsoft.com/en-us/library/gg429704(v=ocs.14)',
  'PS-REQ': 'https://learn.microsoft.com/en-us/powershell/module/skype/request-cscertificate',
} as const;

export type SourceTag = keyof typeof sourceUrls;

export function urlsOf(tags: readonly SourceTag[]): string[] {
  return [...new Set(tags)].map((t) => sourceUrls[t]);
}

const tagByUrl = new Map<string, SourceTag>(
  (Object.entries(sourceUrls) as [SourceTag, string][]).map(([tag, url]) => [url, tag]),
);

/** The short tag of a source URL (for text output), or the URL itself. */
export function tagOf(url: string): string {
  return tagByUrl.get(url) ?? url;
}
