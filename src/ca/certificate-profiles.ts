// What the lab CA puts in each kind of certificate, as one table: the two CA certificates shaped
// like an AD CS enterprise root and issuing CA, the Web Server template for server uses, and
// client certificates for SIP users. Pure data; lab CA use cases read it.

import type { CertificateUse } from '../requirements/certificate-use.js';
import type { ExtendedKeyUsageName, KeyUsageName } from './certificate-builder.js';

export interface CaProfile {
  readonly keyUsage: readonly KeyUsageName[];
  /** basicConstraints pathLenConstraint; null for none. */
  readonly pathLength: number | null;
}

/**
 * AD CS root and subordinate CA certificates: CA:true; keyCertSign and cRLSign (RFC 5280
 * §4.2.1.3) plus digitalSignature, as AD CS sets them; the issuing CA may sign only end entities
 * (pathlen 0), the common two-tier lab layout.
 */
export const caProfiles = {
  root: { keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'], pathLength: null },
  issuing: { keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'], pathLength: 0 },
} as const satisfies Record<'root' | 'issuing', CaProfile>;

/**
 * Every server use gets the AD CS "Web Server" template's Server Authentication EKU; Lync requires
 * it on all server certificates (lync-certificate-rules.md §2.10, [L13-INFRA]). Client
 * Authentication is added only when asked (-ClientEKU, e.g. public IM on the Access Edge, §2.5).
 */
export const serverUseExtendedKeyUsage = {
  Default: ['serverAuth'],
  WebServicesInternal: ['serverAuth'],
  WebServicesExternal: ['serverAuth'],
  OAuthTokenIssuer: ['serverAuth'],
  Internal: ['serverAuth'],
  AccessEdgeExternal: ['serverAuth'],
  DataEdgeExternal: ['serverAuth'],
  AudioVideoAuthentication: ['serverAuth'],
  XmppServer: ['serverAuth'],
  ReverseProxy: ['serverAuth'],
} as const satisfies Record<CertificateUse, readonly ExtendedKeyUsageName[]>;

export interface LeafProfile {
  /** The name recorded with the serial: the template, and the uses when given. */
  readonly name: string;
  readonly template: string;
  readonly keyUsage: readonly KeyUsageName[];
  readonly extendedKeyUsage: readonly ExtendedKeyUsageName[];
}

/** keyEncipherment only makes sense for RSA keys (RFC 5280 §4.2.1.3; RFC 8813 for EC). */
function leafKeyUsage(keyAlgorithm: string): readonly KeyUsageName[] {
  return keyAlgorithm === 'RSA' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'];
}

export function serverProfile(
  uses: readonly CertificateUse[],
  clientEku: boolean,
  keyAlgorithm: string,
): LeafProfile {
  const ekus = new Set<ExtendedKeyUsageName>(uses.flatMap((use) => serverUseExtendedKeyUsage[use]));
  if (uses.length === 0) ekus.add('serverAuth');
  if (clientEku) ekus.add('clientAuth');
  const usesText = uses.length === 0 ? '' : ` (${uses.join(',')})`;
  return {
    name: `WebServer${clientEku ? '+clientAuth' : ''}${usesText}`,
    template: 'WebServer',
    keyUsage: leafKeyUsage(keyAlgorithm),
    extendedKeyUsage: [...ekus],
  };
}

/** Client certificates of SIP users: Client Authentication only (the AD CS "User" template's EKU). */
export function clientProfile(keyAlgorithm: string): LeafProfile {
  return {
    name: 'ClientAuth',
    template: 'ClientAuth',
    keyUsage: leafKeyUsage(keyAlgorithm),
    extendedKeyUsage: ['clientAuth'],
  };
}
