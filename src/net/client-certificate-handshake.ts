// `probe --present`: a second TLS handshake that presents our certificate and key, and says whether
// the peer completed it or ended it with an alert. In TLS 1.3 the server judges the client's
// certificate after the client has finished (RFC 8446 §4.4.2), so after our side completes we wait
// for the peer's verdict: a NewSessionTicket or data means accepted, an alert means refused.

import type { KeyObject } from 'node:crypto';
import tls from 'node:tls';
import { environmentError } from '../errors.js';
import { formatEndpoint } from './tls-probe.js';

export interface PresentTarget {
  readonly host: string;
  readonly port: number;
  readonly servername: string | null;
  readonly timeoutMs: number;
  /** PEM: our certificate first, then its issuing CAs. */
  readonly certificateChainPem: string;
  readonly key: KeyObject;
}

export type PresentOutcome =
  | {
      readonly kind: 'accepted';
      readonly protocol: string | null;
      readonly evidence: 'session-ticket' | 'data' | 'tls12-finished' | 'no-alert';
    }
  | { readonly kind: 'alert'; readonly alert: string; readonly protocol: string | null }
  | { readonly kind: 'closed'; readonly protocol: string | null };

/** How long to wait, after our side completes TLS 1.3, for the peer to accept or refuse. */
export const verdictWaitMs = 2000;

/** The alert name in an OpenSSL error reason (`tlsv13 alert certificate required`, `sslv3 alert unknown ca`). */
export function alertNameOf(text: string): string | null {
  const match = /(?:sslv3|tlsv1|tlsv13) alert ([a-z ]+)/i.exec(text);
  return match === null ? null : match[1]!.trim().replaceAll(' ', '_').toLowerCase();
}

export function presentClientCertificate(target: PresentTarget): Promise<PresentOutcome> {
  const endpoint = formatEndpoint(target.host, target.port);
  return new Promise((resolve, reject) => {
    let protocol: string | null = null;
    let done = false;
    let verdictTimer: NodeJS.Timeout | undefined;
    const finish = (outcome: PresentOutcome | Error): void => {
      if (done) return;
      done = true;
      clearTimeout(overall);
      clearTimeout(verdictTimer);
      socket.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      rejectUnauthorized: false,
      cert: target.certificateChainPem,
      // In memory only, for the TLS engine: never written or logged.
      key: String(target.key.export({ type: 'pkcs8', format: 'pem' })),
      ...(target.servername === null ? {} : { servername: target.servername }),
    });
    const overall = setTimeout(
      () =>
        finish(
          environmentError(
            'HANDSHAKE_TIMEOUT',
            `${endpoint} did not finish the TLS handshake with our client certificate within ${target.timeoutMs} ms`,
            'raise --timeout for a slow link, or check what listens on that port',
          ),
        ),
      target.timeoutMs,
    );
    socket.once('secureConnect', () => {
      protocol = socket.getProtocol();
      // TLS 1.2: the server's Finished comes after it has verified our Certificate(Verify).
      if (protocol !== 'TLSv1.3') return finish({ kind: 'accepted', protocol, evidence: 'tls12-finished' });
      verdictTimer = setTimeout(
        () => finish({ kind: 'accepted', protocol, evidence: 'no-alert' }),
        Math.min(verdictWaitMs, target.timeoutMs),
      );
    });
    socket.on('session', () => finish({ kind: 'accepted', protocol, evidence: 'session-ticket' }));
    socket.on('data', () => finish({ kind: 'accepted', protocol, evidence: 'data' }));
    socket.on('error', (error: Error & { code?: string; reason?: string }) => {
      const alert = alertNameOf(error.reason ?? error.message);
      if (alert !== null) return finish({ kind: 'alert', alert, protocol });
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return finish({ kind: 'closed', protocol });
      finish(
        environmentError(
          'HANDSHAKE_FAILED',
          `the TLS handshake with ${endpoint}, presenting our certificate, failed: ${error.reason ?? error.message}`,
          'check that the port speaks TLS and that the certificate file holds the key that matches the certificate',
          error,
        ),
      );
    });
    socket.once('close', () => finish({ kind: 'closed', protocol }));
  });
}
