// WEAK_KEY: an RSA (or DSA) key below the use's minimum is an error; below 2048 bits a warning
// (Lync accepts 1024, 2048 and 4096; 2048 or more is recommended [L13-INFRA]; OAuthTokenIssuer's
// minimum is the plan's: under 1024 an error). EC keys (ECDH_P256/P384/P521 in -KeyAlg) pass.

import { describeNewCertificateFix } from './certificate-fix.js';
import type { CheckRule } from './check-context.js';
import { checkSources } from './check-sources.js';

const recommendedRsaBits = 2048;
const bitCountedAlgorithms: ReadonlySet<string> = new Set(['RSA', 'DSA']);

export const checkWeakKey: CheckRule = (context) => {
  const { certificate, requirement } = context;
  if (!bitCountedAlgorithms.has(certificate.keyAlgorithm)) return [];
  const bits = certificate.keySize;
  const belowMinimum = bits < requirement.minKeySize;
  if (!belowMinimum && bits >= recommendedRsaBits) return [];
  return [
    {
      code: 'WEAK_KEY',
      severity: belowMinimum ? 'error' : 'warning',
      target: context.target,
      message: belowMinimum
        ? `${certificate.keyAlgorithm} key of ${bits} bits is below the ${requirement.minKeySize}-bit minimum for ${requirement.use}`
        : `${certificate.keyAlgorithm} key of ${bits} bits is below the recommended ${recommendedRsaBits} bits`,
      fix: describeNewCertificateFix(
        'Request a new certificate with a 2048-bit (or larger) key (-KeySize 2048, the default)',
        context,
        [],
      ),
      sources: [checkSources.infrastructure],
    },
  ];
};
