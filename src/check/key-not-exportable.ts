// KEY_NOT_EXPORTABLE: the Edge external and A/V authentication certificates must have an
// exportable key: every Edge pool member needs "the exact same certificate with the same private
// key" [S15-EDGE], [L13-EXT]. Checked only when the key is known (a PFX or the store).

import { describeNewCertificateFix } from './certificate-fix.js';
import type { CheckRule } from './check-context.js';
import { checkSources } from './check-sources.js';

export const checkKeyNotExportable: CheckRule = (context) => {
  const { requirement, privateKey } = context;
  if (!requirement.exportableKey || privateKey === null || privateKey.exportable) return [];
  return [
    {
      code: 'KEY_NOT_EXPORTABLE',
      severity: 'error',
      target: context.target,
      message: `the private key of this ${requirement.use} certificate is not exportable; every ${requirement.role} pool member must hold the same key`,
      fix: describeNewCertificateFix('Request a new certificate with an exportable key', context, []),
      sources: [checkSources.externalAccess, checkSources.edgePlanning],
    },
  ];
};
