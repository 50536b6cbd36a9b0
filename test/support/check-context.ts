// Builders for the check rules' table tests: a compliant certificate and requirement (a Front End
// Default certificate of fe01 in pool01.contoso.net), from which each case changes one field.

import type { CheckContext, CheckedRequirement } from '../../src/check/check-context.js';
import type { CertificateFacts } from '../../src/x509/certificate-facts.js';
import { fixtureNow } from './cli-run.js';

export const goodFacts: CertificateFacts = {
  version: 3,
  subject: 'CN=pool01.contoso.net, O=Contoso Ltd',
  issuer: 'CN=uccert Test Issuing CA, O=uccert Tests',
  subjectCommonName: 'pool01.contoso.net',
  serialNumber: 'A1B2C3D4E5F6071801',
  thumbprint: '0123456789ABCDEF0123456789ABCDEF01234567',
  thumbprintSha256: '00',
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2027-01-01T00:00:00.000Z',
  alternativeNames: ['pool01.contoso.net', 'fe01.contoso.net', 'sip.contoso.com'],
  subjectAltNames: [],
  keyAlgorithm: 'RSA',
  keySize: 2048,
  curve: null,
  signatureAlgorithm: 'sha256WithRSAEncryption',
  keyUsage: ['digitalSignature', 'keyEncipherment'],
  extendedKeyUsage: ['serverAuth'],
  crlDistributionPoints: ['http://pki.contoso.net/crl/issuing.crl'],
  authorityInfoAccess: [],
  isCa: false,
  pathLength: null,
  selfSigned: false,
  subjectKeyIdentifier: null,
  authorityKeyIdentifier: null,
  certificatePolicies: [],
  hasPrivateKey: false,
};

export const goodRequirement: CheckedRequirement = {
  server: 'fe01.contoso.net',
  pool: 'pool01.contoso.net',
  role: 'frontEnd',
  use: 'Default',
  subject: 'pool01.contoso.net',
  acceptedSubjects: ['pool01.contoso.net', 'fe01.contoso.net'],
  requiredNames: ['pool01.contoso.net', 'fe01.contoso.net'],
  optionalNames: ['sip.contoso.com'],
  wildcardAllowed: false,
  extendedKeyUsage: ['serverAuth'],
  exportableKey: false,
  publicCa: false,
  minKeySize: 2048,
  sources: [],
};

export interface ContextChange {
  readonly certificate?: Partial<CertificateFacts>;
  readonly requirement?: Partial<CheckedRequirement>;
  readonly privateKey?: CheckContext['privateKey'];
  /** The uses the certificate holds; the requirement of the others is a copy with another use. */
  readonly uses?: readonly string[];
}

export function makeContext(change: ContextChange = {}): CheckContext {
  const requirement = { ...goodRequirement, ...change.requirement };
  return {
    certificate: { ...goodFacts, ...change.certificate },
    requirement,
    heldFor: (change.uses ?? [requirement.use]).map((use) =>
      use === requirement.use ? requirement : { ...requirement, use },
    ),
    now: fixtureNow,
    warnDays: 30,
    chainTrust: null,
    privateKey: change.privateKey ?? null,
    fix: { topologyPath: 'examples/contoso.yaml', sipDomains: ['contoso.com', 'fabrikam.com'] },
    target: `${requirement.server}/${requirement.use}`,
  };
}
