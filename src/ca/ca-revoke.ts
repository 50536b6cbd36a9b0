// `ca revoke` and `client-cert revoke`: records the revocation of a certificate the lab CA issued,
// by thumbprint or serial number, with an RFC 5280 §5.3.1 reason. The next CRL lists it.

import { inputError } from '../errors.js';
import {
  findIssuedSerial,
  type IssuedSerial,
  isRevocationReason,
  type RevocationReason,
  revocationReasons,
  revokeIssuedSerial,
} from '../store/ca-records.js';
import { isClientCertificate } from '../store/client-certificate-records.js';
import { isoInstant } from '../store/instant.js';
import type { Store } from '../store/store.js';

export interface Revocation {
  readonly issued: IssuedSerial;
  /** False when it was already revoked; the first revocation stands. */
  readonly newlyRevoked: boolean;
}

export function parseRevocationReason(text: string | undefined): RevocationReason {
  if (text === undefined) return 'unspecified';
  if (isRevocationReason(text)) return text;
  throw inputError(
    'BAD_REVOCATION_REASON',
    `--reason "${text}" is not a revocation reason`,
    `use one of ${Object.keys(revocationReasons).join(', ')}`,
  );
}

export type RevocationScope = 'any' | 'client';

export async function revokeCertificate(
  store: Store,
  target: string,
  reason: RevocationReason,
  scope: RevocationScope,
  now: Date,
): Promise<Revocation> {
  return store.write(() => {
    const issued = findIssuedSerial(store.db, target);
    if (issued === null) {
      throw inputError(
        'UNKNOWN_CERTIFICATE',
        `the lab CA in "${store.home}" issued no certificate with thumbprint or serial number "${target}"`,
        scope === 'client'
          ? 'list the client certificates with `uccert client-cert list`'
          : 'give the thumbprint or serial number `uccert ca issue` printed',
      );
    }
    if (issued.caRole === 'root') {
      throw inputError(
        'CANNOT_REVOKE_CA',
        `"${target}" is the lab CA's own certificate (${issued.subject}); uccert does not revoke its CA`,
        'to start over, create a new lab CA with `uccert ca init --home DIR`',
      );
    }
    if (scope === 'client' && !isClientCertificate(store.db, issued.certificateId)) {
      throw inputError(
        'NOT_A_CLIENT_CERTIFICATE',
        `"${target}" (${issued.subject}) is not a client certificate`,
        'revoke server certificates with `uccert ca revoke`',
      );
    }
    if (issued.revokedAt !== null) return { issued, newlyRevoked: false };
    revokeIssuedSerial(store.db, issued.caRole, issued.serial, reason, now);
    return {
      issued: { ...issued, revokedAt: isoInstant(now), revocationReason: reason },
      newlyRevoked: true,
    };
  });
}
