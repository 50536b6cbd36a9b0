// The subject fields a renewal carries over from the certificate in use (O, OU, L, S, C), read from
// its distinguished name as Windows shows it (`CN=…, OU=…, O=…, L=…, S=…, C=…`, quoted values).
// The CN is not carried: it comes from the current plan. Pure.

import type { RequestSubject } from '../requests/certificate-request-builder.js';

export type CarriedSubject = Omit<RequestSubject, 'commonName'>;

const fieldOf: Readonly<Record<string, keyof CarriedSubject>> = {
  O: 'organization',
  OU: 'organizationalUnit',
  L: 'locality',
  S: 'state',
  ST: 'state',
  C: 'country',
};

/** Splits `A=x, B="y, z"` into attribute/value pairs, honouring Windows' double quotes. */
function splitRdns(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const key = text
      .slice(i, eq)
      .trim()
      .replace(/^\+\s*/, '');
    let value = '';
    let j = eq + 1;
    if (text[j] === '"') {
      j++;
      while (j < text.length) {
        if (text[j] === '"' && text[j + 1] === '"') {
          value += '"';
          j += 2;
        } else if (text[j] === '"') {
          j++;
          break;
        } else value += text[j++];
      }
      const comma = text.indexOf(',', j);
      i = comma < 0 ? text.length : comma + 1;
    } else {
      const comma = text.indexOf(',', j);
      const end = comma < 0 ? text.length : comma;
      value = text.slice(j, end).trim();
      i = end + 1;
    }
    pairs.push([key.toUpperCase(), value]);
  }
  return pairs;
}

/** The first value of each carried attribute (the most specific, as Windows lists them first). */
export function parseCarriedSubject(subject: string): CarriedSubject {
  const carried: Partial<Record<keyof CarriedSubject, string>> = {};
  for (const [key, value] of splitRdns(subject)) {
    const field = fieldOf[key];
    if (field !== undefined && carried[field] === undefined && value !== '') carried[field] = value;
  }
  return carried;
}
