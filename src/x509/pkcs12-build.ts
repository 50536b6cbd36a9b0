// Writes PKCS#12 (PFX) files for `uccert export`: one key and its certificate chain, in OpenSSL 3's
// default profile or its `-legacy` profile (3DES key, RC2-40 certificates, SHA-1 MAC), which
// Windows Server 2016 and older need to import. Randomness is passed in, so the output is testable.

import { createHash, createHmac } from 'node:crypto';
import { expectNode, Tag } from './der.js';
import {
  encodeBmpString,
  encodeExplicit,
  encodeImplicitPrimitive,
  encodeInteger,
  encodeNull,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  encodeSetOf,
} from './der-writer.js';
import { derivePkcs12Key, encodePkcs12Password, Pkcs12KeyPurpose } from './pkcs12-kdf.js';
import { pkcs12Oids as oids } from './pkcs12-oids.js';
import { type BagProtection, encryptBag, type PasswordForms } from './pkcs12-pbe.js';

export interface Pkcs12BuildInput {
  /** PKCS#8 PrivateKeyInfo, DER. */
  key: Uint8Array;
  /** DER certificates, leaf first, then the chain. */
  certificates: Uint8Array[];
  password: string;
  /** Set on the key and the leaf; Windows shows it as the certificate's Friendly Name. */
  friendlyName?: string | undefined;
  profile: 'modern' | 'legacy';
  randomBytes: (n: number) => Uint8Array;
  /** PBE and MAC iterations; OpenSSL's default 2048 when absent. */
  iterations?: number | undefined;
}

/** What each profile uses, as `openssl pkcs12 -export` (3.x) writes it with and without `-legacy`. */
const profiles = {
  modern: { keyBag: 'pbes2-aes-256-cbc', certBag: 'pbes2-aes-256-cbc', mac: 'sha256' },
  legacy: { keyBag: 'pbe-sha1-3des', certBag: 'pbe-sha1-rc2-40', mac: 'sha1' },
} as const satisfies Record<
  string,
  { keyBag: BagProtection; certBag: BagProtection; mac: 'sha1' | 'sha256' }
>;

const macDigestOid = { sha1: '1.3.14.3.2.26', sha256: '2.16.840.1.101.3.4.2.1' } as const;
const macLength = { sha1: 20, sha256: 32 } as const;

export function buildPkcs12(input: Pkcs12BuildInput): Uint8Array {
  const forms: PasswordForms = {
    bmp: encodePkcs12Password(input.password),
    utf8: new TextEncoder().encode(input.password),
  };
  return buildPkcs12WithPasswordForms(input, forms);
}

/**
 * buildPkcs12 with the password already encoded. Exists for tests: it can write the zero-byte
 * "absent" password form, which no string password produces, as some Windows exports do.
 */
export function buildPkcs12WithPasswordForms(
  input: Omit<Pkcs12BuildInput, 'password'>,
  forms: PasswordForms,
): Uint8Array {
  const { key, certificates, friendlyName, profile, randomBytes } = input;
  const iterations = input.iterations ?? 2048;
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new RangeError(`iterations must be ≥ 1, not ${iterations}`);
  }
  const leaf = certificates[0];
  if (leaf === undefined) throw new RangeError('buildPkcs12 needs at least the leaf certificate');
  expectNode(key, 0, key.length, Tag.sequence, 'PKCS#8 key');
  const chosen = profiles[profile];

  // localKeyId = SHA-1 of the leaf certificate, as Windows writes it; it pairs the key with its certificate.
  const leafAttributes = [
    ...(friendlyName === undefined ? [] : [attribute(oids.friendlyName, encodeBmpString(friendlyName))]),
    attribute(oids.localKeyId, encodeOctetString(createHash('sha1').update(leaf).digest())),
  ];

  const certBags = certificates.map((der, i) =>
    safeBag(
      oids.certBag,
      encodeSequence([encodeOid(oids.x509Certificate), encodeExplicit(0, encodeOctetString(der))]),
      i === 0 ? leafAttributes : [],
    ),
  );
  const certs = encryptBag(chosen.certBag, forms, encodeSequence(certBags), iterations, randomBytes);
  const certInfo = contentInfo(
    oids.encryptedData,
    encodeSequence([
      encodeInteger(0),
      encodeSequence([encodeOid(oids.data), certs.algorithm, encodeImplicitPrimitive(0, certs.ciphertext)]),
    ]),
  );

  const shrouded = encryptBag(chosen.keyBag, forms, key, iterations, randomBytes);
  const keyBag = safeBag(
    oids.pkcs8ShroudedKeyBag,
    encodeSequence([shrouded.algorithm, encodeOctetString(shrouded.ciphertext)]),
    leafAttributes,
  );
  const keyInfo = contentInfo(oids.data, encodeOctetString(encodeSequence([keyBag])));

  // RFC 7292 §4: the MAC covers the contents of the authSafe OCTET STRING.
  const authenticatedSafe = encodeSequence([certInfo, keyInfo]);
  const macSalt = randomBytes(8);
  const macKey = derivePkcs12Key(
    chosen.mac,
    forms.bmp,
    macSalt,
    Pkcs12KeyPurpose.mac,
    iterations,
    macLength[chosen.mac],
  );
  const mac = createHmac(chosen.mac, macKey).update(authenticatedSafe).digest();
  const macData = encodeSequence([
    encodeSequence([
      encodeSequence([encodeOid(macDigestOid[chosen.mac]), encodeNull()]),
      encodeOctetString(mac),
    ]),
    encodeOctetString(macSalt),
    encodeInteger(iterations),
  ]);
  return encodeSequence([
    encodeInteger(3),
    contentInfo(oids.data, encodeOctetString(authenticatedSafe)),
    macData,
  ]);
}

function contentInfo(type: string, content: Uint8Array): Uint8Array {
  return encodeSequence([encodeOid(type), encodeExplicit(0, content)]);
}

function safeBag(bagId: string, value: Uint8Array, attributes: readonly Uint8Array[]): Uint8Array {
  return encodeSequence([
    encodeOid(bagId),
    encodeExplicit(0, value),
    ...(attributes.length === 0 ? [] : [encodeSetOf(attributes)]),
  ]);
}

function attribute(type: string, value: Uint8Array): Uint8Array {
  return encodeSequence([encodeOid(type), encodeSetOf([value])]);
}
