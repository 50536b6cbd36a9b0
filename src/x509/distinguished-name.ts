// Distinguished names as Windows shows them (X500DistinguishedName.Name, Get-CsCertificate):
// most specific first, as RFC 4514 §2.1 orders them (`CN=…, OU=…, O=…, L=…, S=…, C=…`), with
// Windows' attribute keys (S=, E=) and its quoting of values that hold separators.

import type { ReportFieldProblem } from './certificate-facts.js';
import { DerError, type DerNode, decodeIa5, readNode, readOid, readString, Tag, toHex } from './der.js';
import { commonNameKey, nameAttributes, oidKeyOf } from './oid-names.js';

export interface ParsedName {
  /** `CN=pool01.contoso.net, O=Contoso, C=US`. */
  readonly text: string;
  /** The most specific common name, or null. */
  readonly commonName: string | null;
}

const stringTags = new Set<number>([
  Tag.utf8String,
  Tag.printableString,
  Tag.t61String,
  Tag.ia5String,
  Tag.visibleString,
  Tag.universalString,
  Tag.bmpString,
  0x12, // NumericString
]);

// Windows puts a value in double quotes when it holds one of these or has edge spaces.
const needsQuotes = /[,+="\n<>#;]|^\s|\s$/;

function quoteValue(value: string): string {
  return needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function reportNonAscii(bytes: Uint8Array, node: DerNode, label: string, report?: ReportFieldProblem): void {
  if (report === undefined) return;
  const decoded = decodeIa5(bytes.subarray(node.contentStart, node.end));
  if (decoded.nonAscii === null) return;
  report('nonAsciiIa5', describeNonAscii(`${label} value "${decoded.text}"`, decoded.nonAscii, node.start));
}

/** `… is an IA5String (ASCII only) holding UTF-8 at offset N; shown decoded as UTF-8`. */
export function describeNonAscii(what: string, how: 'utf8' | 'escaped', offset: number): string {
  return how === 'utf8'
    ? `${what} at offset ${offset} is an IA5String (ASCII only) holding UTF-8; shown decoded as UTF-8`
    : `${what} at offset ${offset} is an IA5String (ASCII only) holding bytes that are not text; shown as \\xNN escapes`;
}

/**
 * Formats a Name (RFC 5280 §4.1.2.4) given its SEQUENCE node. `report` hears of IA5String values
 * that are not ASCII.
 */
export function parseName(bytes: Uint8Array, name: DerNode, report?: ReportFieldProblem): ParsedName {
  if (name.tag !== Tag.sequence) throw new DerError(`expected a Name at offset ${name.start}`);
  const rdns: string[] = [];
  let commonName: string | null = null;
  let at = name.contentStart;
  while (at < name.end) {
    const rdn = readNode(bytes, at, name.end);
    if (rdn.tag !== Tag.set)
      throw new DerError(`expected a RelativeDistinguishedName at offset ${rdn.start}`);
    let parts = '';
    let inner = rdn.contentStart;
    while (inner < rdn.end) {
      const atv = readNode(bytes, inner, rdn.end);
      if (atv.tag !== Tag.sequence) throw new DerError(`expected an attribute at offset ${atv.start}`);
      const type = readNode(bytes, atv.contentStart, atv.end);
      if (type.tag !== Tag.oid) throw new DerError(`expected an attribute type at offset ${type.start}`);
      const valueNode = readNode(bytes, type.end, atv.end);
      const key = oidKeyOf(bytes, type);
      const label = nameAttributes.get(key) ?? `OID.${readOid(bytes, type)}`;
      // Values that are not character strings are RFC 4514 §2.4 `#hex`, written bare: the `#`
      // is what marks them, so quoting would turn them into a string that starts with "#".
      let written: string;
      if (stringTags.has(valueNode.tag)) {
        const value = readString(bytes, valueNode);
        if (valueNode.tag === Tag.ia5String) reportNonAscii(bytes, valueNode, label, report);
        if (key === commonNameKey) commonName = value;
        written = quoteValue(value);
      } else {
        written = `#${toHex(bytes.subarray(valueNode.start, valueNode.end))}`;
      }
      parts += `${parts === '' ? '' : ' + '}${label}=${written}`;
      inner = atv.end;
    }
    rdns.push(parts);
    at = rdn.end;
  }
  rdns.reverse();
  return { text: rdns.join(', '), commonName };
}
