// Typed access to parsed option values, with messages that name the flag and the fix.

import { inputErrorAbout } from '../errors.js';
import type { OptionValues } from './command.js';

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const last = value[value.length - 1];
    return typeof last === 'string' ? last : undefined;
  }
  return undefined;
}

export function stringListOption(values: OptionValues, name: string): string[] {
  const value = values[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

export function flagOption(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

export function integerOption(
  values: OptionValues,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw inputErrorAbout(
      `--${name}`,
      'BAD_OPTION_VALUE',
      `--${name} "${text}" is not a whole number from ${min} to ${max}`,
      `give --${name} a whole number, for example --${name} ${min}`,
    );
  }
  return n;
}
