// Renders what `import` did: each certificate stored with where its key came from, the request it
// answered and the names the CA dropped, the chain, and the next command. Warnings are separate
// lines, so the command prints them on stderr.

import type { ImportedLeaf, ImportResult, KeySource } from '../requests/import-certificate.js';
import type { StoredChain } from '../requests/stored-chain.js';
import { certificateJson, renderProperties } from './render-certificate.js';

const keySourceText: Readonly<Record<KeySource, (leaf: ImportedLeaf) => string>> = {
  file: () => 'from the file (sealed in the store, exportable)',
  store: (leaf) =>
    leaf.request === null ? 'already in the store' : `in the store, made by request ${leaf.request.id}`,
  none: () => 'none: neither the file nor the store has it',
};

function describeChain(chain: StoredChain): string[] {
  const names = chain.issuers.map((c) => c.facts.subject);
  if (chain.complete)
    return [...names, names.length === 0 ? '(self-signed)' : '(complete up to a self-signed root)'];
  return [
    ...names,
    `(incomplete: the store has no certificate for the issuer "${chain.missingIssuer ?? ''}"; import the CA certificates, e.g. a P7B)`,
  ];
}

function describeRequest(leaf: ImportedLeaf): string | null {
  const request = leaf.request;
  if (request === null) return null;
  const issued = request.requestedNames.length - request.lostNames.length;
  return `${request.id} for ${request.server} (${request.uses.join(',')}): ${issued} of ${request.requestedNames.length} requested names issued`;
}

/**
 * The errors of an import: names the request asked for that the CA dropped. The certificate is
 * stored (nothing is lost), but the import exits 1 so that scripts notice (issue 8.6).
 */
export function importErrors(result: ImportResult): string[] {
  const errors: string[] = [];
  for (const leaf of result.leaves) {
    const lost = leaf.request?.lostNames ?? [];
    if (leaf.request !== null && lost.length > 0) {
      errors.push(
        `the CA dropped ${lost.length} of the ${leaf.request.requestedNames.length} names request ${leaf.request.id} asked for: ${lost.join(', ')}. Clients that reach the server by ${lost.length === 1 ? 'that name' : 'those names'} will refuse the certificate; have the CA issue it again with every name (its template must take the SAN from the request), then import that one`,
      );
    }
  }
  return errors;
}

/** The warnings of an import: certificates without a key. */
export function importWarnings(result: ImportResult): string[] {
  const warnings: string[] = [];
  for (const leaf of result.leaves) {
    const { facts } = leaf.certificate;
    if (leaf.keySource === 'none') {
      warnings.push(
        `certificate ${facts.thumbprint} (${facts.subject}) was imported without a private key: its key is neither in "${result.source}" nor in the store (no request of this store made it). It can be checked and assigned, but not exported with a key; import the PFX that holds the key, or import the certificate on the server that made the request`,
      );
    }
  }
  return warnings;
}

export function renderImportText(result: ImportResult): string {
  const count = result.leaves.length + result.authorities.length;
  const lines = [
    `Imported ${count} certificate${count === 1 ? '' : 's'} from "${result.source}" (${result.format}):`,
    '',
  ];
  for (const leaf of result.leaves) {
    const { facts } = leaf.certificate;
    const request = describeRequest(leaf);
    lines.push(
      renderProperties([
        ['Subject', facts.subject],
        ['Thumbprint', facts.thumbprint],
        ['NotAfter', facts.notAfter],
        ['AlternativeNames', facts.alternativeNames],
        // The request's --friendly-name (or the PFX's) is the certificate's now (issue 8.12).
        ...(leaf.certificate.friendlyName === null
          ? []
          : ([['FriendlyName', leaf.certificate.friendlyName]] as const)),
        ['PrivateKey', keySourceText[leaf.keySource](leaf)],
        ...(request === null ? [] : ([['Request', request]] as const)),
        ...(leaf.request === null || leaf.request.lostNames.length === 0
          ? []
          : ([['LostNames', leaf.request.lostNames]] as const)),
        ['Chain', describeChain(leaf.chain)],
        ['Stored', leaf.added ? 'new' : 'already in the store'],
      ]).trimEnd(),
      '',
    );
  }
  for (const ca of result.authorities) {
    lines.push(
      `CA certificate ${ca.certificate.facts.subject} (${ca.certificate.facts.thumbprint}): ${ca.added ? 'stored' : 'already in the store'}`,
    );
  }
  if (result.authorities.length > 0) lines.push('');
  for (const leaf of result.leaves) {
    const request = leaf.request;
    const { thumbprint } = leaf.certificate.facts;
    lines.push(
      request === null
        ? `Assign it with set, giving its server and uses: --thumbprint ${thumbprint}`
        : `Assign it: uccert set --server ${request.server} --type ${request.uses.join(',')} --thumbprint ${thumbprint}`,
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export function importJson(result: ImportResult, now: Date): unknown {
  return {
    source: result.source,
    format: result.format,
    certificates: result.leaves.map((leaf) => ({
      certificate: certificateJson(leaf.certificate.facts, now),
      friendlyName: leaf.certificate.friendlyName,
      privateKey: leaf.keySource,
      request:
        leaf.request === null
          ? null
          : {
              requestId: leaf.request.id,
              server: leaf.request.server,
              uses: leaf.request.uses,
              requestedNames: leaf.request.requestedNames,
              lostNames: leaf.request.lostNames,
              addedNames: leaf.request.addedNames,
            },
      chain: leaf.chain.issuers.map((c) => c.facts.thumbprint),
      chainComplete: leaf.chain.complete,
      added: leaf.added,
    })),
    authorities: result.authorities.map((a) => ({
      subject: a.certificate.facts.subject,
      thumbprint: a.certificate.facts.thumbprint,
      added: a.added,
    })),
    warnings: importWarnings(result),
  };
}
