// Password-based encryption of PKCS#12 bags: the legacy PKCS#12 PBE schemes (RFC 7292 Appendix C,
// keys from the Appendix B KDF) and PBES2 with PBKDF2 (RFC 8018 §6.2, Appendix A.2 and B).
// Parses an AlgorithmIdentifier into a cipher that decrypts, and encrypts for the writer.

import { createCipheriv, createDecipheriv, pbkdf2Sync } from 'node:crypto';
import {
  childrenAtLeast,
  contentOf,
  DerError,
  type DerNode,
  expectNode,
  readOid,
  readSmallInteger,
  Tag,
} from './der.js';
import {
  concatBytes,
  encodeInteger,
  encodeNull,
  encodeOctetString,
  encodeOid,
  encodeSequence,
} from './der-writer.js';
import { type KdfBudget, Pkcs12Error } from './pkcs12-error.js';
import { derivePkcs12Key, Pkcs12KeyPurpose } from './pkcs12-kdf.js';
import { decryptRc2Cbc, encryptRc2Cbc, Rc2Error } from './rc2.js';

/** One password in the two encodings PKCS#12 uses: B.1 BMPString for the KDF, UTF-8 for PBKDF2. */
export interface PasswordForms {
  readonly bmp: Uint8Array;
  readonly utf8: Uint8Array;
}

/** The key did not decrypt the data (bad padding): a wrong password, not a broken file. */
export class DecryptionFailed extends Error {
  override readonly name = 'DecryptionFailed';
}

export interface BagCipher {
  /** What protected the bag, e.g. 'PBES2 AES-256-CBC PBKDF2-HMAC-SHA256'. */
  readonly description: string;
  /** Throws DecryptionFailed when the password is wrong. */
  decrypt(password: PasswordForms, ciphertext: Uint8Array, budget: KdfBudget): Uint8Array;
}

type NodeCipherName = 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc' | 'des-ede3-cbc' | 'des-ede-cbc';

type BlockCipher =
  | {
      readonly kind: 'node';
      readonly name: NodeCipherName;
      readonly keyLength: number;
      readonly blockSize: number;
    }
  | {
      readonly kind: 'rc2';
      readonly keyLength: number;
      readonly effectiveBits: number;
      readonly blockSize: 8;
    };

const oids = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  pbeWithSha3Des: '1.2.840.113549.1.12.1.3',
  pbeWithShaRc2_40: '1.2.840.113549.1.12.1.6',
} as const;

/** RFC 7292 Appendix C: the PKCS#12 PBE schemes, all keyed with SHA-1 through the B.2 KDF. */
const pkcs12PbeSchemes: Readonly<Record<string, { name: string; cipher: BlockCipher }>> = {
  [oids.pbeWithSha3Des]: {
    name: 'pbeWithSHAAnd3-KeyTripleDES-CBC',
    cipher: { kind: 'node', name: 'des-ede3-cbc', keyLength: 24, blockSize: 8 },
  },
  '1.2.840.113549.1.12.1.4': {
    name: 'pbeWithSHAAnd2-KeyTripleDES-CBC',
    cipher: { kind: 'node', name: 'des-ede-cbc', keyLength: 16, blockSize: 8 },
  },
  '1.2.840.113549.1.12.1.5': {
    name: 'pbeWithSHAAnd128BitRC2-CBC',
    cipher: { kind: 'rc2', keyLength: 16, effectiveBits: 128, blockSize: 8 },
  },
  [oids.pbeWithShaRc2_40]: {
    name: 'pbeWithSHAAnd40BitRC2-CBC',
    cipher: { kind: 'rc2', keyLength: 5, effectiveBits: 40, blockSize: 8 },
  },
};

/** RFC 8018 Appendix B.1.2: the PBKDF2 pseudo-random functions. */
const pbkdf2Prfs: Readonly<Record<string, { hash: string; name: string; outputLength: number }>> = {
  '1.2.840.113549.2.7': { hash: 'sha1', name: 'HMAC-SHA1', outputLength: 20 },
  '1.2.840.113549.2.8': { hash: 'sha224', name: 'HMAC-SHA224', outputLength: 28 },
  [oids.hmacWithSha256]: { hash: 'sha256', name: 'HMAC-SHA256', outputLength: 32 },
  '1.2.840.113549.2.10': { hash: 'sha384', name: 'HMAC-SHA384', outputLength: 48 },
  '1.2.840.113549.2.11': { hash: 'sha512', name: 'HMAC-SHA512', outputLength: 64 },
};

/** RFC 8018 Appendix B.2 (and NIST's AES OIDs): PBES2 encryption schemes whose parameter is the IV. */
const pbes2Ciphers: Readonly<Record<string, { name: string; cipher: BlockCipher }>> = {
  '2.16.840.1.101.3.4.1.2': {
    name: 'AES-128-CBC',
    cipher: { kind: 'node', name: 'aes-128-cbc', keyLength: 16, blockSize: 16 },
  },
  '2.16.840.1.101.3.4.1.22': {
    name: 'AES-192-CBC',
    cipher: { kind: 'node', name: 'aes-192-cbc', keyLength: 24, blockSize: 16 },
  },
  [oids.aes256Cbc]: {
    name: 'AES-256-CBC',
    cipher: { kind: 'node', name: 'aes-256-cbc', keyLength: 32, blockSize: 16 },
  },
  '1.2.840.113549.3.7': {
    name: 'DES-EDE3-CBC',
    cipher: { kind: 'node', name: 'des-ede3-cbc', keyLength: 24, blockSize: 8 },
  },
};
const rc2CbcOid = '1.2.840.113549.3.2';

/** Schemes we recognise but do not implement, named so the message says what the file used. */
const knownUnsupported: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.12.1.1': 'pbeWithSHAAnd128BitRC4',
  '1.2.840.113549.1.12.1.2': 'pbeWithSHAAnd40BitRC4',
  '1.2.840.113549.1.5.1': 'pbeWithMD2AndDES-CBC (PBES1)',
  '1.2.840.113549.1.5.3': 'pbeWithMD5AndDES-CBC (PBES1)',
  '1.2.840.113549.1.5.4': 'pbeWithMD2AndRC2-CBC (PBES1)',
  '1.2.840.113549.1.5.6': 'pbeWithMD5AndRC2-CBC (PBES1)',
  '1.2.840.113549.1.5.10': 'pbeWithSHA1AndDES-CBC (PBES1)',
  '1.2.840.113549.1.5.11': 'pbeWithSHA1AndRC2-CBC (PBES1)',
  '1.3.6.1.4.1.11591.4.11': 'scrypt',
  '1.3.14.3.2.7': 'DES-CBC',
};

function unsupported(what: string, oid: string): Pkcs12Error {
  const name = knownUnsupported[oid];
  return new Pkcs12Error(
    'unsupported',
    `${what} uses ${name ?? `algorithm ${oid}`}, which uccert cannot decrypt`,
  );
}

/**
 * A positive INTEGER count (iterations, key length) from the file. Negative or zero is malformed;
 * anything too large to be sane is left to KdfBudget, which reports it as unsupported.
 */
export function readCount(bytes: Uint8Array, node: DerNode, what: string): number {
  if (node.tag !== Tag.integer || node.end === node.contentStart) {
    throw new DerError(`${what}: expected an INTEGER at offset ${node.start}`);
  }
  if ((bytes[node.contentStart]! & 0x80) !== 0) throw new DerError(`${what} is negative`);
  let from = node.contentStart;
  while (from < node.end - 1 && bytes[from] === 0) from++;
  if (node.end - from > 6) return Number.MAX_SAFE_INTEGER;
  const value = readSmallInteger(bytes, { ...node, contentStart: from });
  if (value === 0) throw new DerError(`${what} is zero`);
  return value;
}

/** Parses the AlgorithmIdentifier that protects a bag (EncryptedPrivateKeyInfo or EncryptedContentInfo). */
export function parseBagCipher(bytes: Uint8Array, algorithm: DerNode, what: string): BagCipher {
  const [oidNode, params] = childrenAtLeast(bytes, algorithm, 1, `${what} algorithm`);
  const oid = readOid(bytes, oidNode!);
  const legacy = pkcs12PbeSchemes[oid];
  if (legacy !== undefined) {
    if (params === undefined) throw new DerError(`${what}: ${legacy.name} has no parameters`);
    return parsePkcs12Pbe(bytes, params, legacy.name, legacy.cipher, what);
  }
  if (oid === oids.pbes2) {
    if (params === undefined) throw new DerError(`${what}: PBES2 has no parameters`);
    return parsePbes2(bytes, params, what);
  }
  throw unsupported(what, oid);
}

/** RFC 7292 Appendix C: pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }. */
function parsePkcs12Pbe(
  bytes: Uint8Array,
  params: DerNode,
  name: string,
  cipher: BlockCipher,
  what: string,
): BagCipher {
  if (params.tag !== Tag.sequence) throw new DerError(`${what}: ${name} parameters are not a SEQUENCE`);
  const [saltNode, iterNode] = childrenAtLeast(bytes, params, 2, `${what} ${name} parameters`);
  const salt = contentOf(
    bytes,
    expectNode(bytes, saltNode!.start, params.end, Tag.octetString, `${what} salt`),
  );
  const iterations = readCount(bytes, iterNode!, `${what} iteration count`);
  return {
    description: name,
    decrypt(password, ciphertext, budget) {
      budget.spend(iterations, 2, `${what} (${name})`);
      const key = derivePkcs12Key(
        'sha1',
        password.bmp,
        salt,
        Pkcs12KeyPurpose.key,
        iterations,
        cipher.keyLength,
      );
      const iv = derivePkcs12Key('sha1', password.bmp, salt, Pkcs12KeyPurpose.iv, iterations, 8);
      return decryptWith(cipher, key, iv, ciphertext, what);
    },
  };
}

/** RFC 8018 Appendix A.4: PBES2-params ::= SEQUENCE { keyDerivationFunc, encryptionScheme }. */
function parsePbes2(bytes: Uint8Array, params: DerNode, what: string): BagCipher {
  if (params.tag !== Tag.sequence) throw new DerError(`${what}: PBES2 parameters are not a SEQUENCE`);
  const [kdf, scheme] = childrenAtLeast(bytes, params, 2, `${what} PBES2 parameters`);
  if (kdf!.tag !== Tag.sequence || scheme!.tag !== Tag.sequence) {
    throw new DerError(`${what}: PBES2 algorithms are not SEQUENCEs`);
  }
  const [kdfOid, kdfParams] = childrenAtLeast(bytes, kdf!, 1, `${what} key derivation function`);
  const kdfOidText = readOid(bytes, kdfOid!);
  if (kdfOidText !== oids.pbkdf2) throw unsupported(`${what} (PBES2 key derivation)`, kdfOidText);
  if (kdfParams?.tag !== Tag.sequence) throw new DerError(`${what}: PBKDF2 parameters are not a SEQUENCE`);

  // RFC 8018 Appendix A.2: PBKDF2-params ::= SEQUENCE { salt CHOICE { specified OCTET STRING,
  // otherSource AlgorithmIdentifier }, iterationCount, keyLength OPTIONAL, prf DEFAULT hmacWithSHA1 }.
  const [saltNode, iterNode, ...rest] = childrenAtLeast(bytes, kdfParams, 2, `${what} PBKDF2 parameters`);
  if (saltNode!.tag !== Tag.octetString) {
    throw new Pkcs12Error(
      'unsupported',
      `${what} takes its PBKDF2 salt from another source, which uccert cannot use`,
    );
  }
  const salt = contentOf(bytes, saltNode!);
  const iterations = readCount(bytes, iterNode!, `${what} iteration count`);
  let keyLength: number | undefined;
  let prf = pbkdf2Prfs['1.2.840.113549.2.7']!;
  for (const node of rest) {
    if (node.tag === Tag.integer && keyLength === undefined) {
      keyLength = readCount(bytes, node, `${what} key length`);
    } else if (node.tag === Tag.sequence) {
      const [prfOid] = childrenAtLeast(bytes, node, 1, `${what} PBKDF2 PRF`);
      const prfOidText = readOid(bytes, prfOid!);
      const known = pbkdf2Prfs[prfOidText];
      if (known === undefined) throw unsupported(`${what} (PBKDF2 PRF)`, prfOidText);
      prf = known;
    } else {
      throw new DerError(`${what}: unexpected element in the PBKDF2 parameters at offset ${node.start}`);
    }
  }

  const [schemeOid, ivNode] = childrenAtLeast(bytes, scheme!, 1, `${what} encryption scheme`);
  const schemeOidText = readOid(bytes, schemeOid!);
  let name: string;
  let cipher: BlockCipher;
  let iv: Uint8Array;
  const known = pbes2Ciphers[schemeOidText];
  if (known !== undefined) {
    ({ name, cipher } = known);
    if (ivNode?.tag !== Tag.octetString) throw new DerError(`${what}: ${name} has no IV`);
    iv = contentOf(bytes, ivNode);
  } else if (schemeOidText === rc2CbcOid) {
    ({ name, cipher, iv } = parseRc2CbcParams(bytes, ivNode, keyLength ?? 16, what));
  } else {
    throw unsupported(`${what} (PBES2 encryption)`, schemeOidText);
  }
  if (iv.length !== cipher.blockSize) throw new DerError(`${what}: ${name} IV is ${iv.length} bytes`);
  if (keyLength !== undefined && keyLength !== cipher.keyLength) {
    throw new DerError(`${what}: PBKDF2 key length ${keyLength} does not fit ${name}`);
  }
  return {
    description: `PBES2 ${name} PBKDF2-${prf.name}`,
    decrypt(password, ciphertext, budget) {
      // RFC 8018 §5.2: PBKDF2 runs `iterations` HMACs for each output-sized block of the key.
      budget.spend(iterations, Math.ceil(cipher.keyLength / prf.outputLength), `${what} (PBKDF2)`);
      const key = pbkdf2Sync(password.utf8, salt, iterations, cipher.keyLength, prf.hash);
      return decryptWith(cipher, key, iv, ciphertext, what);
    },
  };
}

/**
 * RFC 8018 Appendix B.2.3: RC2-CBC-Parameter ::= SEQUENCE { rc2ParameterVersion INTEGER OPTIONAL,
 * iv OCTET STRING }; the version encodes the effective key bits (160 → 40, 120 → 64, 58 → 128,
 * ≥ 256 → itself; absent → 32).
 */
function parseRc2CbcParams(
  bytes: Uint8Array,
  params: DerNode | undefined,
  keyLength: number,
  what: string,
): { name: string; cipher: BlockCipher; iv: Uint8Array } {
  if (params?.tag !== Tag.sequence) throw new DerError(`${what}: RC2-CBC parameters are not a SEQUENCE`);
  const kids = childrenAtLeast(bytes, params, 1, `${what} RC2-CBC parameters`);
  const ivNode = kids[kids.length - 1]!;
  if (ivNode.tag !== Tag.octetString) throw new DerError(`${what}: RC2-CBC has no IV`);
  let effectiveBits = 32;
  if (kids.length > 1) {
    const version = readCount(bytes, kids[0]!, `${what} RC2 parameter version`);
    const byVersion: Readonly<Record<number, number>> = { 160: 40, 120: 64, 58: 128 };
    effectiveBits = byVersion[version] ?? version;
    if (effectiveBits < 256 && byVersion[version] === undefined) {
      throw new Pkcs12Error(
        'unsupported',
        `${what} uses RC2 parameter version ${version}, which uccert does not know`,
      );
    }
  }
  if (keyLength > 128 || effectiveBits > 1024) {
    throw new Pkcs12Error(
      'unsupported',
      `${what} uses an RC2 key of ${keyLength} bytes (${effectiveBits} bits)`,
    );
  }
  return {
    name: `RC2-CBC-${effectiveBits}`,
    cipher: { kind: 'rc2', keyLength, effectiveBits, blockSize: 8 },
    iv: contentOf(bytes, ivNode),
  };
}

function decryptWith(
  cipher: BlockCipher,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
  what: string,
): Uint8Array {
  if (data.length === 0 || data.length % cipher.blockSize !== 0) {
    throw new DerError(
      `${what}: ciphertext of ${data.length} bytes is not whole ${cipher.blockSize}-byte blocks`,
    );
  }
  switch (cipher.kind) {
    case 'rc2':
      try {
        return decryptRc2Cbc(key, cipher.effectiveBits, iv, data);
      } catch (error) {
        if (error instanceof Rc2Error) throw new DecryptionFailed(error.message);
        throw error;
      }
    case 'node': {
      const decipher = createDecipheriv(cipher.name, key, iv);
      const head = decipher.update(data);
      let tail: Uint8Array;
      try {
        tail = decipher.final();
      } catch (error) {
        // OpenSSL's "bad decrypt": the padding did not check out, so the key was wrong.
        throw new DecryptionFailed(error instanceof Error ? error.message : String(error));
      }
      return concatBytes([head, tail]);
    }
  }
}

/** The protections the writer offers: OpenSSL 3's default and its `-legacy` profile. */
export type BagProtection = 'pbes2-aes-256-cbc' | 'pbe-sha1-3des' | 'pbe-sha1-rc2-40';

/** Encrypts a bag; returns the AlgorithmIdentifier to store beside the ciphertext. */
export function encryptBag(
  protection: BagProtection,
  password: PasswordForms,
  plaintext: Uint8Array,
  iterations: number,
  randomBytes: (n: number) => Uint8Array,
): { algorithm: Uint8Array; ciphertext: Uint8Array } {
  // 8-byte salts, as OpenSSL writes (PKCS5_SALT_LEN); RFC 8018 §4.1 asks for at least 64 bits.
  const salt = randomBytes(8);
  switch (protection) {
    case 'pbes2-aes-256-cbc': {
      const iv = randomBytes(16);
      const key = pbkdf2Sync(password.utf8, salt, iterations, 32, 'sha256');
      const ciphertext = encryptWithNode('aes-256-cbc', key, iv, plaintext);
      const pbkdf2 = encodeSequence([
        encodeOid(oids.pbkdf2),
        encodeSequence([
          encodeOctetString(salt),
          encodeInteger(iterations),
          encodeSequence([encodeOid(oids.hmacWithSha256), encodeNull()]),
        ]),
      ]);
      const scheme = encodeSequence([encodeOid(oids.aes256Cbc), encodeOctetString(iv)]);
      return {
        algorithm: encodeSequence([encodeOid(oids.pbes2), encodeSequence([pbkdf2, scheme])]),
        ciphertext,
      };
    }
    case 'pbe-sha1-3des':
    case 'pbe-sha1-rc2-40': {
      const oid = protection === 'pbe-sha1-3des' ? oids.pbeWithSha3Des : oids.pbeWithShaRc2_40;
      const { cipher } = pkcs12PbeSchemes[oid]!;
      const key = derivePkcs12Key(
        'sha1',
        password.bmp,
        salt,
        Pkcs12KeyPurpose.key,
        iterations,
        cipher.keyLength,
      );
      const iv = derivePkcs12Key('sha1', password.bmp, salt, Pkcs12KeyPurpose.iv, iterations, 8);
      const ciphertext =
        cipher.kind === 'rc2'
          ? encryptRc2Cbc(key, cipher.effectiveBits, iv, plaintext)
          : encryptWithNode(cipher.name, key, iv, plaintext);
      const params = encodeSequence([encodeOctetString(salt), encodeInteger(iterations)]);
      return { algorithm: encodeSequence([encodeOid(oid), params]), ciphertext };
    }
  }
}

function encryptWithNode(
  name: NodeCipherName,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  const cipher = createCipheriv(name, key, iv);
  return concatBytes([cipher.update(data), cipher.final()]);
}
