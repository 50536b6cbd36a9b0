// Simple URLs as Lync keeps them (Get-CsSimpleUrlConfiguration, [L13-RP]): per site a list of
// SimpleUrl { Component: Meet | Dialin | Cscp (the admin URL), Domain (a SIP domain or "*"),
// ActiveUrl, SimpleUrlEntry[] }. Read from the XML of a Topology Builder file or the
// configuration ZIP, and from `Get-CsSimpleUrlConfiguration | ConvertTo-Json` (PowerShell 5.1
// and 7: at ConvertTo-Json's default depth of 2 the entries may arrive as strings).

import { findXmlElements, type XmlNode, xmlAttr, xmlChildren } from './xml-document.js';

export interface SimpleUrlEntry {
  readonly component: string;
  readonly domain: string;
  readonly url: string;
}

export interface FoundSimpleUrls {
  readonly meet: readonly { readonly url: string; readonly domain: string }[];
  readonly dialin: string | null;
  readonly admin: string | null;
}

/** Every SimpleUrl of every SimpleUrlConfiguration element below `root`. */
export function findSimpleUrlsInXml(root: XmlNode): SimpleUrlEntry[] {
  return findXmlElements(root, 'SimpleUrlConfiguration').flatMap((config) =>
    xmlChildren(config, 'SimpleUrl').flatMap((u) => {
      const url = xmlAttr(u, 'ActiveUrl') ?? xmlAttr(xmlChildren(u, 'SimpleUrlEntry')[0], 'Url');
      const component = xmlAttr(u, 'Component');
      return url === undefined || component === undefined
        ? []
        : [{ component, domain: xmlAttr(u, 'Domain') ?? '*', url }];
    }),
  );
}

/** Reads ConvertTo-Json output of Get-CsSimpleUrlConfiguration; null when it is not that. */
export function findSimpleUrlsInJson(value: unknown): SimpleUrlEntry[] | null {
  const configurations = unwrapList(value);
  const entries: SimpleUrlEntry[] = [];
  let recognized = false;
  for (const config of configurations) {
    if (typeof config !== 'object' || config === null) continue;
    const urls = (config as Record<string, unknown>).SimpleUrl;
    if (urls === undefined) continue;
    recognized = true;
    for (const u of unwrapList(urls)) {
      const entry = typeof u === 'string' ? entryFromText(u) : entryFromObject(u);
      if (entry !== null) entries.push(entry);
    }
  }
  return recognized ? entries : null;
}

/** PowerShell 5.1 writes some arrays as { "value": [...], "Count": n }; a lone object is a list of one. */
function unwrapList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) {
    const inner = (value as Record<string, unknown>).value;
    if (Array.isArray(inner) && 'Count' in value) return inner;
    return [value];
  }
  return typeof value === 'string' ? [value] : [];
}

function entryFromObject(value: unknown): SimpleUrlEntry | null {
  if (typeof value !== 'object' || value === null) return null;
  const u = value as Record<string, unknown>;
  const component = typeof u.Component === 'string' ? u.Component : null;
  const domain = typeof u.Domain === 'string' ? u.Domain : '*';
  let url = typeof u.ActiveUrl === 'string' ? u.ActiveUrl : null;
  if (url === null) {
    const first = unwrapList(u.SimpleUrlEntry)[0];
    url = typeof first === 'string' ? (/https?:\/\/\S+/i.exec(first)?.[0] ?? null) : null;
    if (url === null && typeof first === 'object' && first !== null) {
      const candidate = (first as Record<string, unknown>).Url;
      url = typeof candidate === 'string' ? candidate : null;
    }
  }
  return component === null || url === null ? null : { component, domain, url };
}

/** A SimpleUrl flattened to text past the depth limit: "Component=Meet;Domain=…;ActiveUrl=…". */
function entryFromText(text: string): SimpleUrlEntry | null {
  const field = (name: string) => new RegExp(`${name}\\s*=\\s*([^;,\\s]+)`, 'i').exec(text)?.[1];
  const component = field('Component');
  const url = field('ActiveUrl') ?? /https?:\/\/[^;,\s]+/i.exec(text)?.[0];
  return component === undefined || url === undefined
    ? null
    : { component, domain: field('Domain') ?? '*', url };
}

/** Meet (per domain), Dialin and Cscp (admin) from a list of entries. */
export function summarizeSimpleUrls(entries: readonly SimpleUrlEntry[]): FoundSimpleUrls {
  const of = (c: string) => entries.filter((e) => e.component.toLowerCase() === c);
  const meet = of('meet').map((e) => ({ url: e.url, domain: e.domain.toLowerCase() }));
  return {
    meet: meet.filter((m, i) => meet.findIndex((x) => x.url === m.url) === i),
    dialin: of('dialin')[0]?.url ?? null,
    admin: of('cscp')[0]?.url ?? null,
  };
}
