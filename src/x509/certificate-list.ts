// Reads an X.509 CRL (CertificateList, RFC 5280 §5.1) into plain data: issuer, this and next
// update, CRL number, and every revoked serial with its date and reason. Administrators
// troubleshoot revocation with exactly these (issue 9 item 9); the signature is not checked here.

import { signatureAlgorithmName } from './certificate.js';
import type { CertificateFacts } from './certificate-facts.js';
import {
  childrenOf,
  DerError,
  type DerNode,
  readIntegerHex,
  readNode,
  readOid,
  readTime,
  Tag,
  toHex,
} from './der.js';
import { parseName } from './distinguished-name.js';

export interface RevokedCertificate {
  /** Uppercase hex, as CertificateFacts.serialNumber. */
  readonly serialNumber: string;
  /** ISO 8601 UTC. */
  readonly revocationDate: string;
  /** The CRLReason name (RFC 5280 §5.3.1), e.g. `keyCompromise`, or null when the entry gives none. */
  readonly reason: string | null;
}

export interface CertificateListFacts {
  /** 1 or 2. */
  readonly version: number;
  /** Same form as CertificateFacts.issuer, so a CRL can be matched to the CA that signs it. */
  readonly issuer: CertificateFacts['issuer'];
  readonly thisUpdate: string;
  /** null when the CRL gives none (RFC 5280 §5.1.2.5 requires it; some CAs omit it). */
  readonly nextUpdate: string | null;
  /** The cRLNumber extension (RFC 5280 §5.2.3) in decimal, or null. */
  readonly crlNumber: string | null;
  readonly signatureAlgorithm: string;
  readonly authorityKeyIdentifier: string | null;
  readonly revoked: readonly RevokedCertificate[];
}

/** CRLReason (RFC 5280 §5.3.1); 7 is unused. */
const reasonNames: Readonly<Record<number, string>> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
};

const isTime = (node: DerNode | undefined) =>
  node !== undefined && (node.tag === Tag.utcTime || node.tag === Tag.generalizedTime);

/**
 * Whether the DER is shaped like a CertificateList: tbsCertList starts with an optional version,
 * then signature, issuer and a time. A certificate's fourth TBS field is its validity SEQUENCE.
 */
export function looksLikeCertificateList(der: Uint8Array): boolean {
  try {
    const list = readNode(der, 0);
    if (list.tag !== Tag.sequence) return false;
    const tbs = readNode(der, list.contentStart, list.end);
    if (tbs.tag !== Tag.sequence) return false;
    const kids = childrenOf(der, tbs);
    const from = kids[0]?.tag === Tag.integer ? 1 : 0;
    return kids[from]?.tag === Tag.sequence && kids[from + 1]?.tag === Tag.sequence && isTime(kids[from + 2]);
  } catch (error) {
    if (error instanceof DerError) return false;
    throw error;
  }
}

function expect(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (node === undefined || node.tag !== tag) throw new DerError(`CRL: expected ${what}`);
  return node;
}

/** Big-endian unsigned INTEGER content as decimal (CRL numbers are up to 20 octets, §5.2.3). */
function integerDecimal(bytes: Uint8Array, node: DerNode): string {
  return BigInt(`0x${readIntegerHex(bytes, node)}`).toString(10);
}

/** Calls `visit` with each Extension's OID and its inner value node. */
function forEachExtension(
  bytes: Uint8Array,
  list: DerNode,
  visit: (oid: string, value: DerNode) => void,
): void {
  for (const ext of childrenOf(bytes, expect(list, Tag.sequence, 'Extensions'))) {
    const parts = childrenOf(bytes, expect(ext, Tag.sequence, 'an Extension'));
    const id = expect(parts[0], Tag.oid, 'an extension id');
    const octets = expect(parts[parts.length - 1], Tag.octetString, 'an extension value');
    visit(readOid(bytes, id), readNode(bytes, octets.contentStart, octets.end));
  }
}

/** Reads a DER CRL. Throws DerError when it is not one. */
export function parseCertificateList(der: Uint8Array): CertificateListFacts {
  const list = expect(readNode(der, 0), Tag.sequence, 'a CertificateList');
  if (list.end !== der.length) throw new DerError(`${der.length - list.end} bytes follow the CRL`);
  const [tbs, sigAlg] = childrenOf(der, list);
  const kids = childrenOf(der, expect(tbs, Tag.sequence, 'tbsCertList'));
  let i = 0;
  let version = 1;
  if (kids[0]?.tag === Tag.integer) {
    version = Number(integerDecimal(der, kids[0])) + 1;
    i = 1;
  }
  expect(kids[i++], Tag.sequence, 'the signature algorithm');
  const issuer = parseName(der, expect(kids[i++], Tag.sequence, 'the issuer name'));
  const thisUpdateNode = kids[i++];
  if (!isTime(thisUpdateNode)) throw new DerError('CRL: expected thisUpdate');
  const thisUpdate = readTime(der, thisUpdateNode!);
  let nextUpdate: string | null = null;
  if (isTime(kids[i])) nextUpdate = readTime(der, kids[i++]!);
  const revoked: RevokedCertificate[] = [];
  if (kids[i]?.tag === Tag.sequence) {
    for (const entry of childrenOf(der, kids[i++]!)) {
      const [serial, date, extensions] = childrenOf(der, expect(entry, Tag.sequence, 'a revoked entry'));
      let reason: string | null = null;
      if (extensions !== undefined) {
        forEachExtension(der, extensions, (oid, value) => {
          if (oid === '2.5.29.21') {
            const code = expect(value, 0x0a, 'a CRLReason').contentStart;
            const n = der[code]!;
            reason = reasonNames[n] ?? `reason ${n}`;
          }
        });
      }
      if (!isTime(date)) throw new DerError('CRL: expected a revocation date');
      revoked.push({
        serialNumber: readIntegerHex(der, expect(serial, Tag.integer, 'a revoked serial number')),
        revocationDate: readTime(der, date!),
        reason,
      });
    }
  }
  let crlNumber: string | null = null;
  let authorityKeyIdentifier: string | null = null;
  if (kids[i]?.tag === 0xa0) {
    const wrapper = kids[i]!;
    forEachExtension(der, readNode(der, wrapper.contentStart, wrapper.end), (oid, value) => {
      if (oid === '2.5.29.20') crlNumber = integerDecimal(der, expect(value, Tag.integer, 'a CRL number'));
      if (oid === '2.5.29.35' && value.contentStart < value.end) {
        const first = readNode(der, value.contentStart, value.end);
        if (first.tag === 0x80) authorityKeyIdentifier = toHex(der.subarray(first.contentStart, first.end));
      }
    });
  }
  return {
    version,
    issuer: issuer.text,
    thisUpdate,
    nextUpdate,
    crlNumber,
    signatureAlgorithm: signatureAlgorithmName(der, expect(sigAlg, Tag.sequence, 'the signature algorithm')),
    authorityKeyIdentifier,
    revoked,
  };
}
