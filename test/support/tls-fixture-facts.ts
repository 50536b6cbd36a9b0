// Facts of a fixture certificate, for the probe's rule table tests.

import { X509Certificate } from 'node:crypto';
import { parseCertificate } from '../../src/x509/certificate.js';
import type { CertificateFacts } from '../../src/x509/certificate-facts.js';
import { readFixture } from './tls-servers.js';

export function readFixtureDer(name: string): Uint8Array {
  return new Uint8Array(new X509Certificate(readFixture(name)).raw);
}

export function readFixtureFacts(name: string): CertificateFacts {
  return parseCertificate(readFixtureDer(name));
}
