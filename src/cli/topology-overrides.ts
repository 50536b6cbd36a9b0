// The flags that complete a topology XML (simple URLs, product, mobility, a YAML beside it, the
// simple URL configuration as PowerShell exports it), shared by plan and topology use.

import type { TopologyOverrides } from '../topology/read-topology.js';
import type { OptionSpec, OptionValues } from './command.js';
import { flagOption, stringListOption, stringOption } from './options.js';

export const topologyOverrideOptions: OptionSpec = {
  product: { type: 'string' },
  meet: { type: 'string', multiple: true },
  dialin: { type: 'string' },
  admin: { type: 'string' },
  mobility: { type: 'boolean' },
  extra: { type: 'string' },
  'simple-urls': { type: 'string' },
};

export const topologyOverrideHelp: readonly (readonly [string, string])[] = [
  ['--product P', 'topology XML: lync2010, lync2013, sfb2015 or sfb2019 (else read from ServiceVersion)'],
  ['--meet URL', 'topology XML: a Meet simple URL (repeat for each)'],
  ['--dialin URL', 'topology XML: the Dial-in simple URL'],
  ['--admin URL', 'topology XML: the Admin simple URL'],
  ['--mobility', 'topology XML: mobility is deployed (lyncdiscover names)'],
  ['--extra FILE', 'topology XML: YAML with simpleUrls, mobility, autoLogon, xmppDomains, reverseProxy'],
  ['--simple-urls FILE', 'topology XML: Get-CsSimpleUrlConfiguration | ConvertTo-Json (PowerShell 5.1 or 7)'],
];

export function parseTopologyOverrides(values: OptionValues): TopologyOverrides {
  const o: { -readonly [K in keyof TopologyOverrides]: TopologyOverrides[K] } = {};
  const product = stringOption(values, 'product');
  const dialin = stringOption(values, 'dialin');
  const admin = stringOption(values, 'admin');
  const extra = stringOption(values, 'extra');
  const simpleUrls = stringOption(values, 'simple-urls');
  const meet = stringListOption(values, 'meet');
  if (product !== undefined) o.product = product;
  if (dialin !== undefined) o.dialin = dialin;
  if (admin !== undefined) o.admin = admin;
  if (extra !== undefined) o.extraFile = extra;
  if (simpleUrls !== undefined) o.simpleUrlsFile = simpleUrls;
  if (meet.length > 0) o.meet = meet;
  if (flagOption(values, 'mobility')) o.mobility = true;
  return o;
}
