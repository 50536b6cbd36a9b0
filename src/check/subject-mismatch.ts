// SUBJECT_MISMATCH: the subject CN is not one of the subjects Microsoft accepts for this server and
// use (the plan's acceptedSubjects; e.g. pool or server FQDN on an Enterprise pool). A wildcard CN
// is WILDCARD_SUBJECT's finding, and a use without name requirements (A/V authentication) has none.

import { isWildcardName, normalizeDnsName } from '../x509/name-coverage.js';
import { describeNewCertificateFix } from './certificate-fix.js';
import type { CheckRule } from './check-context.js';
import { checkSources } from './check-sources.js';

export const checkSubjectMismatch: CheckRule = (context) => {
  const { certificate, requirement } = context;
  if (requirement.acceptedSubjects.length === 0) return [];
  const cn = certificate.subjectCommonName;
  if (cn?.includes('*')) return [];
  const accepted = requirement.acceptedSubjects.map(normalizeDnsName);
  if (cn !== null && !isWildcardName(cn) && accepted.includes(normalizeDnsName(cn))) return [];
  const shown = cn === null ? 'no common name' : `"${cn}"`;
  return [
    {
      code: 'SUBJECT_MISMATCH',
      severity: 'error',
      target: context.target,
      message: `subject CN is ${shown}; ${requirement.use} on ${requirement.server} needs ${accepted.map((s) => `"${s}"`).join(' or ')}`,
      fix: describeNewCertificateFix(
        `Request a certificate with subject "${requirement.subject}"`,
        context,
        [],
      ),
      sources: [checkSources.internalServers, checkSources.externalAccess],
    },
  ];
};
