// Reads the ZIP that Export-CsConfiguration writes (and administrators copy to every Edge server
// for Import-CsConfiguration -LocalStore): XML documents with the topology and the configuration
// settings, the simple URLs (SimpleUrlConfiguration) among them. Every .xml entry is searched for
// the Topology element and for SimpleUrlConfiguration elements, inline or as escaped text.

import { unzipSync } from 'fflate';
import { inputError } from '../errors.js';
import { findTopologyElement, parseTopologyXml, type TopologyXmlReading } from './parse-topology-xml.js';
import { findSimpleUrlsInXml, type SimpleUrlEntry } from './simple-url-configuration.js';
import { decodeTopologyBytes } from './topology-text.js';
import { findXmlElements, type ParsedXml, parseXmlDocument, xmlText } from './xml-document.js';

/** Far more than a real configuration export holds (a few MB); refuses a ZIP bomb. */
export const maxZipContentBytes = 128 * 1024 * 1024;

export interface ConfigurationZipReading {
  readonly topology: TopologyXmlReading;
  readonly simpleUrls: readonly SimpleUrlEntry[];
  readonly read: readonly string[];
}

export function readConfigurationZip(bytes: Uint8Array, source: string): ConfigurationZipReading {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (!file.name.toLowerCase().endsWith('.xml')) return false;
        total += file.originalSize;
        if (total > maxZipContentBytes) {
          throw inputError(
            'TOPOLOGY_TOO_LARGE',
            `ZIP "${source}" holds more than ${maxZipContentBytes} bytes of XML; uccert refuses it (an Export-CsConfiguration ZIP holds a few MB)`,
            'give the ZIP exactly as Export-CsConfiguration wrote it',
          );
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'UccertError') throw error;
    throw inputError(
      'UNREADABLE_TOPOLOGY',
      `"${source}" is not a readable ZIP: ${error instanceof Error ? error.message : String(error)}`,
      'give the ZIP exactly as Export-CsConfiguration -FileName wrote it',
      error,
    );
  }
  let topology: TopologyXmlReading | null = null;
  let topologyEntry = '';
  const simpleUrls: SimpleUrlEntry[] = [];
  for (const [name, content] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const where = `${source}!${name}`;
    const doc = parseXmlDocument(decodeTopologyBytes(content).text, where, 'XML');
    for (const part of [doc, ...embeddedDocuments(doc, where)]) {
      if (topology === null && findTopologyElement(part) !== null) {
        topology = parseTopologyXml(part, where);
        topologyEntry = name;
      }
      simpleUrls.push(...findSimpleUrlsInXml(part.root));
    }
  }
  if (topology === null) {
    throw inputError(
      'UNREADABLE_TOPOLOGY',
      `ZIP "${source}" holds no Lync topology (searched ${Object.keys(files).length} XML file(s): ${Object.keys(files).join(', ') || 'none'})`,
      'give the ZIP Export-CsConfiguration -FileName wrote, or the output of Get-CsTopology -AsXml',
    );
  }
  return {
    topology,
    simpleUrls,
    read: [
      `Export-CsConfiguration ZIP: topology from ${topologyEntry}${simpleUrls.length > 0 ? `, ${simpleUrls.length} simple URL(s) from SimpleUrlConfiguration` : ''}`,
    ],
  };
}

/** Documents stored as escaped text inside DocItem Data elements. */
function embeddedDocuments(doc: ParsedXml, where: string): ParsedXml[] {
  return findXmlElements(doc.root, 'DocItem').flatMap((item) => {
    const text = xmlText(item, 'Data') ?? null;
    if (text === null || !text.trimStart().startsWith('&lt;')) return [];
    const xml = text
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
    return [parseXmlDocument(xml, where, 'XML')];
  });
}
