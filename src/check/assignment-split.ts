// ASSIGNMENT_SPLIT: one thumbprint is being assigned to several uses that hold different
// certificates today. Set-CsCertificate with several -Type values binds one certificate to all of
// them; when separate certificates serve those uses, assign one use per call instead [L13-ADCFG]
// (lync-certificate-rules.md §4.2). A warning: merging them may be the intent, but is rarely so.

import { checkSources } from './check-sources.js';
import type { Finding } from './finding.js';

export interface AssignmentSplitInput {
  readonly server: string;
  /** The uses `set` assigns, in order. */
  readonly uses: readonly string[];
  /** What each use holds now: its thumbprint, or null when nothing is assigned. */
  readonly current: Readonly<Record<string, string | null>>;
  /** The thumbprint being assigned. */
  readonly thumbprint: string;
}

const assignCertificatesPage =
  'https://learn.microsoft.com/en-us/previous-versions/office/lync-server-2013/lync-server-2013-configure-certificates-for-the-server';

export function checkAssignmentSplit(input: AssignmentSplitInput): Finding | null {
  const held = input.uses
    .map((use) => ({ use, thumbprint: input.current[use] ?? null }))
    .filter((h): h is { use: string; thumbprint: string } => h.thumbprint !== null);
  const distinct = [...new Set(held.map((h) => h.thumbprint))];
  // One certificate (or none) behind all of them today: nothing is being merged.
  if (distinct.length < 2) return null;
  const replaced = held.filter((h) => h.thumbprint !== input.thumbprint);
  const described = held.map((h) => `${h.use} holds ${h.thumbprint}`).join(', ');
  return {
    code: 'ASSIGNMENT_SPLIT',
    severity: 'warning',
    target: `${input.server}/${input.uses.join(',')}`,
    message: `${input.thumbprint} is being assigned to ${input.uses.join(',')}, which hold ${distinct.length} different certificates today (${described}); it replaces ${replaced.length === 0 ? 'none of them' : replaced.map((h) => h.use).join(', ')}`,
    fix: `If separate certificates are meant to serve these uses, assign each with its own call: ${held
      .map((h) => `uccert set --server ${input.server} --type ${h.use} --thumbprint ${h.thumbprint}`)
      .join('; ')}. If one certificate is meant for all of them, ignore this warning.`,
    sources: [assignCertificatesPage, checkSources.requestCsCertificate],
  };
}
