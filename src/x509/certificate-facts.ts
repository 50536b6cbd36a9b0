// CertificateFacts: everything uccert knows about one certificate, as plain data. It is the
// "Certificate JSON" of the contract (architecture.md): property names follow Get-CsCertificate
// in camelCase, plus what Get-CsCertificate lacks. Rules and renderers read only this.

export type SubjectAltNameType =
  | 'dns'
  | 'ip'
  | 'uri'
  | 'email'
  | 'upn'
  | 'dirName'
  | 'registeredId'
  | 'other';

export interface SubjectAltName {
  readonly type: SubjectAltNameType;
  readonly value: string;
}

export interface AccessDescription {
  /** `ocsp` or `caIssuers`, else the method's OID. */
  readonly method: string;
  readonly location: string;
}

/**
 * What is wrong with one part of a certificate that is otherwise readable (issue 9 item 3):
 * `unreadable`, the value could not be decoded and its property is left empty; `algorithmMismatch`,
 * the signature algorithm inside the signed part differs from the outer one (RFC 5280 §4.1.1.2);
 * `nonAsciiIa5`, an IA5String (ASCII only, X.680 §41) holds other bytes.
 */
export type FieldProblemKind = 'unreadable' | 'algorithmMismatch' | 'nonAsciiIa5';

export interface FieldProblem {
  /** The CertificateFacts property it concerns: `notAfter`, `subjectAltNames`, `signatureAlgorithm`, … */
  readonly field: string;
  readonly kind: FieldProblemKind;
  /** What is wrong and where: `bad time value "271301000000Z" at offset 163`. */
  readonly problem: string;
}

/** Where a reader reports a problem with the field it is reading. */
export type ReportFieldProblem = (kind: FieldProblemKind, problem: string) => void;

export interface CertificateFacts {
  /** X.509 version (1 or 3). */
  readonly version: number;
  /** Distinguished name in the Windows / RFC 4514 order: most specific first, `CN=…, O=…, C=…`. */
  readonly subject: string;
  readonly issuer: string;
  /** The subject's first common name, or null. */
  readonly subjectCommonName: string | null;
  /** Uppercase hex, no separators, without DER's sign-padding zero. */
  readonly serialNumber: string;
  /** SHA-1 of the DER, uppercase hex, no separators, as Windows shows it. */
  readonly thumbprint: string;
  readonly thumbprintSha256: string;
  /** ISO 8601 UTC. */
  readonly notBefore: string;
  readonly notAfter: string;
  /** The DNS names of the SAN, in order, lowercase. */
  readonly alternativeNames: readonly string[];
  /** Every SAN entry, in order. */
  readonly subjectAltNames: readonly SubjectAltName[];
  /** `RSA`, `EC`, `Ed25519`, `Ed448`, `DSA`, else the algorithm OID. */
  readonly keyAlgorithm: string;
  /** Modulus bits for RSA/DSA, the curve's size for EC. */
  readonly keySize: number;
  /** OpenSSL's short curve name (`prime256v1`, `secp384r1`, …) or null. */
  readonly curve: string | null;
  /** OpenSSL's long name (`sha256WithRSAEncryption`, `ecdsa-with-SHA256`, `rsassaPss`, …). */
  readonly signatureAlgorithm: string;
  /** Key usage names as RFC 5280 spells them (`digitalSignature`, `keyEncipherment`, …). */
  readonly keyUsage: readonly string[];
  /** `serverAuth`, `clientAuth`, … or the OID when it has no name. */
  readonly extendedKeyUsage: readonly string[];
  readonly crlDistributionPoints: readonly string[];
  readonly authorityInfoAccess: readonly AccessDescription[];
  readonly isCa: boolean;
  /** basicConstraints pathLenConstraint, or null. */
  readonly pathLength: number | null;
  /** Issuer and subject are the same name and the signature verifies with the certificate's own key. */
  readonly selfSigned: boolean;
  readonly subjectKeyIdentifier: string | null;
  readonly authorityKeyIdentifier: string | null;
  readonly certificatePolicies: readonly string[];
  /** Whether a private key for this certificate was found beside it (PFX) or in the store. */
  readonly hasPrivateKey: boolean;
  /**
   * The parts that could not be read or break their encoding rules; present only when there are
   * some. An unreadable property is empty (`""`, `[]`, `0`) and must not be trusted.
   */
  readonly fieldProblems?: readonly FieldProblem[];
}
