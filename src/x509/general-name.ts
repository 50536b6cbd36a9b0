// GeneralName (RFC 5280 §4.2.1.6): the entries of a SAN, of CRL distribution points and of
// authority information access, as `{ type, value }`. IPv6 addresses are written in the RFC 5952
// form (`2001:db8::1`); Microsoft's UPN otherName is `upn`.

import type { ReportFieldProblem, SubjectAltName, SubjectAltNameType } from './certificate-facts.js';
import { DerError, type DerNode, decodeIa5, readNode, readOid, readString, Tag, toHex } from './der.js';
import { describeNonAscii, parseName } from './distinguished-name.js';
import { oidKeyOf, upnKey } from './oid-names.js';

/**
 * Every GeneralName in the GeneralNames SEQUENCE (or [n] IMPLICIT GeneralNames) `list`. With
 * `report`, an entry whose contents are malformed is reported ("malformed SAN entry at offset N")
 * and skipped, so one bad entry does not hide the others (issue 9 item 3); without it, it throws.
 */
export function parseGeneralNames(
  bytes: Uint8Array,
  list: DerNode,
  report?: ReportFieldProblem,
): SubjectAltName[] {
  const out: SubjectAltName[] = [];
  let at = list.contentStart;
  while (at < list.end) {
    const node = readNode(bytes, at, list.end);
    if (report === undefined) out.push(parseGeneralName(bytes, node));
    else {
      try {
        out.push(parseGeneralName(bytes, node, report));
      } catch (error) {
        if (!(error instanceof DerError)) throw error;
        report('unreadable', `malformed SAN entry at offset ${node.start}: ${error.message}`);
      }
    }
    at = node.end;
  }
  return out;
}

const ia5Kinds: Readonly<Record<number, SubjectAltNameType>> = { 129: 'email', 130: 'dns', 134: 'uri' };

/** An IA5String GeneralName (rfc822Name, dNSName, URI), flagged when it is not ASCII. */
function ia5Entry(bytes: Uint8Array, node: DerNode, report?: ReportFieldProblem): SubjectAltName {
  const type = ia5Kinds[node.tag]!;
  const decoded = decodeIa5(bytes.subarray(node.contentStart, node.end));
  if (decoded.nonAscii !== null && report !== undefined) {
    report('nonAsciiIa5', describeNonAscii(`${type} name "${decoded.text}"`, decoded.nonAscii, node.start));
  }
  return entry(type, decoded.text);
}

function entry(type: SubjectAltNameType, value: string): SubjectAltName {
  return { type, value };
}

export function parseGeneralName(
  bytes: Uint8Array,
  node: DerNode,
  report?: ReportFieldProblem,
): SubjectAltName {
  switch (node.tag) {
    case 0x81:
    case 0x82:
    case 0x86:
      return ia5Entry(bytes, node, report);
    case 0x87:
      return entry('ip', formatIpAddress(bytes.subarray(node.contentStart, node.end)));
    case 0x88:
      return entry('registeredId', readOid(bytes, { ...node, tag: Tag.oid }));
    case 0xa4: {
      const name = readNode(bytes, node.contentStart, node.end);
      return entry('dirName', parseName(bytes, name, report).text);
    }
    case 0xa0:
      return parseOtherName(bytes, node);
    default:
      return entry('other', `#${toHex(bytes.subarray(node.start, node.end))}`);
  }
}

/** otherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT ANY }; UPN is a UTF8String. */
function parseOtherName(bytes: Uint8Array, node: DerNode): SubjectAltName {
  if (node.contentStart === node.end) throw new DerError(`empty otherName at offset ${node.start}`);
  const typeId = readNode(bytes, node.contentStart, node.end);
  if (typeId.tag !== Tag.oid) throw new DerError(`expected the otherName type at offset ${typeId.start}`);
  const wrapper = readNode(bytes, typeId.end, node.end);
  if (wrapper.tag !== 0xa0) throw new DerError(`expected the otherName value at offset ${wrapper.start}`);
  const value = readNode(bytes, wrapper.contentStart, wrapper.end);
  if (oidKeyOf(bytes, typeId) === upnKey) return entry('upn', readString(bytes, value));
  return entry('other', `${readOid(bytes, typeId)}:#${toHex(bytes.subarray(value.start, value.end))}`);
}

/** IPv4 dotted, IPv6 per RFC 5952 §4 (lowercase, longest zero run as `::`); else hex. */
export function formatIpAddress(raw: Uint8Array): string {
  if (raw.length === 4) return `${raw[0]}.${raw[1]}.${raw[2]}.${raw[3]}`;
  if (raw.length !== 16) return `#${toHex(raw)}`; // name-constraint address/mask pairs
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((raw[i]! << 8) | raw[i + 1]!);
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}
