// Reads PKCS#12 (PFX/P12, RFC 7292) files into certificates and decrypted PKCS#8 keys; the writer
// is in pkcs12-build.ts. Hand-written because Node has no PKCS#12 API, node-forge cannot read EC
// keys, and pkijs handles only PBES2, not the legacy PKCS#12 PBE (3DES key bag, RC2-40 cert bag)
// that Windows and `openssl pkcs12 -legacy` still write.

import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  childrenAtLeast,
  childrenOf,
  contentOf,
  DerError,
  type DerNode,
  encodingOf,
  expectNode,
  readNode,
  readOid,
  readSmallInteger,
  readString,
  Tag,
  toHex,
} from './der.js';
import { concatBytes } from './der-writer.js';
import { normalizeBer } from './pkcs12-ber.js';
import { KdfBudget, Pkcs12Error } from './pkcs12-error.js';
import {
  derivePkcs12Key,
  encodePkcs12Password,
  type Pkcs12KdfHash,
  Pkcs12KeyPurpose,
  pkcs12KdfHashes,
} from './pkcs12-kdf.js';
import { macDigestOids, pkcs12Oids as oids } from './pkcs12-oids.js';
import {
  type BagCipher,
  DecryptionFailed,
  type PasswordForms,
  parseBagCipher,
  readCount,
} from './pkcs12-pbe.js';

export { buildPkcs12, type Pkcs12BuildInput } from './pkcs12-build.js';
export { Pkcs12Error, type Pkcs12FailureReason } from './pkcs12-error.js';

export interface Pkcs12Certificate {
  der: Uint8Array;
  friendlyName: string | null;
  /** Uppercase hex. */
  localKeyId: string | null;
}

export interface Pkcs12Key {
  /** Decrypted PKCS#8 PrivateKeyInfo, DER. */
  pkcs8: Uint8Array;
  friendlyName: string | null;
  /** Uppercase hex. */
  localKeyId: string | null;
}

export interface Pkcs12Contents {
  certificates: Pkcs12Certificate[];
  keys: Pkcs12Key[];
  /** The MAC's digest, e.g. 'sha256'; null when the file has no MAC. */
  macAlgorithm: string | null;
  /** What protected the bags, in order of first appearance, e.g. ['PBES2 AES-256-CBC PBKDF2-HMAC-SHA256']. */
  encryption: string[];
}

/** A safeContentsBag may nest SafeContents; real files nest once at most. */
const maxBagNesting = 8;

interface ReadState {
  /** Password encodings to try, the one that verified the MAC first. */
  candidates: PasswordForms[];
  passwordGiven: boolean;
  macVerified: boolean;
  budget: KdfBudget;
  contents: Pkcs12Contents;
}

/**
 * Parses a PFX and decrypts its bags with `password`. `undefined` means none was given: then, as
 * OpenSSL's PKCS12_parse does, the empty password is tried both as zero bytes and as the lone
 * BMPString terminator, since Windows and OpenSSL disagree on which "empty" means.
 * Throws only Pkcs12Error.
 */
export function parsePkcs12(bytes: Uint8Array, password: string | undefined): Pkcs12Contents {
  try {
    return readPfx(bytes, password);
  } catch (error) {
    if (error instanceof DerError) {
      throw new Pkcs12Error('malformed', `not a readable PKCS#12 file: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function passwordCandidates(password: string | undefined): PasswordForms[] {
  if (password === undefined || password === '') {
    const utf8 = new Uint8Array(0);
    return [
      { bmp: encodePkcs12Password(null), utf8 },
      { bmp: encodePkcs12Password(''), utf8 },
    ];
  }
  return [{ bmp: encodePkcs12Password(password), utf8: new TextEncoder().encode(password) }];
}

function passwordFailure(state: ReadState, what: string): Pkcs12Error {
  return state.passwordGiven
    ? new Pkcs12Error('wrong-password', `the password does not open ${what}`)
    : new Pkcs12Error('password-required', `${what} is protected by a password, and none was given`);
}

function readPfx(bytes: Uint8Array, password: string | undefined): Pkcs12Contents {
  // Bytes after the PFX are ignored, as OpenSSL's d2i_PKCS12 ignores them.
  const { der } = normalizeBer(bytes);
  const pfx = expectNode(der, 0, der.length, Tag.sequence, 'PFX');
  // RFC 7292 §4: PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }
  const [versionNode, authSafeNode, macNode] = childrenAtLeast(der, pfx, 2, 'PFX');
  const version = readSmallInteger(der, versionNode!);
  if (version !== 3) throw new Pkcs12Error('unsupported', `PFX version ${version} is not 3 (RFC 7292 §4)`);
  const authSafe = readContentInfo(der, authSafeNode!, 'authSafe');
  if (authSafe.type === oids.signedData) {
    throw new Pkcs12Error(
      'unsupported',
      'the PFX uses public-key integrity mode (signedData), which uccert cannot read',
    );
  }
  if (authSafe.type !== oids.data) throw new DerError(`authSafe content type ${authSafe.type} is not data`);
  const authSafeOctets = readDataOctets(der, authSafe.content, 'authSafe');

  const state: ReadState = {
    candidates: passwordCandidates(password),
    passwordGiven: password !== undefined,
    macVerified: false,
    budget: new KdfBudget(),
    contents: { certificates: [], keys: [], macAlgorithm: null, encryption: [] },
  };
  if (macNode !== undefined) verifyMac(der, macNode, authSafeOctets, state);

  // AuthenticatedSafe ::= SEQUENCE OF ContentInfo (each data, encryptedData or envelopedData).
  const authenticatedSafe = readWholeDer(authSafeOctets, 'AuthenticatedSafe');
  for (const infoNode of childrenOf(authenticatedSafe, readNode(authenticatedSafe, 0))) {
    const info = readContentInfo(authenticatedSafe, infoNode, 'AuthenticatedSafe entry');
    switch (info.type) {
      case oids.data:
        readSafeContents(
          readWholeDer(readDataOctets(authenticatedSafe, info.content, 'SafeContents'), 'SafeContents'),
          state,
          0,
        );
        break;
      case oids.encryptedData:
        readSafeContents(readEncryptedData(authenticatedSafe, info.content, state), state, 0);
        break;
      case oids.envelopedData:
        throw new Pkcs12Error('unsupported', 'the PFX encrypts its contents to a public key (envelopedData)');
      default:
        throw new Pkcs12Error(
          'unsupported',
          `the PFX holds content of type ${info.type}, which uccert does not know`,
        );
    }
  }
  return state.contents;
}

/** ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY OPTIONAL } (RFC 5652 §3). */
function readContentInfo(
  bytes: Uint8Array,
  node: DerNode,
  what: string,
): { type: string; content: DerNode | undefined } {
  if (node.tag !== Tag.sequence) throw new DerError(`${what} is not a SEQUENCE`);
  const [typeNode, wrapper] = childrenAtLeast(bytes, node, 1, what);
  const type = readOid(bytes, typeNode!);
  if (wrapper === undefined) return { type, content: undefined };
  if (wrapper.tag !== 0xa0) throw new DerError(`${what} content is not [0] EXPLICIT`);
  return { type, content: readNode(bytes, wrapper.contentStart, wrapper.end) };
}

function readDataOctets(bytes: Uint8Array, content: DerNode | undefined, what: string): Uint8Array {
  if (content?.tag !== Tag.octetString) throw new DerError(`${what} data is not an OCTET STRING`);
  return contentOf(bytes, content);
}

/** One DER element filling `bytes` exactly (BER converted), as decrypted or nested content must be. */
function readWholeDer(bytes: Uint8Array, what: string): Uint8Array {
  const { der, end } = normalizeBer(bytes);
  if (end !== bytes.length) throw new DerError(`${what} has ${bytes.length - end} bytes after its end`);
  if (der[0] !== Tag.sequence) throw new DerError(`${what} is not a SEQUENCE`);
  return der;
}

/** RFC 7292 §4: MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }. */
function verifyMac(bytes: Uint8Array, node: DerNode, authSafeOctets: Uint8Array, state: ReadState): void {
  if (node.tag !== Tag.sequence) throw new DerError('macData is not a SEQUENCE');
  const [digestInfo, saltNode, iterNode] = childrenAtLeast(bytes, node, 2, 'macData');
  if (digestInfo!.tag !== Tag.sequence) throw new DerError('macData DigestInfo is not a SEQUENCE');
  const [algorithm, digestNode] = childrenAtLeast(bytes, digestInfo!, 2, 'macData DigestInfo');
  if (algorithm!.tag !== Tag.sequence) throw new DerError('MAC algorithm is not a SEQUENCE');
  const [oidNode] = childrenAtLeast(bytes, algorithm!, 1, 'MAC algorithm');
  const oid = readOid(bytes, oidNode!);
  if (oid === oids.pbmac1)
    throw new Pkcs12Error('unsupported', 'the PFX MAC is PBMAC1 (RFC 9579), which uccert cannot check yet');
  const hash: Pkcs12KdfHash | undefined = (macDigestOids as Readonly<Record<string, Pkcs12KdfHash>>)[oid];
  if (hash === undefined)
    throw new Pkcs12Error('unsupported', `the PFX MAC uses digest ${oid}, which uccert does not know`);
  const expected = contentOf(
    bytes,
    expectNode(bytes, digestNode!.start, digestInfo!.end, Tag.octetString, 'MAC'),
  );
  const salt = contentOf(bytes, expectNode(bytes, saltNode!.start, node.end, Tag.octetString, 'MAC salt'));
  const iterations = iterNode === undefined ? 1 : readCount(bytes, iterNode, 'MAC iteration count');
  const { u } = pkcs12KdfHashes[hash];
  if (expected.length !== u) throw new DerError(`the ${hash} MAC is ${expected.length} bytes, not ${u}`);
  state.contents.macAlgorithm = hash;

  for (const candidate of state.candidates) {
    state.budget.spend(iterations, 1, 'the MAC');
    const key = derivePkcs12Key(hash, candidate.bmp, salt, Pkcs12KeyPurpose.mac, iterations, u);
    const actual = createHmac(hash, key).update(authSafeOctets).digest();
    if (timingSafeEqual(actual, expected)) {
      state.macVerified = true;
      state.candidates = [candidate, ...state.candidates.filter((c) => c !== candidate)];
      return;
    }
  }
  throw passwordFailure(state, 'the PFX');
}

/**
 * EncryptedData ::= SEQUENCE { version, EncryptedContentInfo ::= SEQUENCE { contentType,
 * contentEncryptionAlgorithm, encryptedContent [0] IMPLICIT OCTET STRING OPTIONAL } } (RFC 5652 §8, §6.1).
 */
function readEncryptedData(bytes: Uint8Array, content: DerNode | undefined, state: ReadState): Uint8Array {
  if (content?.tag !== Tag.sequence) throw new DerError('encryptedData is not a SEQUENCE');
  const [, eci] = childrenAtLeast(bytes, content, 2, 'encryptedData');
  if (eci!.tag !== Tag.sequence) throw new DerError('EncryptedContentInfo is not a SEQUENCE');
  const [, algorithm, encrypted] = childrenAtLeast(bytes, eci!, 2, 'EncryptedContentInfo');
  if (algorithm!.tag !== Tag.sequence) throw new DerError('encryptedData algorithm is not a SEQUENCE');
  if (encrypted === undefined) throw new DerError('encryptedData has no encrypted content');
  let ciphertext: Uint8Array;
  if (encrypted.tag === 0x80) {
    ciphertext = contentOf(bytes, encrypted);
  } else if (encrypted.tag === 0xa0) {
    // BER writers chunk it: a constructed [0] of OCTET STRING segments (X.690 §8.7.3).
    ciphertext = concatBytes(
      childrenOf(bytes, encrypted).map((part) =>
        contentOf(
          bytes,
          expectNode(bytes, part.start, encrypted.end, Tag.octetString, 'encrypted content segment'),
        ),
      ),
    );
  } else {
    throw new DerError('encryptedData content is not [0] IMPLICIT OCTET STRING');
  }
  const cipher = parseBagCipher(bytes, algorithm!, 'the certificate bag');
  return decryptBag(cipher, ciphertext, state, 'the certificate bag', 'SafeContents');
}

/** Tries each password form; the decrypted bytes must be one whole DER SEQUENCE. */
function decryptBag(
  cipher: BagCipher,
  ciphertext: Uint8Array,
  state: ReadState,
  what: string,
  inner: string,
): Uint8Array {
  let paddedButGarbled: DerError | undefined;
  for (const candidate of state.candidates) {
    let plain: Uint8Array;
    try {
      plain = cipher.decrypt(candidate, ciphertext, state.budget);
    } catch (error) {
      if (error instanceof DecryptionFailed) continue;
      throw error;
    }
    try {
      const der = readWholeDer(plain, `decrypted ${inner}`);
      if (!state.contents.encryption.includes(cipher.description))
        state.contents.encryption.push(cipher.description);
      return der;
    } catch (error) {
      // The padding can come out right by chance (about 1 in 256) with a wrong key.
      if (!(error instanceof DerError)) throw error;
      paddedButGarbled = error;
    }
  }
  // With a verified MAC the password is right, so content that decrypts to garbage is broken.
  if (state.macVerified && paddedButGarbled !== undefined) throw paddedButGarbled;
  throw passwordFailure(state, what);
}

/** SafeContents ::= SEQUENCE OF SafeBag; SafeBag ::= SEQUENCE { bagId, bagValue [0] EXPLICIT, bagAttributes SET OPTIONAL }. */
function readSafeContents(bytes: Uint8Array, state: ReadState, depth: number): void {
  if (depth > maxBagNesting) throw new DerError(`SafeContents nested deeper than ${maxBagNesting}`);
  for (const bag of childrenOf(bytes, readNode(bytes, 0))) {
    if (bag.tag !== Tag.sequence) throw new DerError(`SafeBag at offset ${bag.start} is not a SEQUENCE`);
    const [idNode, wrapper, attributes] = childrenAtLeast(bytes, bag, 2, 'SafeBag');
    const bagId = readOid(bytes, idNode!);
    if (wrapper!.tag !== 0xa0)
      throw new DerError(`SafeBag value at offset ${wrapper!.start} is not [0] EXPLICIT`);
    const value = readNode(bytes, wrapper!.contentStart, wrapper!.end);
    const { friendlyName, localKeyId } = readBagAttributes(bytes, attributes);
    switch (bagId) {
      case oids.keyBag:
        if (value.tag !== Tag.sequence) throw new DerError('keyBag is not a PrivateKeyInfo SEQUENCE');
        state.contents.keys.push({ pkcs8: encodingOf(bytes, value).slice(), friendlyName, localKeyId });
        break;
      case oids.pkcs8ShroudedKeyBag: {
        // EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm, encryptedData OCTET STRING } (RFC 5958 §3)
        if (value.tag !== Tag.sequence) throw new DerError('pkcs8ShroudedKeyBag is not a SEQUENCE');
        const [algorithm, data] = childrenAtLeast(bytes, value, 2, 'EncryptedPrivateKeyInfo');
        if (algorithm!.tag !== Tag.sequence) throw new DerError('key bag algorithm is not a SEQUENCE');
        const ciphertext = contentOf(
          bytes,
          expectNode(bytes, data!.start, value.end, Tag.octetString, 'key bag'),
        );
        const cipher = parseBagCipher(bytes, algorithm!, 'the key bag');
        const pkcs8 = decryptBag(cipher, ciphertext, state, 'the key bag', 'PrivateKeyInfo');
        state.contents.keys.push({ pkcs8: pkcs8.slice(), friendlyName, localKeyId });
        break;
      }
      case oids.certBag: {
        // CertBag ::= SEQUENCE { certId, certValue [0] EXPLICIT OCTET STRING }; only X.509 (not SDSI).
        if (value.tag !== Tag.sequence) throw new DerError('certBag is not a SEQUENCE');
        const [certId, certWrapper] = childrenAtLeast(bytes, value, 2, 'CertBag');
        if (readOid(bytes, certId!) !== oids.x509Certificate) break;
        if (certWrapper!.tag !== 0xa0) throw new DerError('certBag value is not [0] EXPLICIT');
        const octets = expectNode(
          bytes,
          certWrapper!.contentStart,
          certWrapper!.end,
          Tag.octetString,
          'certBag',
        );
        const der = contentOf(bytes, octets);
        const certificate = readNode(der, 0);
        if (certificate.tag !== Tag.sequence || certificate.end !== der.length) {
          throw new DerError('certBag does not hold one DER certificate');
        }
        state.contents.certificates.push({ der: der.slice(), friendlyName, localKeyId });
        break;
      }
      case oids.safeContentsBag:
        if (value.tag !== Tag.sequence) throw new DerError('safeContentsBag is not a SEQUENCE');
        readSafeContents(encodingOf(bytes, value), state, depth + 1);
        break;
      default:
        // crlBag, secretBag and private bag types carry nothing uccert shows.
        break;
    }
  }
}

/** PKCS#9 friendlyName (BMPString) and localKeyId (OCTET STRING), RFC 2985 §5.5.1–2. */
function readBagAttributes(
  bytes: Uint8Array,
  attributes: DerNode | undefined,
): { friendlyName: string | null; localKeyId: string | null } {
  let friendlyName: string | null = null;
  let localKeyId: string | null = null;
  if (attributes === undefined) return { friendlyName, localKeyId };
  if (attributes.tag !== Tag.set) throw new DerError('SafeBag attributes are not a SET');
  for (const attribute of childrenOf(bytes, attributes)) {
    if (attribute.tag !== Tag.sequence) throw new DerError('SafeBag attribute is not a SEQUENCE');
    const [typeNode, values] = childrenAtLeast(bytes, attribute, 2, 'SafeBag attribute');
    if (values!.tag !== Tag.set) throw new DerError('SafeBag attribute values are not a SET');
    const first = childrenOf(bytes, values!)[0];
    if (first === undefined) continue;
    switch (readOid(bytes, typeNode!)) {
      case oids.friendlyName:
        // Some Windows exports end the name with a NUL (the C string terminator); it is not part of it.
        friendlyName = readString(bytes, first).replace(/\u0000+$/, '');
        break;
      case oids.localKeyId:
        if (first.tag !== Tag.octetString) throw new DerError('localKeyId is not an OCTET STRING');
        localKeyId = toHex(contentOf(bytes, first));
        break;
      default:
        break;
    }
  }
  return { friendlyName, localKeyId };
}
