// WILDCARD_SUBJECT: the subject CN is a wildcard. No Lync/SfB role accepts one in the subject
// ([L13-WILD]: "Subject Name (CN) of any role: never").

import { describeNewCertificateFix } from './certificate-fix.js';
import type { CheckRule } from './check-context.js';
import { checkSources } from './check-sources.js';

export const checkWildcardSubject: CheckRule = (context) => {
  const cn = context.certificate.subjectCommonName;
  if (cn === null || !cn.includes('*')) return [];
  const { requirement } = context;
  return [
    {
      code: 'WILDCARD_SUBJECT',
      severity: 'error',
      target: context.target,
      message: `subject CN "${cn}" is a wildcard; Lync and Skype for Business never accept a wildcard subject`,
      fix: describeNewCertificateFix(
        `Request a certificate with subject "${requirement.subject}" (a wildcard may appear only in the SAN, where the use allows it)`,
        context,
        [],
      ),
      sources: [checkSources.wildcards],
    },
  ];
};
