// GeneralName (RFC 5280 §4.2.1.6): the entries of a SAN, of CRL distribution points and of
// authority information access, as `{ type, value }`. IPv6 addresses are written in the RFC 5952
// form (`2001:db8::1`); Microsoft's UPN otherName is `upn`.

import type { SubjectAltName, SubjectAltNameType } from './certificate-facts.js';
import { DerError, type DerNode, readNode, readOid, readString, Tag, toHex } from './der.js';
import { parseName } from './distinguished-name.js';
import { oidKeyOf, upnKey } from './oid-names.js';

const latin1 = new TextDecoder('latin1');

/** Every GeneralName in the GeneralNames SEQUENCE (or [n] IMPLICIT GeneralNames) `list`. */
export function parseGeneralNames(bytes: Uint8Array, list: DerNode): SubjectAltName[] {
  const out: SubjectAltName[] = [];
  let at = list.contentStart;
  while (at < list.end) {
    const node = readNode(bytes, at, list.end);
    out.push(parseGeneralName(bytes, node));
    at = node.end;
  }
  return out;
}

function entry(type: SubjectAltNameType, value: string): SubjectAltName {
  return { type, value };
}

export function parseGeneralName(bytes: Uint8Array, node: DerNode): SubjectAltName {
  switch (node.tag) {
    case 0x81:
      return entry('email', latin1.decode(bytes.subarray(node.contentStart, node.end)));
    case 0x82:
      return entry('dns', latin1.decode(bytes.subarray(node.contentStart, node.end)));
    case 0x86:
      return entry('uri', latin1.decode(bytes.subarray(node.contentStart, node.end)));
    case 0x87:
      return entry('ip', formatIpAddress(bytes.subarray(node.contentStart, node.end)));
    case 0x88:
      return entry('registeredId', readOid(bytes, { ...node, tag: Tag.oid }));
    case 0xa4: {
      const name = readNode(bytes, node.contentStart, node.end);
      return entry('dirName', parseName(bytes, name).text);
    }
    case 0xa0:
      return parseOtherName(bytes, node);
    default:
      return entry('other', `#${toHex(bytes.subarray(node.start, node.end))}`);
  }
}

/** otherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT ANY }; UPN is a UTF8String. */
function parseOtherName(bytes: Uint8Array, node: DerNode): SubjectAltName {
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
