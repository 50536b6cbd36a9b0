// The subject and SAN of a certificate for a device outside the topology (Cisco VCS/Expressway, an
// SBC, a gateway, a partner's test server): parsed from `--subject CN=…,O=…` and
// `--san DNS:a,IP:b`, and refused when a device would reject them. Pure: text in, DER parts out.

import { isIP } from 'node:net';
import { inputError } from '../errors.js';
import { encodeSubjectName, type RequestSubject } from '../requests/certificate-request-builder.js';
import { encodeSequence, encodeTlv } from '../x509/der-writer.js';

export type DeviceSanEntry = { readonly type: 'dns' | 'ip'; readonly value: string };

export interface DeviceNames {
  readonly subject: RequestSubject;
  /** The DER of the subject Name (an empty SEQUENCE when no attribute is given). */
  readonly subjectName: Uint8Array;
  readonly san: readonly DeviceSanEntry[];
  /** GeneralNames DER; null when there is no SAN entry. */
  readonly subjectAltName: Uint8Array | null;
  /** RFC 5280 §4.2.1.6: the SAN MUST be critical when the subject is empty. */
  readonly subjectAltNameCritical: boolean;
}

/** `--subject` attribute keys, as openssl and Windows spell them, to the request's fields. */
const subjectKeys = {
  CN: 'commonName',
  O: 'organization',
  OU: 'organizationalUnit',
  L: 'locality',
  S: 'state',
  ST: 'state',
  C: 'country',
} as const satisfies Record<string, keyof RequestSubject>;

/** Upper bounds of X.520 (RFC 5280 Appendix A, ub-*): longer values fail strict parsers (GnuTLS). */
const upperBounds: Readonly<Record<keyof RequestSubject, number>> = {
  commonName: 64,
  organization: 64,
  organizationalUnit: 64,
  locality: 128,
  state: 128,
  country: 2,
};

const dnsLabel = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)$/;

function badSubject(text: string, reason: string, hint: string): Error {
  return inputError('BAD_SUBJECT', `--subject "${text}": ${reason}`, hint);
}

function badSan(text: string, reason: string, hint: string): Error {
  return inputError('BAD_SAN', `--san "${text}": ${reason}`, hint);
}

/** Splits `CN=a,O=b\, Inc.` on unescaped commas (RFC 4514 §2.4 backslash escapes). */
function splitDn(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      current += text[i + 1];
      i++;
    } else if (ch === ',' || ch === '/') {
      // openssl's -subj form `/CN=a/O=b` is accepted too.
      if (current.trim() !== '') parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

export function parseDeviceSubject(text: string): RequestSubject {
  const fields: Partial<Record<keyof RequestSubject, string>> = {};
  for (const part of splitDn(text)) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq).trim().toUpperCase();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!Object.hasOwn(subjectKeys, key)) {
      throw badSubject(
        text,
        `"${part}" is not an attribute uccert writes`,
        'use CN=, O=, OU=, L=, S= (or ST=) and C=, e.g. --subject "CN=vcs.contoso.com,O=Contoso,C=US"',
      );
    }
    const field = subjectKeys[key as keyof typeof subjectKeys];
    if (value === '') throw badSubject(text, `${key} is empty`, `give ${key} a value or leave it out`);
    if (fields[field] !== undefined) {
      throw badSubject(text, `${key} is given twice`, `give ${key} once`);
    }
    if (field === 'country' && !/^[A-Z]{2}$/.test(value)) {
      throw badSubject(text, `C="${value}" is not a two-letter ISO 3166 country code`, 'e.g. C=US, C=DE');
    }
    if (value.length > upperBounds[field]) {
      throw badSubject(
        text,
        `${key} has ${value.length} characters, more than the ${upperBounds[field]} X.520 allows (RFC 5280 Appendix A)`,
        field === 'commonName'
          ? 'shorten the CN; a long host name belongs in the SAN only (--san DNS:…)'
          : `shorten ${key}`,
      );
    }
    fields[field] = value;
  }
  return {
    commonName: fields.commonName ?? '',
    organization: fields.organization,
    organizationalUnit: fields.organizationalUnit,
    locality: fields.locality,
    state: fields.state,
    country: fields.country,
  };
}

/** A DNS name a device accepts: LDH labels (RFC 1123), a wildcard only as the whole left-most label. */
function checkDnsName(entry: string, name: string): void {
  if (name.length > 253)
    throw badSan(entry, `"${name}" is longer than 253 characters`, 'give a real host name');
  if (isIP(name) !== 0) {
    throw badSan(
      entry,
      `"${name}" is an IP address written as a DNS name; clients compare it with iPAddress entries only (RFC 6125 §6.2.1)`,
      `write it as IP:${name}`,
    );
  }
  const labels = name.split('.');
  if (labels.length < 2) {
    throw badSan(entry, `"${name}" is a single label`, 'give the fully qualified name, e.g. vcs.contoso.com');
  }
  labels.forEach((label, i) => {
    if (label === '*' && i === 0 && labels.length >= 3) return;
    if (label.includes('*')) {
      throw badSan(
        entry,
        `"${name}" has a wildcard other than a whole left-most label above a registrable domain`,
        'use *.sub.domain.tld or list the names (RFC 6125 §6.4.3; devices reject partial wildcards)',
      );
    }
    if (!dnsLabel.test(label)) {
      throw badSan(
        entry,
        `"${name}" has the label "${label}", which is not letters, digits and inner hyphens (at most 63)`,
        'write internationalised names in their xn-- form; use only A–Z, 0–9 and hyphen',
      );
    }
  });
}

export function parseDeviceSan(texts: readonly string[]): DeviceSanEntry[] {
  const entries: DeviceSanEntry[] = [];
  for (const raw of texts.flatMap((t) => t.split(','))) {
    const entry = raw.trim();
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    const kind = colon < 0 ? '' : entry.slice(0, colon).trim().toUpperCase();
    const value = colon < 0 ? '' : entry.slice(colon + 1).trim();
    if (kind === 'DNS') {
      const name = value.toLowerCase();
      checkDnsName(entry, name);
      if (!entries.some((e) => e.type === 'dns' && e.value === name))
        entries.push({ type: 'dns', value: name });
    } else if (kind === 'IP') {
      if (isIP(value) === 0)
        throw badSan(entry, `"${value}" is not an IPv4 or IPv6 address`, 'e.g. IP:10.0.0.5');
      if (!entries.some((e) => e.type === 'ip' && e.value === value)) entries.push({ type: 'ip', value });
    } else {
      throw badSan(
        entry,
        'each entry is DNS:NAME or IP:ADDRESS',
        'e.g. --san DNS:vcs.contoso.com,DNS:vcs01.contoso.com,IP:10.0.0.5',
      );
    }
  }
  return entries;
}

/** IPv4 as 4 octets, IPv6 as 16 (RFC 5280 §4.2.1.6 iPAddress). */
export function ipAddressOctets(address: string): Uint8Array {
  if (isIP(address) === 4) return Uint8Array.from(address.split('.').map(Number));
  const [head = '', tail = ''] = address.includes('::') ? address.split('::') : [address, ''];
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const expandV4 = (gs: string[]): string[] => {
    const last = gs[gs.length - 1];
    if (last === undefined || !last.includes('.')) return gs;
    const b = last.split('.').map(Number);
    return [...gs.slice(0, -1), ((b[0]! << 8) | b[1]!).toString(16), ((b[2]! << 8) | b[3]!).toString(16)];
  };
  const left = expandV4(groups(head));
  const right = expandV4(groups(tail));
  const all = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    const n = Number.parseInt(g, 16);
    out[2 * i] = n >> 8;
    out[2 * i + 1] = n & 0xff;
  });
  return out;
}

export function encodeDeviceGeneralNames(entries: readonly DeviceSanEntry[]): Uint8Array {
  return encodeSequence(
    entries.map((e) =>
      e.type === 'dns'
        ? encodeTlv(0x82, new TextEncoder().encode(e.value))
        : encodeTlv(0x87, ipAddressOctets(e.value)),
    ),
  );
}

/** Whether `name` (the CN) is covered by a SAN entry, wildcards included. */
function sanCovers(entries: readonly DeviceSanEntry[], name: string): boolean {
  const lower = name.toLowerCase();
  return entries.some(
    (e) =>
      e.value === lower ||
      (e.type === 'dns' &&
        e.value.startsWith('*.') &&
        lower.slice(lower.indexOf('.') + 1) === e.value.slice(2)),
  );
}

/**
 * The names of a device certificate, or the reason a device would refuse them. A CN that is not in
 * the SAN is refused: RFC 6125 §6.4.4 clients ignore the CN once a SAN exists, so the CN would name
 * nothing the device can be reached by.
 */
export function planDeviceNames(subjectText: string | undefined, sanTexts: readonly string[]): DeviceNames {
  const subject = parseDeviceSubject(subjectText ?? '');
  const san = parseDeviceSan(sanTexts);
  const empty = subject.commonName === '' && Object.values(subject).every((v) => v === undefined || v === '');
  if (san.length === 0) {
    throw inputError(
      'BAD_SAN',
      'a device certificate needs at least one --san entry',
      'give the names the device is reached by, e.g. --san DNS:vcs.contoso.com,IP:10.0.0.5 (clients match the SAN, not the CN: RFC 6125 §6.4.4)',
    );
  }
  if (subject.commonName !== '' && !sanCovers(san, subject.commonName)) {
    throw badSubject(
      subjectText ?? '',
      `CN "${subject.commonName}" is not among the --san entries`,
      `add DNS:${subject.commonName.toLowerCase()} (or IP:… for an address) to --san; clients match the SAN only`,
    );
  }
  return {
    subject,
    subjectName: encodeSubjectName(subject),
    san,
    subjectAltName: encodeDeviceGeneralNames(san),
    subjectAltNameCritical: empty,
  };
}
