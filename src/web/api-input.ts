// Reading HTTP inputs (JSON bodies, query strings, form fields) that enter as `unknown`: each
// field checked, with an error that names the field and the fix. A value may not start with "-",
// so no input can be read as a command-line option of the command it is passed to.

import { inputError } from '../errors.js';

export type Fields = Readonly<Record<string, unknown>>;

export function asFields(body: unknown): Fields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw inputError(
      'BAD_REQUEST_BODY',
      'the request body is not a JSON object',
      'send a JSON object, e.g. {"server": "fe01.contoso.net"}',
    );
  }
  return body as Fields;
}

function checkWord(name: string, value: string): string {
  if (value.startsWith('-')) {
    throw inputError(
      'BAD_FIELD',
      `${name} "${value}" starts with "-"`,
      `give ${name} without the leading dash`,
    );
  }
  if (value.length > 2048 || /[\u0000-\u001f]/.test(value)) {
    throw inputError('BAD_FIELD', `${name} is not a plain value`, `give ${name} as one line of text`);
  }
  return value;
}

export function optionalText(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw inputError('BAD_FIELD', `${name} is a ${typeof value}, not text`, `give ${name} as a string`);
  }
  return checkWord(name, value.trim());
}

export function requiredText(fields: Fields, name: string): string {
  const value = optionalText(fields, name);
  if (value === undefined) throw inputError('MISSING_FIELD', `${name} is missing`, `give ${name}`);
  return value;
}

/** A list: an array of strings or one comma-separated string. */
export function textList(fields: Fields, name: string): string[] {
  const value = fields[name];
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  if (value !== undefined && !Array.isArray(value) && typeof value !== 'string') {
    throw inputError('BAD_FIELD', `${name} is not a list`, `give ${name} as ["Default", …] or "Default,…"`);
  }
  return items
    .map((item) => {
      if (typeof item !== 'string')
        throw inputError('BAD_FIELD', `${name} holds a ${typeof item}`, `give ${name} as text`);
      return checkWord(name, item.trim());
    })
    .filter((item) => item !== '');
}

export function flag(fields: Fields, name: string): boolean {
  const value = fields[name];
  return value === true || value === 'true' || value === 'on';
}

/** A secret (a PFX password): any text, never echoed; may start with "-" since it is passed as --password=…. */
export function optionalSecret(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 1024) {
    throw inputError(
      'BAD_FIELD',
      `${name} is not a password`,
      `give ${name} as text (at most 1024 characters)`,
    );
  }
  return value;
}
