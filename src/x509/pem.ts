// PEM (RFC 7468): every `-----BEGIN X-----` … `-----END X-----` block in a text, with any text
// between or around the blocks (openssl `-text` output, Windows "Bag Attributes", mail), CRLF or
// LF line ends, and RFC 1421 headers (Proc-Type, DEK-Info) inside a block, which are skipped.

import { DerError } from './der.js';

export type PemKind =
  | 'certificate'
  | 'request'
  | 'pkcs7'
  | 'privateKey'
  | 'encryptedPrivateKey'
  | 'rsaPrivateKey'
  | 'ecPrivateKey'
  | 'crl'
  | 'publicKey'
  | 'other';

export interface PemBlock {
  /** The label between BEGIN and the dashes, e.g. `CERTIFICATE`. */
  readonly label: string;
  readonly kind: PemKind;
  readonly der: Uint8Array;
  /** 1-based line of the BEGIN line, for messages. */
  readonly line: number;
  /** RFC 1421 headers inside the block (an encrypted traditional key has Proc-Type). */
  readonly encrypted: boolean;
}

/** Labels as RFC 7468 §5–§13 and OpenSSL write them. */
const kinds: Readonly<Record<string, PemKind>> = {
  CERTIFICATE: 'certificate',
  'X509 CERTIFICATE': 'certificate',
  'TRUSTED CERTIFICATE': 'certificate',
  'CERTIFICATE REQUEST': 'request',
  'NEW CERTIFICATE REQUEST': 'request',
  PKCS7: 'pkcs7',
  CMS: 'pkcs7',
  'PRIVATE KEY': 'privateKey',
  'ENCRYPTED PRIVATE KEY': 'encryptedPrivateKey',
  'RSA PRIVATE KEY': 'rsaPrivateKey',
  'EC PRIVATE KEY': 'ecPrivateKey',
  'X509 CRL': 'crl',
  'PUBLIC KEY': 'publicKey',
};

const beginLine = /^-----BEGIN ([A-Z0-9 ]{1,64})-----\s*$/;
const endLine = /^-----END ([A-Z0-9 ]{1,64})-----\s*$/;
const base64Line = /^[A-Za-z0-9+/]*={0,2}$/;

/** Whether the bytes look like PEM text: a BEGIN line somewhere in the first 64 KiB. */
export function looksLikePem(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 65536)).toString(
    'latin1',
  );
  return head.includes('-----BEGIN ');
}

/** Every PEM block in `text`, in order. Throws DerError for a broken block (no END, bad base64). */
export function parsePem(text: string): PemBlock[] {
  const lines = text.split(/\r?\n|\r/);
  const blocks: PemBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const begin = beginLine.exec(lines[i]!.trim());
    if (begin === null) continue;
    const label = begin[1]!;
    const startLine = i + 1;
    let body = '';
    let encrypted = false;
    let ended = false;
    for (i++; i < lines.length; i++) {
      const line = lines[i]!.trim();
      const end = endLine.exec(line);
      if (end !== null) {
        if (end[1] !== label) {
          throw new DerError(`PEM block "${label}" at line ${startLine} ends with "-----END ${end[1]}-----"`);
        }
        ended = true;
        break;
      }
      if (beginLine.test(line)) break;
      if (line.includes(':')) {
        // RFC 1421 §4.6 encapsulated headers, only seen on traditional encrypted keys.
        if (line.startsWith('Proc-Type:') && line.includes('ENCRYPTED')) encrypted = true;
        continue;
      }
      if (!base64Line.test(line)) {
        throw new DerError(
          `PEM block "${label}" at line ${startLine} has a line that is not base64 (line ${i + 1})`,
        );
      }
      body += line;
    }
    if (!ended)
      throw new DerError(`PEM block "${label}" at line ${startLine} has no "-----END ${label}-----" line`);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 === 1) {
      throw new DerError(`PEM block "${label}" at line ${startLine} is not valid base64`);
    }
    const der = Buffer.from(body, 'base64');
    if (der.length === 0) throw new DerError(`PEM block "${label}" at line ${startLine} is empty`);
    blocks.push({
      label,
      kind: kinds[label] ?? 'other',
      der: new Uint8Array(der),
      line: startLine,
      encrypted,
    });
  }
  return blocks;
}

/** Bare base64 (a PEM body without its BEGIN/END lines, as some portals hand out), or null. */
export function parseBareBase64(text: string): Uint8Array | null {
  const body = text.replace(/\s+/g, '');
  if (body.length < 16 || body.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return null;
  return new Uint8Array(Buffer.from(body, 'base64'));
}
