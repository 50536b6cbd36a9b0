// The certificate extensions uccert reads (RFC 5280 §4.2), from a certificate's [3] Extensions or
// a CSR's extensionRequest: SAN, key usage, EKU, basic constraints, CRL distribution points,
// authority information access, key identifiers and policies. Unknown extensions are skipped.

import type {
  AccessDescription,
  FieldProblemKind,
  ReportFieldProblem,
  SubjectAltName,
} from './certificate-facts.js';
import {
  DerError,
  type DerNode,
  readBoolean,
  readNode,
  readOid,
  readSmallInteger,
  Tag,
  toHex,
} from './der.js';
import { parseGeneralName, parseGeneralNames } from './general-name.js';
import {
  accessMethods,
  type ExtensionKind,
  extendedKeyUsages,
  extensionKinds,
  oidKeyOf,
} from './oid-names.js';

export interface ExtensionFacts {
  alternativeNames: string[];
  subjectAltNames: SubjectAltName[];
  keyUsage: string[];
  extendedKeyUsage: string[];
  crlDistributionPoints: string[];
  authorityInfoAccess: AccessDescription[];
  isCa: boolean;
  pathLength: number | null;
  subjectKeyIdentifier: string | null;
  authorityKeyIdentifier: string | null;
  certificatePolicies: string[];
}

export function emptyExtensionFacts(): ExtensionFacts {
  return {
    alternativeNames: [],
    subjectAltNames: [],
    keyUsage: [],
    extendedKeyUsage: [],
    crlDistributionPoints: [],
    authorityInfoAccess: [],
    isCa: false,
    pathLength: null,
    subjectKeyIdentifier: null,
    authorityKeyIdentifier: null,
    certificatePolicies: [],
  };
}

/** KeyUsage bit names in bit order (RFC 5280 §4.2.1.3). */
const keyUsageBits = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

/** Where readExtensions reports a field it could not read, when it is asked to go on past it. */
export type ReportProblemIn = (field: string, kind: FieldProblemKind, problem: string) => void;

/** The fact each extension fills, for naming what could not be read. */
const extensionFields: Readonly<Record<ExtensionKind, string>> = {
  subjectAltName: 'subjectAltNames',
  keyUsage: 'keyUsage',
  extendedKeyUsage: 'extendedKeyUsage',
  basicConstraints: 'isCa',
  crlDistributionPoints: 'crlDistributionPoints',
  authorityInfoAccess: 'authorityInfoAccess',
  subjectKeyIdentifier: 'subjectKeyIdentifier',
  authorityKeyIdentifier: 'authorityKeyIdentifier',
  certificatePolicies: 'certificatePolicies',
};

/**
 * Reads `Extensions ::= SEQUENCE OF Extension` into `facts`. Without `report`, any malformed
 * extension throws DerError. With it, a malformed extension is reported under the fact it fills
 * and the others are still read (issue 9 item 3: one bad field must not hide the certificate).
 */
export function readExtensions(
  bytes: Uint8Array,
  list: DerNode,
  facts: ExtensionFacts,
  report?: ReportProblemIn,
): void {
  if (list.tag !== Tag.sequence) throw new DerError(`expected Extensions at offset ${list.start}`);
  let at = list.contentStart;
  while (at < list.end) {
    const ext = readNode(bytes, at, list.end);
    if (ext.tag !== Tag.sequence) throw new DerError(`expected an Extension at offset ${ext.start}`);
    const id = readNode(bytes, ext.contentStart, ext.end);
    if (id.tag !== Tag.oid) throw new DerError(`expected an extension id at offset ${id.start}`);
    let valueNode = readNode(bytes, id.end, ext.end);
    if (valueNode.tag === Tag.boolean) {
      readBoolean(bytes, valueNode);
      valueNode = readNode(bytes, valueNode.end, ext.end);
    }
    if (valueNode.tag !== Tag.octetString) {
      throw new DerError(
        `expected the value of extension ${readOid(bytes, id)} at offset ${valueNode.start}`,
      );
    }
    const kind = extensionKinds.get(oidKeyOf(bytes, id));
    if (kind !== undefined) {
      if (report === undefined) {
        readExtension(kind, bytes, readNode(bytes, valueNode.contentStart, valueNode.end), facts);
      } else {
        const field = extensionFields[kind];
        try {
          const inner = readNode(bytes, valueNode.contentStart, valueNode.end);
          readExtension(kind, bytes, inner, facts, (k, problem) => report(field, k, problem));
        } catch (error) {
          if (!(error instanceof DerError)) throw error;
          report(field, 'unreadable', `malformed ${kind} extension at offset ${ext.start}: ${error.message}`);
        }
      }
    }
    at = ext.end;
  }
}

function readExtension(
  kind: ExtensionKind,
  bytes: Uint8Array,
  value: DerNode,
  facts: ExtensionFacts,
  report?: ReportFieldProblem,
): void {
  switch (kind) {
    case 'subjectAltName':
      for (const name of parseGeneralNames(bytes, expectSequence(value, 'subjectAltName'), report)) {
        facts.subjectAltNames.push(name);
        if (name.type === 'dns') facts.alternativeNames.push(name.value.toLowerCase());
      }
      return;
    case 'keyUsage':
      facts.keyUsage = readKeyUsage(bytes, value);
      return;
    case 'extendedKeyUsage':
      forEachChild(bytes, expectSequence(value, 'extendedKeyUsage'), (oid) => {
        if (oid.tag !== Tag.oid) throw new DerError(`expected a key purpose at offset ${oid.start}`);
        facts.extendedKeyUsage.push(extendedKeyUsages.get(oidKeyOf(bytes, oid)) ?? readOid(bytes, oid));
      });
      return;
    case 'basicConstraints':
      readBasicConstraints(bytes, expectSequence(value, 'basicConstraints'), facts);
      return;
    case 'crlDistributionPoints':
      forEachChild(bytes, expectSequence(value, 'crlDistributionPoints'), (point) => {
        // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames | [1] RDN } … }
        if (point.tag !== Tag.sequence)
          throw new DerError(`expected a DistributionPoint at offset ${point.start}`);
        if (point.contentStart === point.end) return;
        const first = readNode(bytes, point.contentStart, point.end);
        if (first.tag !== 0xa0 || first.contentStart === first.end) return;
        const fullName = readNode(bytes, first.contentStart, first.end);
        if (fullName.tag !== 0xa0) return;
        for (const name of parseGeneralNames(bytes, fullName)) facts.crlDistributionPoints.push(name.value);
      });
      return;
    case 'authorityInfoAccess':
      forEachChild(bytes, expectSequence(value, 'authorityInfoAccess'), (description) => {
        const method = readNode(bytes, description.contentStart, description.end);
        if (description.tag !== Tag.sequence || method.tag !== Tag.oid) {
          throw new DerError(`expected an AccessDescription at offset ${description.start}`);
        }
        const location = parseGeneralName(bytes, readNode(bytes, method.end, description.end));
        facts.authorityInfoAccess.push({
          method: accessMethods.get(oidKeyOf(bytes, method)) ?? readOid(bytes, method),
          location: location.value,
        });
      });
      return;
    case 'subjectKeyIdentifier':
      if (value.tag !== Tag.octetString)
        throw new DerError(`expected a key identifier at offset ${value.start}`);
      facts.subjectKeyIdentifier = toHex(bytes.subarray(value.contentStart, value.end));
      return;
    case 'authorityKeyIdentifier': {
      // AuthorityKeyIdentifier { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, … }
      if (expectSequence(value, 'authorityKeyIdentifier').contentStart === value.end) return;
      const first = readNode(bytes, value.contentStart, value.end);
      if (first.tag === 0x80)
        facts.authorityKeyIdentifier = toHex(bytes.subarray(first.contentStart, first.end));
      return;
    }
    case 'certificatePolicies':
      forEachChild(bytes, expectSequence(value, 'certificatePolicies'), (policy) => {
        const id = readNode(bytes, policy.contentStart, policy.end);
        if (policy.tag !== Tag.sequence || id.tag !== Tag.oid) {
          throw new DerError(`expected a PolicyInformation at offset ${policy.start}`);
        }
        facts.certificatePolicies.push(readOid(bytes, id));
      });
      return;
    default: {
      const unreachable: never = kind;
      throw new DerError(`unhandled extension ${String(unreachable)}`);
    }
  }
}

function expectSequence(node: DerNode, what: string): DerNode {
  if (node.tag !== Tag.sequence) throw new DerError(`${what}: expected a SEQUENCE at offset ${node.start}`);
  return node;
}

function forEachChild(bytes: Uint8Array, parent: DerNode, visit: (child: DerNode) => void): void {
  let at = parent.contentStart;
  while (at < parent.end) {
    const child = readNode(bytes, at, parent.end);
    visit(child);
    at = child.end;
  }
}

function readKeyUsage(bytes: Uint8Array, node: DerNode): string[] {
  if (node.tag !== Tag.bitString || node.contentStart === node.end) {
    throw new DerError(`keyUsage: expected a BIT STRING at offset ${node.start}`);
  }
  const names: string[] = [];
  for (let bit = 0; bit < keyUsageBits.length; bit++) {
    const index = node.contentStart + 1 + (bit >> 3);
    if (index >= node.end) break;
    if ((bytes[index]! & (0x80 >> (bit & 7))) !== 0) names.push(keyUsageBits[bit]!);
  }
  return names;
}

function readBasicConstraints(bytes: Uint8Array, node: DerNode, facts: ExtensionFacts): void {
  // BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }
  let at = node.contentStart;
  while (at < node.end) {
    const child = readNode(bytes, at, node.end);
    if (child.tag === Tag.boolean) facts.isCa = readBoolean(bytes, child);
    else if (child.tag === Tag.integer) facts.pathLength = readSmallInteger(bytes, child);
    else throw new DerError(`basicConstraints: unexpected element at offset ${child.start}`);
    at = child.end;
  }
}
