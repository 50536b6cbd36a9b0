// `request`, as Request-CsCertificate does it [PS-REQ] (lync-certificate-rules.md §4.3): a key made
// here and sealed in the store, a CSR with the subject and every SAN name the plan gives for that
// server and those uses, then either issued at once by the lab CA (-CA) or kept as a pending
// request for an offline CA (-Output). Also -Retrieve (lab CA), -List and -Clear.

import {
  type CaContext,
  issueLeaf,
  loadCertificateBuilder,
  requireAuthority,
  unlockAuthorityKey,
} from '../ca/ca-context.js';
import { defaultServerDays } from '../ca/ca-issue.js';
import type { SigningKey } from '../ca/certificate-builder.js';
import { serverProfile } from '../ca/certificate-profiles.js';
import { generateKeyPair } from '../ca/key-pair.js';
import { inputError } from '../errors.js';
import { type CertificateUse, certificateUses } from '../requirements/certificate-use.js';
import type { PlannedCertificate } from '../requirements/plan-model.js';
import type { StoredCertificate } from '../store/certificate-records.js';
import { setCertificateFriendlyName } from '../store/friendly-name-records.js';
import { openKeyring, prepareKeyring } from '../store/keyring-records.js';
import { insertPrivateKey, type KeyAlgorithmName } from '../store/private-key-records.js';
import {
  clearRequest,
  findPendingRequest,
  insertPendingRequest,
  listPendingRequests,
  markRequestIssued,
  type PendingRequest,
  type RequestState,
} from '../store/request-records.js';
import { parseCertificateRequest } from '../x509/certificate-request.js';
import { buildCertificateRequest, type RequestSubject } from './certificate-request-builder.js';

export interface NewRequestOptions {
  readonly planned: PlannedCertificate;
  /** The server the request is made for (the planned certificate may serve a whole pool). */
  readonly server: string;
  readonly keyAlgorithm: KeyAlgorithmName;
  readonly rsaBits: number;
  readonly subject: Omit<RequestSubject, 'commonName'>;
  readonly friendlyName: string | undefined;
  readonly clientEku: boolean;
  readonly exportableAsked: boolean;
  /** `local`: issue now from the lab CA; `offline`: keep the request and return the CSR. */
  readonly ca: 'local' | 'offline';
  /**
   * Offline: writes the CSR file, called inside the store's transaction so that a file that cannot
   * be written leaves no pending request behind.
   */
  readonly writeCsr?: (der: Uint8Array) => void;
}

export interface NewRequestResult {
  readonly requestId: number;
  readonly csrDer: Uint8Array;
  readonly uses: readonly CertificateUse[];
  /** The subject CN the plan gives. */
  readonly subject: string;
  /** The whole subject the CSR carries (`C=US, …, CN=…` with --country and the like), as shown. */
  readonly subjectName: string;
  readonly names: readonly string[];
  readonly exportable: boolean;
  readonly friendlyName: string | null;
  /** Whether the Client Authentication EKU was requested (-ClientEKU). */
  readonly clientEku: boolean;
  /** Issued by the lab CA (`ca: local`), else null. */
  readonly certificate: StoredCertificate | null;
  readonly chain: readonly StoredCertificate[];
  /** Things the user should know: an exportable key given though not asked for. */
  readonly notes: readonly string[];
}

/** The key must be exportable when the plan says so: Edge external and A/V [L13-EXT], [S15-EDGE]. */
function decideExportable(options: NewRequestOptions): { exportable: boolean; notes: string[] } {
  if (options.exportableAsked) return { exportable: true, notes: [] };
  if (!options.planned.exportableKey) return { exportable: false, notes: [] };
  return {
    exportable: true,
    notes: [
      `the private key is exportable although --private-key-exportable was not given: ${options.planned.uses.join(',')} on an Edge pool needs the same key on every member (KEY_NOT_EXPORTABLE otherwise)`,
    ],
  };
}

/**
 * A key below the planned minimum is refused before anything is made: OAuthTokenIssuer "must be at
 * least 2048 bits" (Microsoft's server-to-server authentication page; issue 8.14).
 */
function refuseWeakKey(options: NewRequestOptions): void {
  const { planned } = options;
  if (options.keyAlgorithm !== 'RSA' || options.rsaBits >= planned.minKeySize) return;
  throw inputError(
    'KEY_TOO_SMALL',
    `--key-size ${options.rsaBits} is below the ${planned.minKeySize}-bit minimum of ${planned.uses.join(',')}`,
    `give --key-size ${planned.minKeySize} or 4096`,
  );
}

function keyAlgorithmKind(algorithm: KeyAlgorithmName): string {
  return algorithm === 'RSA' ? 'RSA' : 'EC';
}

export async function requestCertificate(
  context: CaContext,
  options: NewRequestOptions,
): Promise<NewRequestResult> {
  const { planned } = options;
  refuseWeakKey(options);
  const { exportable, notes } = decideExportable(options);
  // Key generation (about 110 ms for RSA-2048) and the passphrase prompt happen before the store's
  // write lock is taken, so other commands are not held up.
  const key = await generateKeyPair({
    algorithm: options.keyAlgorithm,
    rsaBits: options.rsaBits,
    exportable,
  });
  const built = buildCertificateRequest({
    subject: { ...options.subject, commonName: planned.subject },
    dnsNames: planned.names,
    clientEku: options.clientEku,
    spki: key.spki,
    pkcs8: key.pkcs8,
    algorithm: key.algorithm,
  });
  const passphrase = await context.passphrase();
  const { store, now } = context;
  // scrypt and the certificate library come before the store's write lock (issue 9, item 12).
  prepareKeyring(store, passphrase);
  if (options.ca === 'local') await loadCertificateBuilder();
  const base = {
    csrDer: built.der,
    uses: planned.uses,
    subject: planned.subject,
    subjectName: parseCertificateRequest(built.der).subject,
    names: planned.names,
    exportable,
    friendlyName: options.friendlyName ?? null,
    clientEku: options.clientEku,
    notes,
  };
  return store.write(async () => {
    // One unlock per request: scrypt costs about 70–100 ms, and the lab CA's key needs the same keyring.
    const unlocked =
      options.ca === 'local'
        ? await unlockAuthorityKey(store.db, requireAuthority(store.db, 'issuing', store.home), context)
        : { keyring: openKeyring(store.db, passphrase, now), signer: null };
    const { keyring } = unlocked;
    const privateKeyId = insertPrivateKey(store.db, keyring, key, now);
    const requestId = insertPendingRequest(
      store.db,
      {
        privateKeyId,
        csrDer: built.der,
        server: options.server,
        uses: planned.uses,
        subject: planned.subject,
        requestedNames: planned.names,
        ...(options.friendlyName === undefined ? {} : { friendlyName: options.friendlyName }),
      },
      now,
    );
    if (options.ca === 'offline') {
      options.writeCsr?.(built.der);
      return { ...base, requestId, certificate: null, chain: [] };
    }
    const issued = await issueFromLabCa(
      context,
      {
        subject: built.subjectName,
        subjectAltName: built.subjectAltName,
        subjectPublicKey: key.spki,
        uses: planned.uses,
        clientEku: options.clientEku,
        keyKind: keyAlgorithmKind(key.algorithm),
      },
      requestId,
      options.friendlyName ?? null,
      unlocked.signer,
    );
    return { ...base, requestId, ...issued };
  });
}

interface LabCaLeaf {
  readonly subject: Uint8Array;
  readonly subjectAltName: Uint8Array | null;
  readonly subjectPublicKey: Uint8Array;
  readonly uses: readonly CertificateUse[];
  readonly clientEku: boolean;
  readonly keyKind: string;
}

/** Inside the caller's write transaction: the lab CA signs, the request is marked issued. */
async function issueFromLabCa(
  context: CaContext,
  leaf: LabCaLeaf,
  requestId: number,
  friendlyName: string | null,
  /** The issuing CA's key when the caller has unlocked it already. */
  unlockedSigner: SigningKey | null = null,
): Promise<{ certificate: StoredCertificate; chain: StoredCertificate[] }> {
  const { store, now } = context;
  const issuing = requireAuthority(store.db, 'issuing', store.home);
  const root = requireAuthority(store.db, 'root', store.home);
  const signer = unlockedSigner ?? (await unlockAuthorityKey(store.db, issuing, context)).signer;
  let certificate = await issueLeaf(
    store.db,
    issuing,
    signer,
    {
      subject: leaf.subject,
      subjectPublicKey: leaf.subjectPublicKey,
      subjectAltName:
        leaf.subjectAltName === null
          ? null
          : { kind: 'subjectAltNameDer', value: leaf.subjectAltName, critical: false },
      profile: serverProfile(leaf.uses, leaf.clientEku, leaf.keyKind),
      days: defaultServerDays,
    },
    now,
  );
  if (friendlyName !== null) {
    setCertificateFriendlyName(store.db, certificate.id, friendlyName);
    certificate = { ...certificate, friendlyName };
  }
  markRequestIssued(store.db, requestId, certificate.id, now);
  return { certificate, chain: [issuing.certificate, root.certificate] };
}

function parseStoredUses(request: PendingRequest): CertificateUse[] {
  return request.uses.map((text) => {
    const use = certificateUses.find((u) => u === text);
    if (use === undefined) throw new Error(`request ${request.id} has an unknown use "${text}"`);
    return use;
  });
}

function requirePending(request: PendingRequest | null, id: number, what: string): PendingRequest {
  if (request === null) {
    throw inputError(
      'UNKNOWN_REQUEST',
      `there is no request ${id} in this uccert store`,
      'list the requests with `uccert request --list`',
    );
  }
  if (request.state !== 'pending') {
    throw inputError(
      'REQUEST_NOT_PENDING',
      `request ${id} is ${request.state}, so there is nothing to ${what}`,
      'list the pending requests with `uccert request --list`',
    );
  }
  return request;
}

/** Request-CsCertificate -Retrieve, for the lab CA: signs a pending request's CSR and installs it. */
export async function retrieveRequest(
  context: CaContext,
  id: number,
): Promise<{ request: PendingRequest; certificate: StoredCertificate; chain: StoredCertificate[] }> {
  const { store } = context;
  prepareKeyring(store, await context.passphrase());
  const builder = await loadCertificateBuilder();
  return store.write(async () => {
    const request = requirePending(findPendingRequest(store.db, id), id, 'retrieve');
    const parts = builder.readRequestForIssue(request.csrDer);
    const facts = parseCertificateRequest(request.csrDer);
    const issued = await issueFromLabCa(
      context,
      {
        subject: parts.subject,
        subjectAltName: parts.subjectAltName?.value ?? null,
        subjectPublicKey: parts.subjectPublicKey,
        uses: parseStoredUses(request),
        clientEku: facts.extendedKeyUsage.includes('clientAuth'),
        keyKind: facts.keyAlgorithm,
      },
      id,
      request.friendlyName,
    );
    return { request, ...issued };
  });
}

export function listRequests(
  context: Pick<CaContext, 'store'>,
  state: RequestState | 'all',
): PendingRequest[] {
  return context.store.read(() => listPendingRequests(context.store.db, state));
}

/** Request-CsCertificate -Clear: the pending request is dropped; nothing else changes. */
export async function clearPendingRequest(context: CaContext, id: number): Promise<PendingRequest> {
  const { store, now } = context;
  return store.write(() => {
    const request = requirePending(findPendingRequest(store.db, id), id, 'clear');
    clearRequest(store.db, id, now);
    return request;
  });
}
