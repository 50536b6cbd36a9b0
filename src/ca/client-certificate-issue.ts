// `client-cert issue sip:user@domain`: a key and a Client Authentication certificate for a SIP
// user, signed by the lab CA, the lab's stand-in for the certificates Lync's web services issue
// to users (Get-CsClientCertificate / Revoke-CsClientCertificate).

import { inputError } from '../errors.js';
import { insertClientCertificate } from '../store/client-certificate-records.js';
import { prepareKeyring } from '../store/keyring-records.js';
import { insertPrivateKey } from '../store/private-key-records.js';
import {
  type CaContext,
  issueLeaf,
  loadCertificateBuilder,
  requireAuthority,
  unlockAuthorityKey,
} from './ca-context.js';
import type { IssuedCertificate } from './ca-issue.js';
import { clientProfile } from './certificate-profiles.js';
import { generateKeyPair } from './key-pair.js';

/**
 * Lync's default validity for the client certificates it issues is 4320 hours, 180 days
 * (Set-CsWebServiceConfiguration -DefaultValidityPeriodHours).
 */
export const defaultClientDays = 180;

const sipUriPattern =
  /^sip:[a-z0-9._%+-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** `sip:Alice@Contoso.com` → `sip:alice@contoso.com`; anything else is an input error. */
export function parseSipUri(text: string): string {
  const uri = text.trim().toLowerCase();
  if (!sipUriPattern.test(uri)) {
    throw inputError(
      'BAD_SIP_URI',
      `"${text}" is not a SIP user URI`,
      'give the user as sip:user@domain, for example sip:alice@contoso.com',
    );
  }
  return uri;
}

export async function issueClientCertificate(
  context: CaContext,
  userUri: string,
  days: number,
): Promise<IssuedCertificate> {
  const uri = parseSipUri(userUri);
  const { store, now } = context;
  // The prompt, scrypt, the certificate library and the key come before the store's write lock:
  // none of them may hold other commands up (issue 9, item 12).
  prepareKeyring(store, await context.passphrase());
  await loadCertificateBuilder();
  const key = await generateKeyPair({ algorithm: 'RSA', rsaBits: 2048, exportable: true });
  return store.write(async () => {
    const issuing = requireAuthority(store.db, 'issuing', store.home);
    const root = requireAuthority(store.db, 'root', store.home);
    const { signer, keyring } = await unlockAuthorityKey(store.db, issuing, context);
    insertPrivateKey(store.db, keyring, key, now);
    const profile = clientProfile(key.algorithm);
    const certificate = await issueLeaf(
      store.db,
      issuing,
      signer,
      {
        subject: `CN=${uri.slice('sip:'.length)}`,
        subjectPublicKey: key.spki,
        subjectAltName: { kind: 'subjectAltNameUris', uris: [uri] },
        profile,
        days,
      },
      now,
    );
    insertClientCertificate(store.db, certificate.id, uri, now);
    return { certificate, profile: profile.name, chain: [issuing.certificate, root.certificate] };
  });
}
