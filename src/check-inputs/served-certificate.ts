// What a TLS endpoint served, read for the checks. A certificate uccert's reader refuses is that
// endpoint's failure, never the run's (issue 9 item 18): one hostile or broken peer must not end a
// scan or `check --live` of hundreds. The same leaf served by many endpoints is read once.

import { createHash } from 'node:crypto';
import { environmentError, UccertError } from '../errors.js';
import { parseCertificate } from '../x509/certificate.js';
import type { CertificateFacts } from '../x509/certificate-facts.js';

/** Facts by SHA-1 thumbprint, so 600 endpoints serving one 3,500-name certificate hold it once. */
export type FactsCache = Map<string, CertificateFacts>;

export function thumbprintOfDer(der: Uint8Array): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

/**
 * Runs `work` on what `endpoint` served; an error reading it (a malformed leaf or intermediate)
 * becomes BAD_SERVER_CERTIFICATE for that endpoint. UccertErrors pass through unchanged.
 */
export function readingServed<T>(endpoint: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof UccertError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw environmentError(
      'BAD_SERVER_CERTIFICATE',
      `${endpoint} presented a certificate uccert cannot read: ${reason}`,
      'the server sends a corrupt certificate; reinstall its certificate, then check again (openssl x509 -text shows what it holds)',
      error,
    );
  }
}

export function readServedLeaf(der: Uint8Array, endpoint: string, cache: FactsCache): CertificateFacts {
  return readingServed(endpoint, () => {
    const key = thumbprintOfDer(der);
    const known = cache.get(key);
    if (known !== undefined) return known;
    const facts = parseCertificate(der);
    cache.set(key, facts);
    return facts;
  });
}
