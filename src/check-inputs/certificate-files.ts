// `check --server S --use U --cert FILE`: certificate files, each checked against the
// requirements of the server and uses it is (to be) assigned to.

import {
  type AssignmentCheck,
  type CertificateAssignment,
  checkAssignment,
} from '../check/check-assignments.js';
import type { CheckedRequirement } from '../check/check-context.js';
import { inputError } from '../errors.js';
import { parseCertificateContainer } from '../x509/certificate-container.js';
import { type FileReadContext, readCertificateInput } from '../x509/read-certificate-file.js';
import type { TopologyCheck } from './topology-check.js';

export interface CertificateFileCheck {
  readonly server: string;
  readonly uses: readonly string[];
  readonly path: string;
}

export async function checkCertificateFiles(
  check: TopologyCheck,
  files: readonly CertificateFileCheck[],
  password: string | undefined,
  reading: FileReadContext,
): Promise<AssignmentCheck[]> {
  const checks: AssignmentCheck[] = [];
  for (const file of files) {
    const requirements = requirementsFor(check, file.server, file.uses);
    const input = await readCertificateInput(file.path, reading);
    const container = parseCertificateContainer(input.bytes, { source: input.source, password });
    if (container.certificates.length === 0) {
      throw inputError(
        'NO_CERTIFICATE',
        `"${file.path}" holds no certificate (it is ${container.format === 'csr' ? 'a certificate request' : 'a key file'})`,
        'give --cert the certificate the CA issued (PEM, DER, PFX or P7B), or a PEM with the certificate and its key',
      );
    }
    // The leaf: the certificate a key belongs to, else the first of the chain order.
    const keyed = container.keys.find((k) => k.certificate !== null)?.certificate ?? null;
    const leafIndex = keyed ?? container.chain?.order[0] ?? 0;
    const leaf = container.certificates[leafIndex]!;
    const rest = container.certificates.filter((_, i) => i !== leafIndex).map((c) => c.der);
    const assignment: CertificateAssignment = {
      server: requirements[0]!.server,
      uses: requirements.map((r) => r.use),
      source: file.path,
      chain: [leaf.der, ...rest],
      chainSent: false,
      certificate: leaf.facts,
      // A key that came in a file can be exported (it was); only the store knows otherwise.
      privateKey: keyed === null ? null : { exportable: true },
    };
    checks.push(checkAssignment(assignment, requirements, check.settings));
  }
  return checks;
}

function requirementsFor(
  check: TopologyCheck,
  server: string,
  uses: readonly string[],
): CheckedRequirement[] {
  const ofServer = check.requirements.filter((r) => r.server.toLowerCase() === server.toLowerCase());
  if (ofServer.length === 0) {
    const known = [...new Set(check.requirements.map((r) => r.server))].join(', ');
    throw inputError(
      'UNKNOWN_SERVER',
      `server "${server}" is not in the topology (known: ${known})`,
      'check --server',
    );
  }
  return uses.map((use) => {
    const requirement = check.lookup(server, use);
    if (requirement === null) {
      throw inputError(
        'UNKNOWN_USE',
        `${server} has no certificate use "${use}" in this topology (its uses: ${ofServer.map((r) => r.use).join(', ')})`,
        'check --use; names are the Set-CsCertificate -Type values, e.g. Default,WebServicesInternal,WebServicesExternal',
      );
    }
    return requirement;
  });
}
