// Parses the XML documents uccert reads (topology exports, Topology Builder files, the
// configuration ZIP's DocItemSet) into plain nodes, refusing what a topology never contains:
// a DOCTYPE (external and parameter entities live there) and absurd nesting (CWE-776, CWE-611).
// fast-xml-parser is used because Node has no XML parser; it never fetches an external entity.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { inputError } from '../errors.js';

export type XmlNode = Readonly<Record<string, unknown>>;

/** Elements that may repeat, always read as lists (attributes never are). */
const listElements = new Set([
  'InternalDomain',
  'Cluster',
  'Machine',
  'Service',
  'Port',
  'CentralSite',
  'BranchSite',
  'RemoteSite',
  'SimpleUrl',
  'SimpleUrlEntry',
  'DocItem',
  'Dependency',
]);

/** Deeper than any Lync document (a topology nests about 8 levels); bounds the parser's stack. */
export const maxXmlDepth = 64;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && listElements.has(name),
  processEntities: false,
  maxNestedTags: maxXmlDepth,
});

export function isXmlNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An element with neither attributes nor children (`<Machine />`) parses as ''; it is a node. */
function asNode(value: unknown): XmlNode | undefined {
  if (value === '') return {};
  return isXmlNode(value) ? value : undefined;
}

export function xmlChild(node: XmlNode | undefined, name: string): XmlNode | undefined {
  const value = node?.[name];
  return Array.isArray(value) ? value.map(asNode).find((n) => n !== undefined) : asNode(value);
}

export function xmlChildren(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return (Array.isArray(value) ? value : [value]).map(asNode).filter((n) => n !== undefined);
}

export function xmlAttr(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** Text content of an element (`<Name>Redmond</Name>`), or undefined. */
export function xmlText(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[name];
  if (typeof value === 'string') return value;
  if (isXmlNode(value) && typeof value['#text'] === 'string') return value['#text'];
  return undefined;
}

/** Every element named `name` at any depth below `node`, in document order. */
export function findXmlElements(node: XmlNode, name: string, depth = 0): XmlNode[] {
  if (depth > maxXmlDepth) return [];
  const found: XmlNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@') || key === '#text') continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (!isXmlNode(item)) continue;
      if (key === name) found.push(item);
      found.push(...findXmlElements(item, name, depth + 1));
    }
  }
  return found;
}

/** What a DOCTYPE in `text` declares, for the message, or null when there is none. */
function describeDoctype(text: string): string | null {
  const at = text.search(/<!DOCTYPE/i);
  if (at < 0) return null;
  const doctype = text.slice(at, at + 4000);
  const external = /<!ENTITY\s+(%\s*)?([^\s>]+)\s+(SYSTEM|PUBLIC)\s+("[^"]*"|'[^']*')/i.exec(doctype);
  if (external !== null) {
    const kind = external[1] === undefined ? 'an external entity' : 'an external parameter entity';
    return `a DOCTYPE declaring ${kind} (${external[2]} ${external[3]} ${external[4]})`;
  }
  if (/<!ENTITY\s+%/i.test(doctype)) return 'a DOCTYPE declaring a parameter entity';
  if (/<!ENTITY/i.test(doctype)) return 'a DOCTYPE declaring entities';
  return 'a DOCTYPE declaration';
}

/** The deepest element nesting of `text`, counted without parsing (stops past `limit`). */
export function measureXmlDepth(text: string, limit: number): number {
  const tag = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][^>]*>|<(\/?)[^>]*?(\/?)>/g;
  let depth = 0;
  let deepest = 0;
  for (let m = tag.exec(text); m !== null; m = tag.exec(text)) {
    if (m[1] === undefined) continue; // comment, CDATA, declaration
    if (m[1] === '/') depth -= 1;
    else if (m[2] !== '/') {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    }
  }
  return deepest;
}

/**
 * Parses `text` into nodes; throws an input error (exit 2) naming `source` for a document that is
 * not well-formed, declares a DOCTYPE, or nests deeper than maxXmlDepth.
 */
export interface ParsedXml {
  readonly root: XmlNode;
  /** Every namespace URI the document declares (the parser drops xmlns attributes). */
  readonly namespaces: ReadonlySet<string>;
}

export function parseXmlDocument(text: string, source: string, what: string): ParsedXml {
  const doctype = describeDoctype(text);
  if (doctype !== null) {
    throw inputError(
      'UNSAFE_XML',
      `${what} "${source}" contains ${doctype}; uccert refuses DTDs and entities in XML it reads (no Lync document has one)`,
      'give the file exactly as Get-CsTopology -AsXml, Topology Builder or Export-CsConfiguration wrote it',
    );
  }
  const depth = measureXmlDepth(text, maxXmlDepth);
  if (depth > maxXmlDepth) {
    throw inputError(
      'UNSAFE_XML',
      `${what} "${source}" nests elements more than ${maxXmlDepth} deep; uccert refuses it (a Lync topology nests about 8 deep)`,
      'give the file exactly as Get-CsTopology -AsXml, Topology Builder or Export-CsConfiguration wrote it',
    );
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw inputError(
      'UNREADABLE_TOPOLOGY',
      `${what} "${source}" is not well-formed XML: line ${valid.err.line}: ${valid.err.msg}`,
      'give the file as PowerShell or Topology Builder wrote it (any of UTF-8, UTF-16 with a BOM is fine)',
    );
  }
  try {
    const namespaces = new Set(
      [...text.matchAll(/\sxmlns(?::[\w.-]+)?\s*=\s*["']([^"']*)["']/g)].map((m) => m[1] ?? ''),
    );
    return { root: parser.parse(text) as XmlNode, namespaces };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw inputError(
      'UNREADABLE_TOPOLOGY',
      `${what} "${source}" could not be read as XML: ${reason}; uccert refuses it`,
      'give the file exactly as Get-CsTopology -AsXml, Topology Builder or Export-CsConfiguration wrote it',
      error,
    );
  }
}
