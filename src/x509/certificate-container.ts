// Reads any certificate file uccert accepts, recognised by its content and not its name: PEM
// (many blocks, text between), DER certificate, PFX/P12, P7B (PEM, DER or BER), PKCS#10 CSR (PEM
// or DER), X.509 CRL (PEM or DER), bare base64. Returns everything in it; bad bytes become one
// input error naming the file, and files that are something else (an OCSP response, a
// certificate pair, an S/MIME message) are named as what they are.

import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { inputError, type UccertError } from '../errors.js';
import { parseCertificate } from './certificate.js';
import type { CertificateFacts } from './certificate-facts.js';
import {
  type CertificateListFacts,
  looksLikeCertificateList,
  parseCertificateList,
} from './certificate-list.js';
import {
  type CertificateRequestFacts,
  looksLikeCertificateRequest,
  parseCertificateRequest,
} from './certificate-request.js';
import { type ChainOrder, orderChain } from './chain.js';
import { DerError, readNode } from './der.js';
import { looksLikePem, type PemBlock, parseBareBase64, parsePem } from './pem.js';
import { looksLikePkcs7, parsePkcs7Certificates } from './pkcs7.js';
import { parsePkcs12 } from './pkcs12.js';
import { Pkcs12Error, type Pkcs12FailureReason } from './pkcs12-error.js';
import {
  findCertificateForKey,
  type PrivateKeyEncoding,
  publicKeyOfPrivateKey,
} from './private-key-match.js';

export type ContainerFormat = 'pem' | 'der' | 'pfx' | 'p7b' | 'csr' | 'crl';
/** `ber`: a P7B whose envelope uses BER's indefinite lengths (the certificates inside are DER). */
export type ContainerEncoding = 'pem' | 'der' | 'ber' | 'base64';

export interface ContainedCertificate {
  readonly der: Uint8Array;
  readonly facts: CertificateFacts;
  /** The PFX friendlyName attribute (what Windows shows as "Friendly Name"), or null. */
  readonly friendlyName: string | null;
}

export type ContainedKeyKind = PrivateKeyEncoding | 'encrypted';

export interface ContainedKey {
  readonly kind: ContainedKeyKind;
  readonly friendlyName: string | null;
  /** Position in `certificates` of the certificate this key belongs to, or null. */
  readonly certificate: number | null;
}

export interface PfxProtection {
  readonly macAlgorithm: string | null;
  readonly encryption: readonly string[];
}

export interface CertificateContainer {
  /** The path as given, or `stdin`. */
  readonly source: string;
  readonly format: ContainerFormat;
  readonly encoding: ContainerEncoding;
  readonly certificates: readonly ContainedCertificate[];
  readonly requests: readonly CertificateRequestFacts[];
  /** X.509 CRLs (DER files and PEM "X509 CRL" blocks). */
  readonly crls: readonly CertificateListFacts[];
  readonly keys: readonly ContainedKey[];
  /** Order and who signed whom, when there are two or more certificates. */
  readonly chain: ChainOrder | null;
  readonly protection: PfxProtection | null;
  /** PEM blocks present but not shown (public keys, …), by label. */
  readonly ignored: readonly string[];
}

export interface ContainerOptions {
  readonly source: string;
  readonly password?: string | undefined;
}

interface Contents {
  certificates: { der: Uint8Array; friendlyName: string | null; origin: string }[];
  requests: CertificateRequestFacts[];
  crls: CertificateListFacts[];
  keys: {
    kind: ContainedKeyKind;
    friendlyName: string | null;
    publicKey: KeyObject | null;
    localKeyId: string | null;
  }[];
  certificateKeyIds: (string | null)[];
  ignored: string[];
  protection: PfxProtection | null;
}

function emptyContents(): Contents {
  return {
    certificates: [],
    requests: [],
    crls: [],
    keys: [],
    certificateKeyIds: [],
    ignored: [],
    protection: null,
  };
}

const readableFormats = 'uccert reads PEM, DER, PFX/P12, P7B and CSR files';

/** Parses the bytes of one certificate file. Throws UccertError (exit 2) on anything unreadable. */
export function parseCertificateContainer(
  bytes: Uint8Array,
  options: ContainerOptions,
): CertificateContainer {
  const { source } = options;
  if (bytes.length === 0) {
    throw inputError('EMPTY_FILE', `"${source}" is empty`, `give a certificate file; ${readableFormats}`);
  }
  try {
    return describe(bytes, options);
  } catch (error) {
    if (error instanceof DerError) {
      throw inputError(
        'BAD_CERTIFICATE_FILE',
        `"${source}" is damaged or not a certificate file: ${error.message}`,
        `export or download it again (a truncated copy or a text editor's line-end change breaks it); ${readableFormats}`,
        error,
      );
    }
    if (error instanceof Pkcs12Error) throw pfxError(source, error.reason, error.message, error);
    throw error;
  }
}

const pfxMessages: Readonly<
  Record<Pkcs12FailureReason, (source: string, detail: string) => [string, string]>
> = {
  'password-required': (s) => [
    `"${s}" is a PFX protected by a password`,
    'give its password with --password',
  ],
  'wrong-password': (s) => [
    `the password does not open "${s}" (the PFX's integrity check fails with it)`,
    'check the password given with --password (it is case-sensitive)',
  ],
  'password-not-needed': (s) => [
    `"${s}" is a PFX without a password: it opens with none, not with the password given`,
    'drop --password',
  ],
  malformed: (s, d) => [
    `"${s}" is a damaged PFX: ${d}`,
    'export it again from the certificate store (Export-PfxCertificate or the MMC export wizard)',
  ],
  unsupported: (s, d) => [
    `"${s}" uses a PFX protection uccert cannot read: ${d}`,
    'export it again with AES-256/SHA-256 (Windows: Export-PfxCertificate -CryptoAlgorithmOption AES256_SHA256)',
  ],
};

function pfxError(source: string, reason: Pkcs12FailureReason, detail: string, cause: unknown): UccertError {
  const [message, hint] = pfxMessages[reason](source, detail);
  return inputError(`PFX_${reason.toUpperCase().replaceAll('-', '_')}`, message, hint, cause);
}

/** PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, … } (RFC 7292 §4), DER or BER. */
function looksLikePfx(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0x30 || bytes.length < 8) return false;
  const lengthByte = bytes[1]!;
  const headerLength = lengthByte < 0x80 ? 2 : lengthByte === 0x80 ? 2 : 2 + (lengthByte & 0x7f);
  return bytes[headerLength] === 0x02 && bytes[headerLength + 1] === 0x01 && bytes[headerLength + 2] === 0x03;
}

/**
 * The bytes without a text byte-order mark, UTF-16 turned into single bytes. Windows writes
 * them around PEM text: a UTF-8 BOM (Notepad, Windows PowerShell's Out-File -Encoding UTF8)
 * or UTF-16LE (Windows PowerShell's `>` redirection). openssl skips the UTF-8 one. DER never
 * starts with these bytes (it starts with 0x30), so only text is changed.
 */
function withoutByteOrderMark(bytes: Uint8Array): Uint8Array {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return bytes.subarray(3);
  const utf16 = a === 0xff && b === 0xfe ? 'le' : a === 0xfe && b === 0xff ? 'be' : null;
  if (utf16 === null) return bytes;
  const units = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
  if (utf16 === 'be') units.swap16();
  // PEM is ASCII: characters past U+00FF (only possible in text around the blocks) become '?'.
  return new Uint8Array(Buffer.from(units.toString('utf16le').replace(/[^\u0000-\u00ff]/g, '?'), 'latin1'));
}

function describe(input: Uint8Array, options: ContainerOptions): CertificateContainer {
  const bytes = withoutByteOrderMark(input);
  if (looksLikePfx(bytes)) return assemble(options.source, 'pfx', 'der', readPfx(bytes, options.password));
  if (looksLikePem(bytes)) return describePem(bytes, options);
  if (bytes[0] === 0x30) return describeDer(bytes, 'der', options.source);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (looksLikeSmime(text)) throw notACertificate(options.source, 'smime');
  const decoded = parseBareBase64(text);
  if (decoded !== null && decoded[0] === 0x30) {
    if (looksLikePfx(decoded))
      return assemble(options.source, 'pfx', 'base64', readPfx(decoded, options.password));
    return describeDer(decoded, 'base64', options.source);
  }
  throw inputError(
    'NOT_A_CERTIFICATE_FILE',
    `"${options.source}" is not a certificate file: it is neither PEM text nor DER, PFX, P7B or CSR`,
    `check that you named the right file; ${readableFormats}`,
  );
}

/** MIME headers of a PKCS#7 message (RFC 8551 §3): `Content-Type: application/pkcs7-mime` or multipart/signed. */
function looksLikeSmime(text: string): boolean {
  const head = text.slice(0, 4096);
  return /^(MIME-Version|Content-Type):/im.test(head) && /pkcs7-(mime|signature)/i.test(head);
}

type ForeignKind = 'ocsp' | 'pair' | 'smime';

/** Files that look like certificates to a user but are something else, and what to do with them. */
const foreignFiles: Readonly<Record<ForeignKind, (source: string) => readonly [string, string]>> = {
  ocsp: (s) => [
    `"${s}" is an OCSP response, not a certificate`,
    `to read its status and the certificates it carries, run: openssl ocsp -respin ${s} -resp_text -noverify`,
  ],
  pair: (s) => [
    `"${s}" is an X.509 certificate pair (a forward and a reverse cross-certificate), not a certificate`,
    'export each cross-certificate on its own (a .cer or .pem file) and show that; uccert reads certificates, not pairs',
  ],
  smime: (s) => [
    `"${s}" is an S/MIME message, not a certificate`,
    `to show the certificates it carries, run: openssl smime -pk7out -in ${s} -out ${s}.p7b && uccert show ${s}.p7b`,
  ],
};

function notACertificate(source: string, kind: ForeignKind): UccertError {
  const [message, hint] = foreignFiles[kind](source);
  return inputError('NOT_A_CERTIFICATE_FILE', message, hint);
}

/**
 * OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, … } (RFC 6960 §4.2.1); CertificatePair
 * ::= SEQUENCE { forward [0] Certificate OPTIONAL, reverse [1] … } (X.509 §11.2.3). A certificate's
 * first element is a SEQUENCE, so neither is mistaken for one.
 */
function foreignKindOf(der: Uint8Array): ForeignKind | null {
  try {
    const outer = readNode(der, 0);
    const first = readNode(der, outer.contentStart, outer.end);
    if (first.tag === 0x0a) return 'ocsp';
    if (first.tag === 0xa0 || first.tag === 0xa1) {
      return readNode(der, first.contentStart, first.end).tag === 0x30 ? 'pair' : null;
    }
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
  }
  return null;
}

function describeDer(der: Uint8Array, encoding: ContainerEncoding, source: string): CertificateContainer {
  const declared = declaredSize(der);
  if (declared !== null && declared > der.length) {
    throw new DerError(`it is cut off: its DER declares ${declared} bytes but there are only ${der.length}`);
  }
  const contents = emptyContents();
  if (looksLikePkcs7(der)) {
    parsePkcs7Certificates(der).forEach((cert, i) => {
      contents.certificates.push({
        der: cert,
        friendlyName: null,
        origin: `certificate ${i + 1} of the P7B`,
      });
    });
    return assemble(source, 'p7b', encoding === 'der' && der[1] === 0x80 ? 'ber' : encoding, contents);
  }
  if (looksLikeCertificateRequest(der)) {
    contents.requests.push(parseCertificateRequest(der));
    return assemble(source, 'csr', encoding, contents);
  }
  if (looksLikeCertificateList(der)) {
    contents.crls.push(parseCertificateList(der));
    return assemble(source, 'crl', encoding, contents);
  }
  const foreign = foreignKindOf(der);
  if (foreign !== null) throw notACertificate(source, foreign);
  contents.certificates.push({ der, friendlyName: null, origin: 'the certificate' });
  return assemble(source, 'der', encoding, contents);
}

/** The size the first TLV's header declares (tag, length and contents), or null if unreadable. */
function declaredSize(der: Uint8Array): number | null {
  const first = der[1];
  if (first === undefined || first === 0x80) return null;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count > 4 || der.length < 2 + count) return null;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + der[2 + i]!;
  return 2 + count + length;
}

const pemKeyEncodings: Readonly<Partial<Record<PemBlock['kind'], PrivateKeyEncoding>>> = {
  privateKey: 'pkcs8',
  rsaPrivateKey: 'pkcs1',
  ecPrivateKey: 'sec1',
};

function describePem(bytes: Uint8Array, options: ContainerOptions): CertificateContainer {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const blocks = parsePem(text);
  if (blocks.length === 0) throw new DerError('it has a "-----BEGIN" line but no complete PEM block');
  const contents = emptyContents();
  for (const block of blocks) addPemBlock(block, contents, options.password);
  const kinds = new Set(blocks.map((b) => b.kind));
  const only = kinds.size === 1 ? blocks[0]!.kind : null;
  const onlyFormats: Partial<Record<PemBlock['kind'], ContainerFormat>> = {
    request: 'csr',
    pkcs7: 'p7b',
    crl: 'crl',
  };
  const format: ContainerFormat = (only === null ? undefined : onlyFormats[only]) ?? 'pem';
  return assemble(options.source, format, 'pem', contents);
}

function pemOrigin(block: PemBlock): string {
  return `PEM block "${block.label}" at line ${block.line}`;
}

function addPemBlock(block: PemBlock, contents: Contents, password: string | undefined): void {
  const where = (e: unknown): never => {
    if (e instanceof DerError)
      throw new DerError(`PEM block "${block.label}" at line ${block.line}: ${e.message}`);
    throw e;
  };
  switch (block.kind) {
    case 'certificate': {
      // openssl's TRUSTED CERTIFICATE appends trust settings after the certificate: keep the first TLV.
      const first = (() => {
        try {
          return readNode(block.der, 0);
        } catch (e) {
          return where(e);
        }
      })();
      contents.certificates.push({
        der: block.der.subarray(0, first.end),
        friendlyName: null,
        origin: pemOrigin(block),
      });
      return;
    }
    case 'request':
      try {
        contents.requests.push(parseCertificateRequest(block.der));
      } catch (e) {
        where(e);
      }
      return;
    case 'pkcs7':
      try {
        for (const der of parsePkcs7Certificates(block.der)) {
          contents.certificates.push({ der, friendlyName: null, origin: pemOrigin(block) });
        }
      } catch (e) {
        where(e);
      }
      return;
    case 'privateKey':
    case 'rsaPrivateKey':
    case 'ecPrivateKey': {
      const encoding = pemKeyEncodings[block.kind]!;
      if (block.encrypted) {
        contents.keys.push({ kind: 'encrypted', friendlyName: null, publicKey: null, localKeyId: null });
        return;
      }
      contents.keys.push({
        kind: encoding,
        friendlyName: null,
        publicKey: publicKeyOfPrivateKey(block.der, encoding),
        localKeyId: null,
      });
      return;
    }
    case 'encryptedPrivateKey':
      contents.keys.push({
        kind: 'encrypted',
        friendlyName: null,
        publicKey: password === undefined ? null : publicKeyOfEncryptedKey(block.der, password),
        localKeyId: null,
      });
      return;
    case 'crl':
      try {
        contents.crls.push(parseCertificateList(block.der));
      } catch (e) {
        where(e);
      }
      return;
    case 'publicKey':
    case 'other':
      contents.ignored.push(block.label);
      return;
    default: {
      const unreachable: never = block.kind;
      throw new DerError(`unhandled PEM block ${String(unreachable)}`);
    }
  }
}

function publicKeyOfEncryptedKey(der: Uint8Array, passphrase: string): KeyObject | null {
  try {
    const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
    return createPublicKey(createPrivateKey({ key, format: 'der', type: 'pkcs8', passphrase }));
  } catch {
    return null;
  }
}

/**
 * A password given for a PFX exported without one fails its integrity check like a wrong one;
 * trying the empty password tells the two apart, so the user is not sent hunting for a password.
 */
function openPfx(bytes: Uint8Array, password: string | undefined): ReturnType<typeof parsePkcs12> {
  try {
    return parsePkcs12(bytes, password);
  } catch (error) {
    if (!(error instanceof Pkcs12Error) || error.reason !== 'wrong-password') throw error;
    try {
      parsePkcs12(bytes, undefined);
    } catch {
      throw error;
    }
    throw new Pkcs12Error('password-not-needed', 'the PFX opens with no password', { cause: error });
  }
}

function readPfx(bytes: Uint8Array, password: string | undefined): Contents {
  const pfx = openPfx(bytes, password);
  const contents = emptyContents();
  for (const cert of pfx.certificates) {
    contents.certificates.push({
      der: cert.der,
      friendlyName: cert.friendlyName,
      origin: 'a certificate bag of the PFX',
    });
    contents.certificateKeyIds.push(cert.localKeyId);
  }
  for (const key of pfx.keys) {
    contents.keys.push({
      kind: 'pkcs8',
      friendlyName: key.friendlyName,
      publicKey: publicKeyOfPrivateKey(key.pkcs8, 'pkcs8'),
      localKeyId: key.localKeyId,
    });
  }
  contents.protection = { macAlgorithm: pfx.macAlgorithm, encryption: pfx.encryption };
  return contents;
}

function assemble(
  source: string,
  format: ContainerFormat,
  encoding: ContainerEncoding,
  contents: Contents,
): CertificateContainer {
  if (
    contents.certificates.length === 0 &&
    contents.requests.length === 0 &&
    contents.keys.length === 0 &&
    contents.crls.length === 0
  ) {
    const held = contents.ignored.length > 0 ? `only ${contents.ignored.join(', ')}` : 'nothing';
    throw inputError(
      'NO_CERTIFICATE',
      `"${source}" holds no certificate, request or key (it holds ${held})`,
      `give the file with the certificate; ${readableFormats}`,
    );
  }
  const ders = contents.certificates.map((c) => c.der);
  const keys: ContainedKey[] = contents.keys.map((key) => {
    let certificate = key.publicKey === null ? null : findCertificateForKey(key.publicKey, ders);
    // A key node:crypto cannot load may still name its certificate by the PFX localKeyId.
    if (certificate === null && key.localKeyId !== null) {
      const byId = contents.certificateKeyIds.indexOf(key.localKeyId);
      certificate = byId >= 0 ? byId : null;
    }
    return { kind: key.kind, friendlyName: key.friendlyName, certificate };
  });
  const withKey = new Set(keys.map((k) => k.certificate));
  const certificates = contents.certificates.map((cert, i): ContainedCertificate => {
    let facts: CertificateFacts;
    try {
      facts = parseCertificate(cert.der);
    } catch (e) {
      if (e instanceof DerError) throw new DerError(`${cert.origin}: ${e.message}`);
      throw e;
    }
    return {
      der: cert.der,
      friendlyName: cert.friendlyName,
      facts: withKey.has(i) ? { ...facts, hasPrivateKey: true } : facts,
    };
  });
  return {
    source,
    format,
    encoding,
    certificates,
    requests: contents.requests,
    crls: contents.crls,
    keys,
    chain:
      ders.length >= 2
        ? orderChain(
            ders,
            certificates.map((c) => c.facts),
          )
        : null,
    protection: contents.protection,
    ignored: contents.ignored,
  };
}
