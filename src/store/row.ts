// Rows come out of SQLite as unknown; these readers check each column's type so a damaged or
// foreign database fails with a clear store error instead of a wrong value further on.

import { environmentError } from '../errors.js';

export type Row = Readonly<Record<string, unknown>>;

function damaged(column: string, expected: string): Error {
  return environmentError(
    'STORE_DAMAGED',
    `the uccert store has a ${column} column that is not ${expected}`,
    'the database was changed outside uccert; restore it from a backup or start a new --home',
  );
}

export function asRow(value: unknown): Row {
  if (typeof value !== 'object' || value === null) throw damaged('row', 'a record');
  return value as Row;
}

export function textColumn(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw damaged(column, 'text');
  return value;
}

export function optionalTextColumn(row: Row, column: string): string | null {
  const value = row[column];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw damaged(column, 'text');
  return value;
}

export function integerColumn(row: Row, column: string): number {
  const value = row[column];
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'number' || !Number.isInteger(value)) throw damaged(column, 'an integer');
  return value;
}

export function optionalIntegerColumn(row: Row, column: string): number | null {
  const value = row[column];
  if (value === null || value === undefined) return null;
  return integerColumn(row, column);
}

export function blobColumn(row: Row, column: string): Uint8Array {
  const value = row[column];
  if (!(value instanceof Uint8Array)) throw damaged(column, 'a blob');
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

export function jsonColumn(row: Row, column: string): unknown {
  const text = textColumn(row, column);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw damaged(column, 'JSON');
  }
}

export function stringArrayColumn(row: Row, column: string): string[] {
  const value = jsonColumn(row, column);
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw damaged(column, 'a JSON list of strings');
  }
  return value;
}
