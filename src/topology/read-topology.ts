// Reads a topology file from disk, whatever form the administrator has: YAML or JSON (format 1);
// the XML of Get-CsTopology -AsXml in any encoding PowerShell writes; a Topology Builder .tbxml; or
// the ZIP of Export-CsConfiguration. What the XML lacks comes from flags, a YAML beside it
// (--extra), Get-CsSimpleUrlConfiguration | ConvertTo-Json (--simple-urls), or Topology Builder's
// defaults, each listed as an assumption.

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CST, Lexer, parseDocument } from 'yaml';
import { fileErrorReason, inputError, inputErrorAbout, UccertError } from '../errors.js';
import { inputLimits, limitError } from '../input-limits.js';
import { readConfigurationZip } from './configuration-zip.js';
import { hostOfUrl, type PoolRole, type Product, type Topology } from './model.js';
import { parseTopology } from './parse-topology.js';
import { findTopologyElement, parseTopologyXml, type TopologyXmlReading } from './parse-topology-xml.js';
import {
  findSimpleUrlsInJson,
  type SimpleUrlEntry,
  summarizeSimpleUrls,
} from './simple-url-configuration.js';
import { quote, type TopologyProblem, topologyError } from './topology-problem.js';
import { decodeTopologyBytes, encodingNames, type TextEncodingName } from './topology-text.js';
import { parseXmlDocument } from './xml-document.js';

/** What the command line adds to a topology XML (simple URLs and mobility are not in it). */
export interface TopologyOverrides {
  readonly product?: string;
  readonly meet?: readonly string[];
  readonly dialin?: string;
  readonly admin?: string;
  readonly mobility?: boolean;
  /** A YAML with the keys the XML lacks; default: the XML's name with .yaml, when it exists. */
  readonly extraFile?: string;
  /** `Get-CsSimpleUrlConfiguration | ConvertTo-Json` output (PowerShell 5.1 or 7). */
  readonly simpleUrlsFile?: string;
}

export type TopologyFormat = 'yaml' | 'xml' | 'tbxml' | 'zip';

/** What a topology was made from: the plan JSON's `topology` (architecture.md, "Plan JSON"). */
export interface TopologyProvenance {
  readonly format: TopologyFormat;
  readonly encoding: TextEncodingName | null;
  readonly sha256: string;
  readonly product: { readonly value: Product; readonly from: string };
  readonly sipDomains: readonly string[];
  readonly pools: readonly { readonly fqdn: string; readonly role: PoolRole }[];
  readonly ignoredClusters: readonly { readonly fqdn: string; readonly why: string }[];
  readonly read: readonly string[];
  readonly assumptions: readonly string[];
}

export interface LoadedTopology {
  readonly topology: Topology;
  readonly format: TopologyFormat;
  /** For XML: what was read from it, and what was assumed. Empty for YAML/JSON. */
  readonly read: readonly string[];
  readonly assumed: readonly string[];
  readonly provenance: TopologyProvenance;
}

/** Keys a YAML beside a topology XML may give. */
const extraKeys = ['product', 'simpleUrls', 'mobility', 'autoLogon', 'xmppDomains', 'reverseProxy'] as const;

export async function readTopologyFile(
  path: string,
  cwd: string,
  overrides: TopologyOverrides = {},
): Promise<LoadedTopology> {
  const bytes = await readBytes(path, cwd, 'topology');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    const zip = readConfigurationZip(bytes, path);
    return completeXmlTopology(
      path,
      cwd,
      'zip',
      null,
      sha256,
      zip.topology,
      zip.simpleUrls,
      zip.read,
      overrides,
    );
  }
  const { text, encoding } = decodeTopologyBytes(bytes);
  if (path.toLowerCase().match(/\.(xml|tbxml)$/) !== null || text.trimStart().startsWith('<')) {
    const doc = parseXmlDocument(text, path, 'topology');
    const found = findTopologyElement(doc);
    const format: TopologyFormat = found?.form === 'Topology Builder' ? 'tbxml' : 'xml';
    const reading = parseTopologyXml(doc, path);
    const read = encoding === 'utf-8' ? [] : [`encoding: ${encodingNames[encoding]}`];
    return completeXmlTopology(
      path,
      cwd,
      format,
      encoding,
      sha256,
      reading,
      reading.simpleUrls,
      read,
      overrides,
    );
  }
  const flags = Object.entries(overrides).filter(
    ([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0),
  );
  if (flags.length > 0) {
    throw inputErrorAbout(
      path,
      'BAD_USAGE',
      `--${flagName(flags[0]![0])} completes a topology XML; "${path}" is a YAML/JSON topology`,
      'put product, simpleUrls and mobility in the YAML topology itself',
    );
  }
  refuseNonTopologyText(text, path);
  const document = parseYamlText(text, path, 'topology');
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw inputErrorAbout(
      path,
      'INVALID_TOPOLOGY',
      `topology "${path}" is ${Array.isArray(document) ? 'a YAML list' : `the single value ${quote(document)}`}, not a mapping of keys`,
      'start from examples/contoso.yaml: a mapping with version, product, sipDomains, pools and the other keys',
    );
  }
  refuseOversizedTopology(document as Readonly<Record<string, unknown>>, path);
  const result = parseTopology(document);
  if (!result.ok) throw topologyError(path, result.problems);
  const t = result.topology;
  return {
    topology: t,
    format: 'yaml',
    read: [],
    assumed: [],
    provenance: {
      format: 'yaml',
      encoding,
      sha256,
      product: { value: t.product, from: `product in ${path}` },
      sipDomains: t.sipDomains,
      pools: t.pools.map((p) => ({ fqdn: p.fqdn, role: p.role })),
      ignoredClusters: [],
      read: [],
      assumptions: [],
    },
  };
}

function flagName(key: string): string {
  return key === 'extraFile' ? 'extra' : key === 'simpleUrlsFile' ? 'simple-urls' : key;
}

async function readBytes(path: string, cwd: string, what: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    await refuseOversizedFile(resolve(cwd, path), what, path);
    bytes = await readFile(resolve(cwd, path));
  } catch (error) {
    if (error instanceof UccertError) throw error;
    const why = fileErrorReason(error);
    throw inputErrorAbout(
      path,
      'UNREADABLE_TOPOLOGY',
      `cannot read ${what} "${path}": ${why}`,
      'check the path; examples/contoso.yaml is a complete example',
      error,
    );
  }
  return bytes;
}

/** Refuses a file past the topology size limit before reading a byte of it. */
async function refuseOversizedFile(full: string, label: string, shown: string): Promise<void> {
  const info = await stat(full);
  if (info.isFile() && info.size > inputLimits.topologyFileBytes.max) {
    throw limitError(
      'topologyFileBytes',
      label,
      shown,
      info.size,
      'give the topology of one deployment; examples/contoso.yaml shows the format',
    );
  }
}

/**
 * Counts the values of a YAML (or JSON) text and measures each, with the yaml package's lexer
 * alone: it reads 8 MB in about 20 ms, while building the document takes about 30 s and 1.8 GB
 * for a 50 MB string and about 40 µs per value (issue 9, item 20). Refuses what is past a limit
 * before any of that is spent.
 */
function refuseOversizedYaml(text: string, path: string, label: string): void {
  let values = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'scalar' || type === 'single-quoted-scalar' || type === 'double-quoted-scalar') {
      values += 1;
      if (values > inputLimits.topologyValues.max) {
        throw limitError(
          'topologyValues',
          label,
          path,
          `more than ${inputLimits.topologyValues.max.toLocaleString('en-US')}`,
          'give the topology of one deployment; examples/contoso.yaml shows the format',
        );
      }
    }
    if (token.length > inputLimits.topologyValueChars.max && type !== 'comment') {
      const line = text.slice(0, text.indexOf(token)).split('\n').length;
      throw limitError(
        'topologyValueChars',
        label,
        path,
        `a value on line ${line} of ${token.length.toLocaleString('en-US')}`,
        'a topology holds host names, URLs and a few words; check that the right file was given',
      );
    }
  }
}

const listLength = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/**
 * Refuses a decoded topology document (from YAML, JSON or XML) with more pools, servers or SIP
 * domains than the limits allow, before it is validated and planned.
 */
export function refuseOversizedTopology(document: Readonly<Record<string, unknown>>, path: string): void {
  const fix = 'give the topology of one deployment; examples/contoso.yaml shows the format';
  const pools = Array.isArray(document.pools) ? (document.pools as unknown[]) : [];
  if (pools.length > inputLimits.pools.max) throw limitError('pools', 'topology', path, pools.length, fix);
  let servers = 0;
  for (const [i, pool] of pools.entries()) {
    const count =
      typeof pool === 'object' && pool !== null ? listLength((pool as Record<string, unknown>).servers) : 0;
    if (count > inputLimits.serversPerPool.max) {
      throw limitError(
        'serversPerPool',
        'topology',
        path,
        count,
        `split pools[${i}] as the deployment is; ${fix}`,
      );
    }
    servers += count;
  }
  if (servers > inputLimits.servers.max) throw limitError('servers', 'topology', path, servers, fix);
  const urls = document.simpleUrls;
  const meet = typeof urls === 'object' && urls !== null ? (urls as Record<string, unknown>).meet : undefined;
  for (const [key, value] of [
    ['sipDomains', document.sipDomains],
    ['xmppDomains', document.xmppDomains],
    ['simpleUrls.meet', meet],
  ] as const) {
    const count = listLength(value);
    if (count > inputLimits.sipDomains.max) {
      throw limitError('sipDomains', 'topology', path, count, fix, key);
    }
  }
}

/** Most aliases a topology may expand: it needs none, and each may copy a whole subtree. */
const maxAliasCount = 100;

/** `label` says what the file is in the message: "topology" or "--extra". */
function parseYamlText(text: string, path: string, label: string): unknown {
  refuseOversizedYaml(text, path, label);
  const document = parseDocument(text);
  const error = document.errors[0];
  if (error !== undefined) {
    const line = error.linePos?.[0].line;
    const first = error.message.split('\n')[0] ?? error.message;
    throw inputErrorAbout(
      path,
      'UNREADABLE_TOPOLOGY',
      `${label} "${path}" is not valid YAML or JSON${line === undefined ? '' : ` (line ${line})`}: ${first}`,
      'fix the syntax; examples/contoso.yaml shows the format',
      error,
    );
  }
  try {
    return document.toJS({ maxAliasCount });
  } catch (cause) {
    // The yaml package resolves aliases (*name) only here, and throws a ReferenceError for one
    // without its anchor and for an expansion past maxAliasCount (a "billion laughs" document).
    if (!(cause instanceof ReferenceError)) throw cause;
    throw inputErrorAbout(
      path,
      'UNREADABLE_TOPOLOGY',
      `${label} "${path}" has YAML aliases uccert does not expand: ${cause.message}`,
      'write the values out instead of using &anchors and *aliases; examples/contoso.yaml needs none',
      cause,
    );
  }
}

/** What a file given as a topology is when it plainly is not one, for a message that says so. */
function recognizeNonTopology(text: string): string | null {
  // Bytes that are not UTF-8 decode to U+FFFD; text has no NULs.
  if (text.includes('\u0000') || text.includes('\uFFFD'))
    return 'a binary file, not a YAML, JSON or XML topology';
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text);
  if (pem !== null) return `a PEM file (${pem[1]}), not a topology`;
  if (text.trim() === '') return 'empty';
  return null;
}

function refuseNonTopologyText(text: string, path: string): void {
  const what = recognizeNonTopology(text);
  if (what === null) return;
  throw inputErrorAbout(
    path,
    'UNREADABLE_TOPOLOGY',
    `topology "${path}" is ${what}`,
    what === 'empty'
      ? 'give the topology YAML (examples/contoso.yaml shows the format) or the XML of Get-CsTopology -AsXml'
      : 'give the topology YAML (examples/contoso.yaml shows the format) or the XML of Get-CsTopology -AsXml; certificates go to --cert or `uccert show`',
  );
}

/** Reads --simple-urls: Get-CsSimpleUrlConfiguration | ConvertTo-Json, as 5.1 or 7 writes it. */
async function readSimpleUrlsFile(path: string, cwd: string): Promise<SimpleUrlEntry[]> {
  const { text } = decodeTopologyBytes(await readBytes(path, cwd, '--simple-urls file'));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw inputError(
      'UNREADABLE_SIMPLE_URLS',
      `--simple-urls "${path}" is not JSON: ${error instanceof Error ? error.message : String(error)}`,
      'write it with: Get-CsSimpleUrlConfiguration | ConvertTo-Json | Out-File simple-urls.json',
      error,
    );
  }
  const entries = findSimpleUrlsInJson(value);
  if (entries === null) {
    throw inputError(
      'UNREADABLE_SIMPLE_URLS',
      `--simple-urls "${path}" is JSON but has no SimpleUrl property: it is not Get-CsSimpleUrlConfiguration output`,
      'write it with: Get-CsSimpleUrlConfiguration | ConvertTo-Json | Out-File simple-urls.json',
    );
  }
  return entries;
}

async function completeXmlTopology(
  path: string,
  cwd: string,
  format: TopologyFormat,
  encoding: TextEncodingName | null,
  sha256: string,
  reading: TopologyXmlReading,
  documentUrls: readonly SimpleUrlEntry[],
  readBefore: readonly string[],
  o: TopologyOverrides,
): Promise<LoadedTopology> {
  const document: Record<string, unknown> = { ...reading.document };
  const read = [...readBefore, ...reading.read];
  const assumed = [...reading.assumed];

  const extraPath = o.extraFile ?? path.replace(/\.(xml|tbxml|zip)$/i, '.yaml');
  const extraText = await readOptional(resolve(cwd, extraPath), o.extraFile !== undefined, extraPath);
  if (extraText !== null && extraPath !== path) {
    const extra = parseYamlText(extraText, extraPath, '--extra');
    if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) {
      throw inputErrorAbout(
        extraPath,
        'UNREADABLE_TOPOLOGY',
        `"${extraPath}" is not a YAML mapping`,
        `give it some of the keys ${extraKeys.join(', ')}`,
      );
    }
    for (const [key, value] of Object.entries(extra)) {
      if (!(extraKeys as readonly string[]).includes(key)) {
        throw inputErrorAbout(
          extraPath,
          'INVALID_TOPOLOGY',
          `${extraPath}: ${key}: not a key a YAML beside a topology XML may give (known: ${extraKeys.join(', ')})`,
          'pools and SIP domains come from the XML itself',
        );
      }
      document[key] = value;
    }
    read.push(`${Object.keys(extra).join(', ')} from ${extraPath}`);
  }

  let productFrom: string;
  if (o.product !== undefined) {
    document.product = o.product;
    productFrom = '--product';
    read.push(`product: ${o.product} (--product)`);
  } else if (document.product !== undefined) {
    productFrom = `product in ${extraPath}`;
  } else if (reading.productGuess !== null) {
    document.product = reading.productGuess.product;
    productFrom = `ServiceVersion of the Registrar services in ${path}`;
    assumed.push(reading.productGuess.note);
  } else {
    productFrom = 'nowhere (give --product)';
  }

  // XMPP federation: the Edge's XmppFederationProxy port means the XmppServer use and an XMPP
  // domain; the SIP domains unless told otherwise ([L13-EDGEPLAN]).
  const product = typeof document.product === 'string' ? document.product : '';
  if (reading.xmpp !== null && document.xmppDomains === undefined) {
    const where = `XmppFederationProxy port ${reading.xmpp.port} on Edge pool ${reading.xmpp.edgePool}`;
    if (product === 'lync2013' || product === 'sfb2015') {
      document.xmppDomains = [...(document.sipDomains as string[])];
      read.push(`XMPP federation: ${where}`);
      assumed.push(
        `xmppDomains: ${(document.sipDomains as string[]).join(', ')} (the SIP domains; give xmppDomains in --extra FILE if they differ)`,
      );
    } else {
      read.push(`XMPP federation: ${where}, ignored (${product || 'this product'} has no XMPP federation)`);
    }
  }

  const urls = await chooseSimpleUrls(document, documentUrls, o, cwd, read, assumed, extraPath);
  if (urls !== null) document.simpleUrls = urls;
  if (o.mobility !== undefined) document.mobility = o.mobility;
  else if (document.mobility === undefined)
    assumed.push(
      'mobility: false (no mobility web components in the XML): give --mobility if lyncdiscover is deployed',
    );

  // A Meet URL per SIP domain is the topology XML reader's assumption to make, not an error here.
  refuseOversizedTopology(document, path);
  const result = parseTopology(document, { authored: false });
  const locate = (p: TopologyProblem): TopologyProblem => {
    const at = reading.locations.get(p.path);
    return at === undefined ? p : { path: `${p.path} (XML: ${at})`, message: p.message };
  };
  const problems = [...reading.problems, ...(result.ok ? [] : result.problems.map(locate))];
  if (!result.ok || problems.length > 0) throw topologyError(path, problems);
  const t = result.topology;
  return {
    topology: t,
    format,
    read,
    assumed,
    provenance: {
      format,
      encoding,
      sha256,
      product: { value: t.product, from: productFrom },
      sipDomains: t.sipDomains,
      pools: reading.pools,
      ignoredClusters: reading.ignored,
      read,
      assumptions: assumed,
    },
  };
}

/**
 * The simple URLs, first found wins per kind: --meet/--dialin/--admin, --simple-urls FILE, the
 * YAML beside the XML, the document's own SimpleUrlConfiguration; then Topology Builder's defaults
 * (https://meet.<each SIP domain>, https://dialin.<default SIP domain>, no admin URL), assumed.
 * Lync needs a Meet URL for every SIP domain: one missing is assumed too.
 */
async function chooseSimpleUrls(
  document: Record<string, unknown>,
  documentUrls: readonly SimpleUrlEntry[],
  o: TopologyOverrides,
  cwd: string,
  read: string[],
  assumed: string[],
  extraPath: string,
): Promise<Record<string, unknown> | null> {
  const given = (document.simpleUrls ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given)) return given; // reported by parseTopology
  const urls: Record<string, unknown> = { ...given };
  const fromFile =
    o.simpleUrlsFile === undefined
      ? null
      : summarizeSimpleUrls(await readSimpleUrlsFile(o.simpleUrlsFile, cwd));
  const fromDocument = documentUrls.length === 0 ? null : summarizeSimpleUrls(documentUrls);
  const take = (key: 'dialin' | 'admin', flag: string | undefined) => {
    if (flag !== undefined) urls[key] = flag;
    else if (fromFile?.[key]) {
      urls[key] = fromFile[key];
      read.push(`simpleUrls.${key}: ${fromFile[key]} (--simple-urls ${o.simpleUrlsFile})`);
    } else if (urls[key] === undefined && fromDocument?.[key]) {
      urls[key] = fromDocument[key];
      read.push(`simpleUrls.${key}: ${fromDocument[key]} (SimpleUrlConfiguration)`);
    }
  };
  if (o.meet !== undefined && o.meet.length > 0) urls.meet = [...o.meet];
  else if (fromFile !== null && fromFile.meet.length > 0) {
    urls.meet = fromFile.meet.map((m) => m.url);
    read.push(
      `simpleUrls.meet: ${fromFile.meet.map((m) => m.url).join(', ')} (--simple-urls ${o.simpleUrlsFile})`,
    );
  } else if (urls.meet === undefined && fromDocument !== null && fromDocument.meet.length > 0) {
    urls.meet = fromDocument.meet.map((m) => m.url);
    read.push(`simpleUrls.meet: ${fromDocument.meet.map((m) => m.url).join(', ')} (SimpleUrlConfiguration)`);
  }
  take('dialin', o.dialin);
  take('admin', o.admin);

  const sipDomains = Array.isArray(document.sipDomains) ? (document.sipDomains as string[]) : [];
  const how = `give the real ones with --meet/--dialin/--admin, simpleUrls in --extra ${extraPath}, or --simple-urls FILE (Get-CsSimpleUrlConfiguration | ConvertTo-Json)`;
  const meet = Array.isArray(urls.meet)
    ? [...(urls.meet as unknown[])]
    : typeof urls.meet === 'string'
      ? [urls.meet]
      : [];
  const nothingGiven = meet.length === 0 && urls.dialin === undefined && urls.admin === undefined;
  const missingMeet = sipDomains.filter(
    (d) => !meet.some((m) => typeof m === 'string' && coversDomain(m, d, fromFile, fromDocument)),
  );
  if (missingMeet.length > 0) {
    const defaults = missingMeet.map((d) => `https://meet.${d}`);
    meet.push(...defaults);
    assumed.push(
      `simpleUrls.meet: ${defaults.join(', ')} (Topology Builder's default for ${missingMeet.length === sipDomains.length ? 'each SIP domain' : `SIP domain${missingMeet.length > 1 ? 's' : ''} ${missingMeet.join(', ')}, which had none`}); ${how}`,
    );
  }
  if (meet.length > 0) urls.meet = meet;
  if (nothingGiven && sipDomains[0] !== undefined) {
    urls.dialin = `https://dialin.${sipDomains[0]}`;
    assumed.push(
      `simpleUrls.dialin: https://dialin.${sipDomains[0]} (Topology Builder's default, for the default SIP domain); no admin URL`,
    );
  }
  return Object.keys(urls).length === 0 ? null : urls;
}

/** Whether a Meet URL serves SIP domain `d`: its SimpleUrl Domain says so, or its host is in `d`. */
function coversDomain(
  url: string,
  d: string,
  ...sources: (ReturnType<typeof summarizeSimpleUrls> | null)[]
): boolean {
  for (const s of sources) {
    const entry = s?.meet.find((m) => m.url === url);
    if (entry !== undefined && entry.domain !== '*') return entry.domain === d;
  }
  const host = hostOfUrl(url);
  return host === d || host.endsWith(`.${d}`);
}

async function readOptional(path: string, required: boolean, shown: string): Promise<string | null> {
  let bytes: Buffer;
  try {
    await refuseOversizedFile(path, '--extra', shown);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof UccertError) throw error;
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw inputErrorAbout(
      shown,
      'UNREADABLE_TOPOLOGY',
      `cannot read "${shown}" (--extra)`,
      'check the path of the YAML that completes the topology XML',
      error,
    );
  }
  return decodeTopologyBytes(bytes).text;
}
