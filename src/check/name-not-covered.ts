// NAME_NOT_COVERED: a required name is neither in the SAN nor covered by a wildcard that may stand
// for it. Clients validate against the SAN, not the subject ([L13-EXT]: "TLS validation uses SAN
// entries"), so the subject CN does not count; one finding lists every missing name.

import { findCoveringName } from '../x509/name-coverage.js';
import { describeNewCertificateFix } from './certificate-fix.js';
import { type CheckContext, type CheckRule, mayWildcardCover } from './check-context.js';
import { checkSources } from './check-sources.js';
import type { Finding } from './finding.js';

/** The required names the certificate does not cover (a wildcard counts only where allowed). */
export function findMissingNames(context: CheckContext): string[] {
  const { certificate, requirement } = context;
  return requirement.requiredNames.filter((name) => {
    const covering = findCoveringName(certificate.alternativeNames, name);
    if (covering === null) return true;
    return covering.coverage === 'wildcard' && !mayWildcardCover(requirement, name);
  });
}

export const checkNameNotCovered: CheckRule = (context) => {
  const missing = findMissingNames(context);
  if (missing.length === 0) return [];
  const { requirement, certificate } = context;
  const quote = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');
  const byWildcard = missing.filter((n) => findCoveringName(certificate.alternativeNames, n) !== null);
  const absent = missing.filter((n) => !byWildcard.includes(n));
  const parts: string[] = [];
  if (absent.length > 0) {
    parts.push(
      `lacks ${absent.length === 1 ? 'the required name' : `${absent.length} required names`} ${quote(absent)}`,
    );
  }
  if (byWildcard.length > 0) {
    parts.push(
      `covers ${quote(byWildcard)} only by a wildcard, which may not stand for ${byWildcard.length === 1 ? 'it' : 'them'} here`,
    );
  }
  const finding: Finding = {
    code: 'NAME_NOT_COVERED',
    severity: 'error',
    target: context.target,
    message: `${requirement.use} certificate of ${requirement.server} ${parts.join(', and ')}`,
    fix: describeNewCertificateFix(
      `Request a certificate that also carries ${quote(missing)}`,
      context,
      missing,
    ),
    sources: [checkSources.internalServers, checkSources.externalAccess, checkSources.mobility],
  };
  return [finding];
};
