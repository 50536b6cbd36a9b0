// The Microsoft pages and RFC sections the check rules cite (lync-certificate-rules.md, sources
// table). One place, so a rule names its source by tag and every finding carries the same URL.

const lync2013 =
  'https://learn.microsoft.com/en-us/previous-versions/office/lync-server-2013/lync-server-2013-';

export const checkSources = {
  internalServers: `${lync2013}certificate-requirements-for-internal-servers`,
  externalAccess: `${lync2013}certificate-requirements-for-external-user-access`,
  infrastructure: `${lync2013}certificate-infrastructure-requirements`,
  wildcards: `${lync2013}wildcard-certificate-support`,
  edgePlanning: `${lync2013}plan-for-edge-server-certificates`,
  publicIm: `${lync2013}certificate-summary-public-instant-messaging-connectivity`,
  mobility: `${lync2013}certificate-requirements-for-mobility`,
  mobilityTech: `${lync2013}technical-requirements-for-mobility`,
  dnsRequirements: `${lync2013}determine-dns-requirements`,
  dnsAutodiscover: `${lync2013}dns-summary-autodiscover`,
  edgeSummary: `${lync2013}certificate-summary-single-consolidated-edge-with-public-ip-addresses`,
  requestCsCertificate: 'https://learn.microsoft.com/en-us/powershell/module/skype/request-cscertificate',
  sfbEnvironment:
    'https://learn.microsoft.com/en-us/skypeforbusiness/plan-your-deployment/requirements-for-your-environment/environmental-requirements',
  rfc5280Eku: 'RFC 5280 §4.2.1.12',
  rfc5280Cdp: 'RFC 5280 §4.2.1.13',
  rfc6125Wildcard: 'RFC 6125 §6.4.3',
} as const;
