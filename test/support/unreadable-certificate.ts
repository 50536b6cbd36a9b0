// A certificate OpenSSL loads and serves but uccert's reader refuses: the fixture's DER with its
// tbsCertificate re-encoded with an indefinite length (BER). OpenSSL's decoder accepts BER and
// keeps the signed part's bytes as they came, so a TLS server sends them as they are; uccert
// reads certificates as DER only (lync-certificate-rules: X.509 is DER, RFC 5280 §4.1).

import { readFileSync } from 'node:fs';
import { childrenOf, readNode } from '../../src/x509/der.js';
import { repoPath } from './repo.js';

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function indefiniteLengthPem(fixturePem: string): string {
  const base64 = readFileSync(repoPath(fixturePem), 'utf8')
    .split('-----BEGIN CERTIFICATE-----')[1]!
    .split('-----END CERTIFICATE-----')[0]!;
  const der = Buffer.from(base64.replace(/\s/g, ''), 'base64');
  const outer = readNode(der, 0);
  const [tbs, algorithm, signature] = childrenOf(der, outer);
  const berTbs = Buffer.concat([
    Buffer.from([0x30, 0x80]),
    der.subarray(tbs!.contentStart, tbs!.end),
    Buffer.from([0x00, 0x00]),
  ]);
  const content = Buffer.concat([berTbs, der.subarray(algorithm!.start, signature!.end)]);
  const mutated = Buffer.concat([Buffer.from([0x30]), derLength(content.length), content]);
  const lines = mutated
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return `-----BEGIN CERTIFICATE-----\n${lines}\n-----END CERTIFICATE-----\n`;
}
