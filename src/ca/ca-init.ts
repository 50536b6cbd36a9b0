// `ca init`: creates the lab CA, a self-signed root and an issuing CA it signs, shaped like a
// two-tier AD CS enterprise PKI. Both keys are sealed in the store; everything lands in one
// transaction, so a killed init leaves no half CA behind.

import { randomBytes } from 'node:crypto';
import { inputError } from '../errors.js';
import { insertAuthority, insertIssuedSerial, readAuthority } from '../store/ca-records.js';
import { insertCertificate, type StoredCertificate } from '../store/certificate-records.js';
import { openKeyring, prepareKeyring } from '../store/keyring-records.js';
import { insertPrivateKey, type KeyAlgorithmName } from '../store/private-key-records.js';
import { parseCertificate } from '../x509/certificate.js';
import { type CaContext, clockSkewMs, loadCertificateBuilder } from './ca-context.js';
import { authorityName, publicationUrls, serialNumberHex, serialRandomBytes } from './ca-layout.js';

import { caProfiles } from './certificate-profiles.js';
import { generateKeyPair } from './key-pair.js';

export interface CaInitOptions {
  readonly name: string;
  readonly keyAlgorithm: KeyAlgorithmName;
  readonly keySize: number;
  /** The root's validity; the issuing CA gets half of it (in months: 1 year → 6 months), as two-tier PKIs do. */
  readonly validityYears: number;
  readonly baseUrl: string;
}

export interface LabCa {
  readonly name: string;
  readonly baseUrl: string;
  readonly root: StoredCertificate;
  readonly issuing: StoredCertificate;
}

export const caInitDefaults = {
  name: 'uccert Lab CA',
  keyAlgorithm: 'RSA',
  keySize: 2048,
  validityYears: 10,
  baseUrl: 'http://127.0.0.1:8480',
} as const satisfies CaInitOptions;

// A DN attribute value without the characters RFC 4514 would have us escape: keeps names readable
// in every tool and in the CDP file names.
const caNamePattern = /^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,62}$/;

export function validateCaInitOptions(options: CaInitOptions): void {
  if (!caNamePattern.test(options.name)) {
    throw inputError(
      'BAD_CA_NAME',
      `--name "${options.name}" is not a usable CA name (letters, digits, spaces and . _ ( ) -, up to 63 characters)`,
      'give a plain name, for example --name "Contoso Lab CA"',
    );
  }
  let url: URL | null = null;
  try {
    url = new URL(options.baseUrl);
  } catch {
    url = null;
  }
  // Windows fetches CDP and AIA over plain HTTP: an HTTPS CDP would need revocation checking to
  // check itself first (RFC 5280 §4.2.1.13 recommends http/ldap).
  if (url === null || url.protocol !== 'http:' || url.search !== '' || url.hash !== '') {
    throw inputError(
      'BAD_BASE_URL',
      `--base-url "${options.baseUrl}" is not an http:// URL`,
      'give the URL the CRL and CA certificates will be served at, for example --base-url http://pki.contoso.com',
    );
  }
}

export const firstLeafSerial = 0x100;

function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

export async function initLabCa(context: CaContext, options: CaInitOptions): Promise<LabCa> {
  validateCaInitOptions(options);
  const { store, now } = context;
  const db = store.db;
  const refuseExisting = () => {
    const existing = readAuthority(db, 'issuing');
    if (existing !== null) {
      throw inputError(
        'CA_EXISTS',
        `"${store.home}" already has a lab CA, "${existing.name}"`,
        'use it as it is, or start another with --home DIR',
      );
    }
  };
  store.read(refuseExisting);
  // The prompt, scrypt, the certificate library and both keys come before the store's write lock:
  // none of them may hold other commands up (issue 9, item 12).
  const passphrase = await context.passphrase();
  prepareKeyring(store, passphrase);
  const { signCertificate } = await loadCertificateBuilder();
  const keySpec = { algorithm: options.keyAlgorithm, rsaBits: options.keySize, exportable: false };
  const [rootKey, issuingKey] = await Promise.all([generateKeyPair(keySpec), generateKeyPair(keySpec)]);
  return store.write(async () => {
    refuseExisting();
    const keyring = openKeyring(db, passphrase, now);
    const notBefore = new Date(now.getTime() - clockSkewMs);
    const rootName = authorityName(options.name, 'root');
    const rootUrls = publicationUrls(options.baseUrl, rootName);

    const rootDer = await signCertificate(
      {
        subject: `CN=${rootName}`,
        issuerCertificate: null,
        serialNumber: serialNumberHex(randomBytes(serialRandomBytes), 1),
        notBefore,
        notAfter: addMonths(now, options.validityYears * 12),
        subjectPublicKey: rootKey.spki,
        extensions: [
          { kind: 'basicConstraints', ca: true, pathLength: caProfiles.root.pathLength },
          { kind: 'keyUsage', usages: caProfiles.root.keyUsage },
        ],
      },
      { pkcs8: rootKey.pkcs8, algorithm: rootKey.algorithm },
    );
    const issuingDer = await signCertificate(
      {
        subject: `CN=${authorityName(options.name, 'issuing')}`,
        issuerCertificate: rootDer,
        serialNumber: serialNumberHex(randomBytes(serialRandomBytes), 2),
        notBefore,
        notAfter: addMonths(now, options.validityYears * 6),
        subjectPublicKey: issuingKey.spki,
        extensions: [
          { kind: 'basicConstraints', ca: true, pathLength: caProfiles.issuing.pathLength },
          { kind: 'keyUsage', usages: caProfiles.issuing.keyUsage },
          { kind: 'crlDistributionPoint', url: rootUrls.crl },
          { kind: 'caIssuers', url: rootUrls.certificate },
        ],
      },
      { pkcs8: rootKey.pkcs8, algorithm: rootKey.algorithm },
    );

    const rootKeyId = insertPrivateKey(db, keyring, rootKey, now);
    const issuingKeyId = insertPrivateKey(db, keyring, issuingKey, now);
    const root = insertCertificate(
      db,
      { der: rootDer, facts: parseCertificate(rootDer), privateKeyId: rootKeyId, source: 'lab-ca' },
      now,
    );
    const issuing = insertCertificate(
      db,
      { der: issuingDer, facts: parseCertificate(issuingDer), privateKeyId: issuingKeyId, source: 'lab-ca' },
      now,
    );
    // The root has signed serials 1 (itself) and 2 (the issuing CA). The issuing CA counts from
    // 0x100, so no leaf shares a serial number with a CA certificate, even across issuers.
    insertAuthority(
      db,
      {
        role: 'root',
        name: rootName,
        certificateId: root.id,
        privateKeyId: rootKeyId,
        baseUrl: options.baseUrl,
        nextSerial: 3,
      },
      now,
    );
    insertAuthority(
      db,
      {
        role: 'issuing',
        name: authorityName(options.name, 'issuing'),
        certificateId: issuing.id,
        privateKeyId: issuingKeyId,
        baseUrl: options.baseUrl,
        nextSerial: firstLeafSerial,
      },
      now,
    );
    insertIssuedSerial(
      db,
      {
        caRole: 'root',
        serial: 1,
        serialNumber: root.facts.serialNumber,
        certificateId: root.id,
        profile: 'RootCA',
      },
      now,
    );
    insertIssuedSerial(
      db,
      {
        caRole: 'root',
        serial: 2,
        serialNumber: issuing.facts.serialNumber,
        certificateId: issuing.id,
        profile: 'SubCA',
      },
      now,
    );
    return { name: options.name, baseUrl: options.baseUrl, root, issuing };
  });
}
