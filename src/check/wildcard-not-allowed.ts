// WILDCARD_NOT_ALLOWED: a wildcard SAN entry on a use that does not allow one: Edge external
// ("Wildcard certificates are not supported in Lync Server, except where used to summarize the
// Simple URLs through the reverse proxy" [L13-EDGEPLAN]) and the internal roles [L13-WILD].

import { coverageOf } from '../x509/name-coverage.js';
import { describeNewCertificateFix } from './certificate-fix.js';
import type { CheckRule } from './check-context.js';
import { checkSources } from './check-sources.js';

const roleLabels: Readonly<Record<string, string>> = {
  frontEnd: 'Front End',
  director: 'Director',
  mediation: 'Mediation Server',
  edge: 'Edge',
  branch: 'Survivable Branch Appliance',
  reverseProxy: 'reverse proxy',
};

export const checkWildcardNotAllowed: CheckRule = (context) => {
  const { certificate, requirement } = context;
  if (requirement.wildcardAllowed) return [];
  const wildcards = certificate.alternativeNames.filter((n) => n.includes('*'));
  if (wildcards.length === 0) return [];
  // The names the wildcard was meant to stand for go into the new request explicitly.
  const standIns = requirement.requiredNames.filter((name) =>
    wildcards.some((w) => coverageOf(w, name) !== null),
  );
  const quoted = wildcards.map((w) => `"${w}"`).join(', ');
  return [
    {
      code: 'WILDCARD_NOT_ALLOWED',
      severity: 'error',
      target: context.target,
      message: `SAN ${quoted} is a wildcard; wildcards are not supported on this ${roleLabels[requirement.role] ?? requirement.role} certificate`,
      fix: describeNewCertificateFix(
        'Request a certificate that names every host explicitly',
        context,
        standIns,
      ),
      sources: [checkSources.wildcards, checkSources.edgePlanning],
    },
  ];
};
