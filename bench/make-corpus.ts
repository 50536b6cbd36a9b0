// Builds the benchmark corpus: 10,000 CA-issued certificates with 5–40 DNS SANs each (plus a
// few IP/e-mail entries), RSA-2048 and P-256 keys, CDP/AIA/EKU like a Lync server certificate.
// Written once to bench/out/corpus.der (concatenated DER) and reused by every run.
// @peculiar/x509 builds them: a general-purpose builder is fine here, speed is not measured.

import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const rsa = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const ec = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export async function makeCorpus(dir: string, count: number): Promise<string> {
  const path = `${dir}/corpus.der`;
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const caKeys = await webcrypto.subtle.generateKey(rsa, false, ['sign', 'verify']);
  const leafKeys: webcrypto.CryptoKeyPair[] = [];
  for (let i = 0; i < 8; i++)
    leafKeys.push(await webcrypto.subtle.generateKey(i % 4 === 3 ? ec : rsa, false, ['sign', 'verify']));
  const caName = 'CN=Bench Issuing CA, O=uccert bench, C=US';
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const sanCount = 5 + (i % 36);
    const names: x509.JsonGeneralName[] = [];
    for (let n = 0; n < sanCount; n++)
      names.push({ type: 'dns', value: `host${n}-${i}.pool${i % 97}.contoso.com` });
    if (i % 5 === 0) names.push({ type: 'ip', value: `10.${i % 250}.${n8(i)}.1` });
    if (i % 7 === 0) names.push({ type: 'email', value: `admin${i}@contoso.com` });
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: (0x1000000 + i).toString(16),
      subject: `CN=server${i}.contoso.net, OU=Lync, O=Contoso, L=Redmond, ST=WA, C=US`,
      issuer: caName,
      notBefore: new Date(Date.UTC(2026, 0, 1 + (i % 200))),
      notAfter: new Date(Date.UTC(2027, 0, 1 + (i % 200))),
      signingAlgorithm: rsa,
      publicKey: leafKeys[i % leafKeys.length]!.publicKey,
      signingKey: caKeys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([
          x509.ExtendedKeyUsage.serverAuth,
          x509.ExtendedKeyUsage.clientAuth,
        ]),
        new x509.SubjectAlternativeNameExtension(names),
        new x509.Extension('2.5.29.31', false, cdp(`http://pki.contoso.net/crl/issuing-${i % 3}.crl`)),
      ],
    });
    parts.push(Buffer.from(cert.rawData));
  }
  writeFileSync(path, Buffer.concat(parts));
  const first = parts[0]!;
  writeFileSync(
    `${dir}/one.pem`,
    `-----BEGIN CERTIFICATE-----\n${first.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`,
  );
  return path;
}

function n8(i: number): number {
  return (i >> 8) & 255;
}

/** CRLDistributionPoints with one full-name URI (RFC 5280 §4.2.1.13), encoded by hand. */
function cdp(url: string): ArrayBuffer {
  const uri = Buffer.concat([Buffer.from([0x86, url.length]), Buffer.from(url, 'ascii')]);
  const fullName = Buffer.concat([Buffer.from([0xa0, uri.length]), uri]);
  const dpName = Buffer.concat([Buffer.from([0xa0, fullName.length]), fullName]);
  const dp = Buffer.concat([Buffer.from([0x30, dpName.length]), dpName]);
  const seq = Buffer.concat([Buffer.from([0x30, dp.length]), dp]);
  return seq.buffer.slice(seq.byteOffset, seq.byteOffset + seq.length);
}

if (process.argv[1]?.endsWith('make-corpus.js')) {
  const started = performance.now();
  const path = await makeCorpus(process.argv[2] ?? 'bench/out', Number(process.argv[3] ?? 10000));
  console.log(`${path} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
