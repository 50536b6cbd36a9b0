// Object identifiers of the PKCS#12 container (RFC 7292 §4 and Appendix D), its CMS content types
// (RFC 5652 §4–§8) and the PKCS#9 bag attributes (RFC 2985 §5.5), shared by reader and writer.

export const pkcs12Oids = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  /** RFC 9579 PBMAC1, which OpenSSL 3.4+ can write with `-pbmac1_pbkdf2`. */
  pbmac1: '1.2.840.113549.1.5.14',
} as const;

/** Digest algorithms a PFX MAC names (RFC 7292 §4: the MAC key comes from the B.2 KDF). */
export const macDigestOids = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
} as const;
