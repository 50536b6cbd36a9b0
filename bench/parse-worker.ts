// One parser over the whole corpus, in its own process so its peak memory is its own.
// Usage: node dist/bench/parse-worker.js uccert|node-x509 CORPUS.der ROUNDS
// Prints one JSON line like bench/openssl-parse.c does.

import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseCertificate } from '../src/x509/certificate.js';
import { readNode } from '../src/x509/der.js';

const [mode, corpusPath, roundsText] = process.argv.slice(2);
const corpus = readFileSync(corpusPath ?? 'bench/out/corpus.der');
const rounds = Number(roundsText ?? 3);

// Split the concatenated DER once, outside the timed loop (the C baseline walks the same buffer).
const certificates: Uint8Array[] = [];
for (let at = 0; at < corpus.length; ) {
  const node = readNode(corpus, at);
  certificates.push(corpus.subarray(node.start, node.end));
  at = node.end;
}

/** Every field `uccert show` prints, the uccert way. */
function viaUccert(der: Uint8Array): number {
  return parseCertificate(der).alternativeNames.length;
}

/** The same facts as far as Node's X509Certificate exposes them (no key usage, no CDP). */
function viaNodeX509(der: Uint8Array): number {
  const c = new X509Certificate(der);
  const names = (c.subjectAltName ?? '').split(', ').filter((n) => n.startsWith('DNS:'));
  void [
    c.subject,
    c.issuer,
    c.serialNumber,
    c.validFrom,
    c.validTo,
    c.fingerprint,
    c.fingerprint256,
    c.keyUsage,
  ];
  void c.publicKey.asymmetricKeyDetails;
  return names.length;
}

const parse = mode === 'node-x509' ? viaNodeX509 : viaUccert;
let names = 0;
const start = performance.now();
for (let r = 0; r < rounds; r++) for (const der of certificates) names += parse(der);
const seconds = (performance.now() - start) / 1000;
const count = certificates.length * rounds;
console.log(
  JSON.stringify({
    certificates: count,
    dnsNames: names,
    seconds: Number(seconds.toFixed(4)),
    perSecond: Math.round(count / seconds),
    maxRssKb: process.resourceUsage().maxRSS,
  }),
);
