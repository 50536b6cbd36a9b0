// Reads a topology file from disk: YAML or JSON (format 1), or the XML Get-CsTopology -AsXml
// prints, completed by a small YAML beside it and by flags for what the XML lacks.

import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CST, Lexer, parseDocument } from 'yaml';
import { inputErrorAbout, UccertError } from '../errors.js';
import { inputLimits, limitError } from '../input-limits.js';
import type { Topology } from './model.js';
import { parseTopology } from './parse-topology.js';
import { parseTopologyXml } from './parse-topology-xml.js';
import { quote, type TopologyProblem, topologyError } from './topology-problem.js';

/** What the command line adds to a topology XML (simple URLs and mobility are not in it). */
export interface TopologyOverrides {
  readonly product?: string;
  readonly meet?: readonly string[];
  readonly dialin?: string;
  readonly admin?: string;
  readonly mobility?: boolean;
  /** A YAML with the keys the XML lacks; default: the XML's name with .yaml, when it exists. */
  readonly extraFile?: string;
}

export interface LoadedTopology {
  readonly topology: Topology;
  readonly format: 'yaml' | 'xml';
  /** For XML: what was read from it, and what was assumed. Empty for YAML/JSON. */
  readonly read: readonly string[];
  readonly assumed: readonly string[];
}

/** Keys a YAML beside a topology XML may give. */
const extraKeys = ['product', 'simpleUrls', 'mobility', 'autoLogon', 'xmppDomains', 'reverseProxy'] as const;

export async function readTopologyFile(
  path: string,
  cwd: string,
  overrides: TopologyOverrides = {},
): Promise<LoadedTopology> {
  const text = await readText(path, cwd);
  if (path.toLowerCase().endsWith('.xml') || text.trimStart().startsWith('<')) {
    return readXmlTopology(path, cwd, text, overrides);
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
  return { topology: result.topology, format: 'yaml', read: [], assumed: [] };
}

function flagName(key: string): string {
  return key === 'extraFile' ? 'extra' : key;
}

async function readText(path: string, cwd: string): Promise<string> {
  try {
    await refuseOversizedFile(resolve(cwd, path), 'topology', path);
    return await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    if (error instanceof UccertError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable');
    throw inputErrorAbout(
      path,
      'UNREADABLE_TOPOLOGY',
      `cannot read topology "${path}": ${why}`,
      'check the path; examples/contoso.yaml is a complete example',
      error,
    );
  }
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
  // readFile(…, 'utf8') turns bytes that are not UTF-8 into U+FFFD; text has no NULs.
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

async function readXmlTopology(
  path: string,
  cwd: string,
  text: string,
  o: TopologyOverrides,
): Promise<LoadedTopology> {
  const reading = parseTopologyXml(text, path);
  const document: Record<string, unknown> = { ...reading.document };
  const read = [...reading.read];
  const assumed = [...reading.assumed];

  const extraPath = o.extraFile ?? path.replace(/\.xml$/i, '.yaml');
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

  if (o.product !== undefined) {
    document.product = o.product;
    read.push(`product: ${o.product} (--product)`);
  } else if (document.product === undefined && reading.productGuess !== null) {
    document.product = reading.productGuess.product;
    assumed.push(reading.productGuess.note);
  }
  const urls = { ...((document.simpleUrls as Record<string, unknown> | undefined) ?? {}) };
  if (o.meet !== undefined && o.meet.length > 0) urls.meet = [...o.meet];
  if (o.dialin !== undefined) urls.dialin = o.dialin;
  if (o.admin !== undefined) urls.admin = o.admin;
  if (Object.keys(urls).length > 0) document.simpleUrls = urls;
  else
    assumed.push(
      'no simple URLs (not in the XML): give --meet/--dialin/--admin, or simpleUrls in a YAML beside it',
    );
  if (o.mobility !== undefined) document.mobility = o.mobility;
  else if (document.mobility === undefined)
    assumed.push('mobility: false (not in the XML): give --mobility if lyncdiscover is deployed');

  refuseOversizedTopology(document, path);
  const result = parseTopology(document);
  const explain = (p: TopologyProblem): TopologyProblem =>
    p.path === 'simpleUrls.meet' && Object.keys(urls).length === 0
      ? {
          path: p.path,
          message: `missing: the topology XML holds no simple URLs; give --meet URL (and --dialin, --admin) or simpleUrls in ${extraPath}`,
        }
      : p;
  const problems = [...reading.problems, ...(result.ok ? [] : result.problems.map(explain))];
  if (!result.ok || problems.length > 0) throw topologyError(path, problems);
  return { topology: result.topology, format: 'xml', read, assumed };
}

async function readOptional(path: string, required: boolean, shown: string): Promise<string | null> {
  try {
    await refuseOversizedFile(path, '--extra', shown);
    return await readFile(path, 'utf8');
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
}
