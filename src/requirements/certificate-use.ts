// The certificate uses: exactly the Set-CsCertificate `-Type` values (architecture.md), plus
// `ReverseProxy`, the reverse proxy's web listener, which no Lync cmdlet manages ([L13-RPREQ]).

export const certificateUses = [
  'Default',
  'WebServicesInternal',
  'WebServicesExternal',
  'OAuthTokenIssuer',
  'Internal',
  'AccessEdgeExternal',
  'DataEdgeExternal',
  'AudioVideoAuthentication',
  'XmppServer',
  'ReverseProxy',
] as const;

export type CertificateUse = (typeof certificateUses)[number];

/** The uses Set-CsCertificate assigns (all but the reverse proxy listener). */
export function isLyncUse(use: CertificateUse): boolean {
  return use !== 'ReverseProxy';
}
