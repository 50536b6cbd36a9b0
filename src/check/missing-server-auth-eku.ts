// MISSING_SERVER_AUTH_EKU: every Lync/SfB server certificate needs Server Authentication
// (1.3.6.1.5.5.7.3.1) [L13-INFRA]. An EKU extension without it is an error. A certificate without
// any EKU extension is valid for every purpose (RFC 5280 §4.2.1.12), but the Lync Certificate
// Wizard lists only certificates that name Server Authentication: a warning.

import { describeNewCertificateFix } from './certificate-fix.js';
import type { CheckRule } from './check-context.js';
import { checkSources } from './check-sources.js';

export const checkMissingServerAuthEku: CheckRule = (context) => {
  const { certificate, requirement } = context;
  if (!requirement.extendedKeyUsage.includes('serverAuth')) return [];
  const eku = certificate.extendedKeyUsage;
  if (eku.includes('serverAuth') || eku.includes('anyExtendedKeyUsage')) return [];
  const absent = eku.length === 0;
  return [
    {
      code: 'MISSING_SERVER_AUTH_EKU',
      severity: absent ? 'warning' : 'error',
      target: context.target,
      message: absent
        ? 'the certificate has no extended key usage; Server Authentication is not named (the Certificate Wizard will not offer it)'
        : `extended key usage is ${eku.map((e) => `"${e}"`).join(', ')}, without Server Authentication (1.3.6.1.5.5.7.3.1)`,
      fix: describeNewCertificateFix(
        'Request a certificate from a template with Server Authentication (the default "WebServer" template has it)',
        context,
        [],
      ),
      sources: [checkSources.infrastructure, checkSources.rfc5280Eku],
    },
  ];
};
