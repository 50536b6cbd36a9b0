// OAuthTokenIssuer is assigned globally (Set-CsCertificate -Identity global, [L13-OAUTH]), so the
// store records it under the server "global", while the plan names the Front End that holds it.
// This wraps a requirement lookup so that "global" finds the deployment-wide requirement.

import type { RequirementLookup } from '../check/check-assignments.js';
import type { CheckedRequirement } from '../check/check-context.js';
import { globalServer } from '../requests/planned-certificate-lookup.js';

export function withGlobalScope(
  lookup: RequirementLookup,
  requirements: readonly (CheckedRequirement & { readonly scope?: string })[],
): RequirementLookup {
  return (server, use) => {
    if (server.toLowerCase() !== globalServer) return lookup(server, use);
    return (
      requirements.find((r) => r.scope === 'deployment' && r.use.toLowerCase() === use.toLowerCase()) ?? null
    );
  };
}
