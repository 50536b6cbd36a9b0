// `ca issue CSR`: the lab CA signs a certificate signing request, as AD CS does with the Web
// Server template: subject and SAN copied from the request (byte for byte), Server Authentication
// plus Client Authentication when asked, CDP and AIA pointing at the lab CA's publication URLs.

import { inputError } from '../errors.js';
import type { CertificateUse } from '../requirements/certificate-use.js';
import type { StoredCertificate } from '../store/certificate-records.js';
import { prepareKeyring } from '../store/keyring-records.js';
import { type CertificateRequestFacts, parseCertificateRequest } from '../x509/certificate-request.js';
import { looksLikePem, parsePem } from '../x509/pem.js';
import {
  type CaContext,
  issueLeaf,
  loadCertificateBuilder,
  requireAuthority,
  unlockAuthorityKey,
} from './ca-context.js';

import { serverProfile } from './certificate-profiles.js';

export interface CsrInput {
  readonly bytes: Uint8Array;
  /** The file name, as the user gave it, for messages. */
  readonly label: string;
}

export interface IssueOptions {
  readonly uses: readonly CertificateUse[];
  readonly clientEku: boolean;
  readonly days: number;
}

export interface IssuedCertificate {
  readonly certificate: StoredCertificate;
  readonly profile: string;
  /** The issuing CA and the root, in chain order. */
  readonly chain: readonly StoredCertificate[];
}

/** The Web Server template's default validity: 2 years. */
export const defaultServerDays = 730;

function badCsr(label: string, reason: string): Error {
  return inputError(
    'BAD_CSR',
    `"${label}" is not a usable certificate signing request: ${reason}`,
    'give a PKCS#10 request in PEM or DER, such as `uccert request --output FILE.csr` or `openssl req -new` makes',
  );
}

/** The CSR's DER and facts, its signature verified (proof of possession, RFC 2986 §3). */
export function readVerifiedCsr(input: CsrInput): { der: Uint8Array; facts: CertificateRequestFacts } {
  let der = input.bytes;
  if (looksLikePem(input.bytes)) {
    let blocks: ReturnType<typeof parsePem>;
    try {
      blocks = parsePem(Buffer.from(input.bytes).toString('latin1'));
    } catch (error) {
      throw badCsr(input.label, error instanceof Error ? error.message : String(error));
    }
    const request = blocks.find((block) => block.kind === 'request');
    if (request === undefined) throw badCsr(input.label, 'it has no CERTIFICATE REQUEST block');
    der = request.der;
  } else if (input.bytes[0] !== 0x30) {
    // Every DER request starts with a SEQUENCE; anything else is some other kind of file.
    throw badCsr(input.label, 'it is neither a PEM CERTIFICATE REQUEST nor a DER request');
  }
  let facts: CertificateRequestFacts;
  try {
    facts = parseCertificateRequest(der);
  } catch (error) {
    throw badCsr(input.label, error instanceof Error ? error.message : String(error));
  }
  if (!facts.signatureValid)
    throw badCsr(input.label, 'its signature does not verify with its own public key');
  return { der, facts };
}

export async function issueFromCsr(
  context: CaContext,
  input: CsrInput,
  options: IssueOptions,
): Promise<IssuedCertificate> {
  const { der, facts } = readVerifiedCsr(input);
  const request = (await loadCertificateBuilder()).readRequestForIssue(der);
  const profile = serverProfile(options.uses, options.clientEku, facts.keyAlgorithm);
  const { store, now } = context;
  // The prompt and scrypt come before the store's write lock (issue 9, item 12).
  prepareKeyring(store, await context.passphrase());
  return store.write(async () => {
    const issuing = requireAuthority(store.db, 'issuing', store.home);
    const root = requireAuthority(store.db, 'root', store.home);
    const { signer } = await unlockAuthorityKey(store.db, issuing, context);
    const certificate = await issueLeaf(
      store.db,
      issuing,
      signer,
      {
        subject: request.subject,
        subjectPublicKey: request.subjectPublicKey,
        subjectAltName:
          request.subjectAltName === null ? null : { kind: 'subjectAltNameDer', ...request.subjectAltName },
        profile,
        days: options.days,
      },
      now,
    );
    return { certificate, profile: profile.name, chain: [issuing.certificate, root.certificate] };
  });
}
