// A populated store (lab CA, a requested and assigned server certificate, a client certificate)
// and every kind of damage issue 9 found uccert crashing on: bytes flipped, a dropped table, facts
// that no longer match their certificate, absurd keyring costs, a cut-short file, an empty file,
// an index that points at the wrong rows, and a file that is not SQLite at all.

import assert from 'node:assert/strict';
import { cpSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runWithHome, thumbprintOf } from '../ca-test-support.js';

export const topology = 'examples/contoso.yaml';
export const serverUses = 'Default,WebServicesInternal,WebServicesExternal';

export interface PopulatedStore {
  readonly home: string;
  /** The assigned server certificate (fe01.contoso.net). */
  readonly server: string;
  /** The client certificate of sip:alice@contoso.com. */
  readonly client: string;
}

/** Builds the store every damage is applied to a copy of. */
export async function makePopulatedStore(dir: string): Promise<PopulatedStore> {
  const home = join(dir, 'populated');
  const run = async (args: readonly string[]) => {
    const t = await runWithHome(home, args);
    assert.equal(t.exitCode, 0, `${args.join(' ')}: ${t.stderr}`);
    return t;
  };
  await run(['ca', 'init', '--name', 'Damage Lab CA']);
  const server = thumbprintOf(
    await run([
      'request',
      '--new',
      '--type',
      serverUses,
      '--server',
      'fe01.contoso.net',
      '--topology',
      topology,
      '--ca',
      'local',
      '--json',
    ]),
  );
  await run([
    'set',
    '--server',
    'fe01.contoso.net',
    '--type',
    serverUses,
    '--thumbprint',
    server,
    '--topology',
    topology,
  ]);
  const client = thumbprintOf(await run(['client-cert', 'issue', 'sip:alice@contoso.com', '--json']));
  return { home, server, client };
}

/** A deterministic byte stream (xorshift32), so a "random" flip hits the same bytes every run. */
function seededBytes(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}

function flipBytes(file: string, from: number, to: number, count: number, seed: number): void {
  const bytes = readFileSync(file);
  const next = seededBytes(seed);
  for (let i = 0; i < count; i++) {
    const at = from + (next() % Math.max(1, Math.min(to, bytes.length) - from));
    bytes[at] = (bytes[at] ?? 0) ^ (1 + (next() % 255));
  }
  writeFileSync(file, bytes);
}

/** Every copy of `from` (the live schema record, and stale copies in free space) becomes `to`. */
function replaceBytes(file: string, from: string, to: string): void {
  const bytes = readFileSync(file);
  let found = 0;
  for (let at = bytes.indexOf(from, 0, 'latin1'); at >= 0; at = bytes.indexOf(from, at + 1, 'latin1')) {
    bytes.write(to, at, 'latin1');
    found += 1;
  }
  if (found === 0) throw new Error(`"${from}" is not in ${file}`);
  writeFileSync(file, bytes);
}

/** Copies the root page of index `from` over that of index `to` (both one page in a small store). */
function copyPage(file: string, from: string, to: string): void {
  const db = new Database(file, { readonly: true });
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const rootOf = (name: string) =>
    Number(db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').pluck().get(name));
  const [source, target] = [rootOf(from), rootOf(to)];
  db.close();
  const bytes = readFileSync(file);
  bytes.copy(bytes, (target - 1) * pageSize, (source - 1) * pageSize, source * pageSize);
  writeFileSync(file, bytes);
}

function withSql(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

/** Each damage, applied to the store file of a copied home. */
export const damages: Readonly<Record<string, (file: string, populated: PopulatedStore) => void>> = {
  'flipped bytes': (file) => flipBytes(file, 4096, Number.MAX_SAFE_INTEGER, 300, 9),
  'flipped bytes in the schema': (file) => flipBytes(file, 100, 4096, 40, 12),
  // One flipped byte in the schema's text: the column is then unknown ("no such column").
  'a column renamed by a flipped byte': (file) =>
    replaceBytes(file, 'effective_at TEXT NOT NULL', 'effective_ax TEXT NOT NULL'),
  'dropped table': (file) => withSql(file, 'PRAGMA foreign_keys = OFF; DROP TABLE assignments;'),
  'facts that do not match the certificate': (file, populated) =>
    withSql(
      file,
      `UPDATE certificates SET facts = json_set(facts, '$.thumbprint', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
       WHERE thumbprint = '${populated.server}'`,
    ),
  'keyring log_n=40': (file) => withSql(file, 'UPDATE keyring SET log_n = 40'),
  'keyring r=p=100000': (file) => withSql(file, 'UPDATE keyring SET r = 100000, p = 100000'),
  'cut short': (file) => truncateSync(file, Math.floor(readFileSync(file).length / 2)),
  'empty file': (file) => truncateSync(file, 0),
  // One index's page holds another index's entries: its rows are "missing from index".
  'broken index': (file) => copyPage(file, 'certificates_not_after', 'certificates_subject'),
  'not SQLite': (file) => writeFileSync(file, 'this is not a database, only some text '.repeat(200)),
};

let copies = 0;

/** A copy of the populated home, in a new folder of `dir`, with one damage applied; returns its home. */
export function damagedCopy(populated: PopulatedStore, dir: string, damage: string): string {
  copies += 1;
  const home = join(dir, `${damage.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-')}-${copies}`, 'home');
  cpSync(populated.home, home, { recursive: true });
  const apply = damages[damage];
  if (apply === undefined) throw new Error(`no damage "${damage}"`);
  apply(join(home, 'uccert.db'), populated);
  return home;
}
