// Store benchmarks, each beside a baseline measured in the same run:
//   1. import rate: the 10,000-certificate corpus through the `import` use case (parse, match keys,
//      store, chain lookup; one transaction per certificate, as one `uccert import` each), vs the
//      store's insertCertificate in one transaction, vs a raw better-sqlite3 insert of the DER;
//   2. `get` latency with 100,000 certificates in the store (the corpus plus 90,000 distinct
//      copies): the get use case for one server × use and for one server, vs a raw indexed lookup.
// runStoreBench(dir) returns the figures; renderStoreBench formats them (bench/run.ts prints them).

import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readAssignmentReport } from '../src/assign/assignment-view.js';
import { assignmentReportJson } from '../src/cli/render-assignments-report.js';
import { importCertificates } from '../src/requests/import-certificate.js';
import { setAssignment } from '../src/store/assignment-records.js';
import { insertCertificate } from '../src/store/certificate-records.js';
import { openStore, type Store } from '../src/store/store.js';
import { parseCertificate } from '../src/x509/certificate.js';
import { parseCertificateContainer } from '../src/x509/certificate-container.js';
import { readNode } from '../src/x509/der.js';
import { makeCorpus } from './make-corpus.js';

export interface StoreBenchResult {
  readonly corpus: number;
  readonly importUseCasePerSecond: number;
  readonly bulkImportPerSecond: number;
  readonly insertOneTransactionPerSecond: number;
  readonly rawSqlitePerSecond: number;
  readonly storeCertificates: number;
  readonly assignments: number;
  readonly fillSeconds: number;
  /** Medians in milliseconds. */
  readonly getServerUseMs: number;
  readonly getServerMs: number;
  readonly rawLookupMs: number;
  readonly rawAssignmentLookupMs: number;
}

const now = new Date('2026-06-01T12:00:00Z');

function splitCorpus(path: string): Uint8Array[] {
  const bytes = new Uint8Array(readFileSync(path));
  const ders: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const node = readNode(bytes, at);
    ders.push(bytes.subarray(at, node.end));
    at = node.end;
  }
  return ders;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function freshStore(dir: string, name: string): Store {
  const home = join(dir, name);
  rmSync(home, { recursive: true, force: true });
  return openStore(home);
}

async function measureImport(dir: string, ders: readonly Uint8Array[]): Promise<number> {
  const store = freshStore(dir, 'bench-import');
  const context = { store, now, passphrase: async () => 'bench' };
  const started = performance.now();
  for (const der of ders) {
    const container = parseCertificateContainer(der, { source: 'corpus' });
    await importCertificates(context, container, []);
  }
  const seconds = (performance.now() - started) / 1000;
  store.close();
  return ders.length / seconds;
}

/** The whole corpus as one PEM bundle through one `import` (one parse, one transaction). */
async function measureBulkImport(dir: string, ders: readonly Uint8Array[]): Promise<number> {
  const store = freshStore(dir, 'bench-bulk');
  const context = { store, now, passphrase: async () => 'bench' };
  const pem = ders
    .map(
      (der) =>
        `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64')}\n-----END CERTIFICATE-----\n`,
    )
    .join('');
  const started = performance.now();
  const container = parseCertificateContainer(Buffer.from(pem), { source: 'corpus.pem' });
  await importCertificates(context, container, []);
  const seconds = (performance.now() - started) / 1000;
  store.close();
  return ders.length / seconds;
}

async function measureInsert(dir: string, ders: readonly Uint8Array[]): Promise<number> {
  const store = freshStore(dir, 'bench-insert');
  const facts = ders.map((der) => parseCertificate(der));
  const started = performance.now();
  await store.write(() => {
    ders.forEach((der, i) => {
      insertCertificate(store.db, { der, facts: facts[i]!, privateKeyId: null, source: 'import' }, now);
    });
  });
  const seconds = (performance.now() - started) / 1000;
  store.close();
  return ders.length / seconds;
}

function measureRawSqlite(dir: string, ders: readonly Uint8Array[]): number {
  const path = join(dir, 'bench-raw.db');
  rmSync(path, { force: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE certificates (id INTEGER PRIMARY KEY, thumbprint TEXT NOT NULL UNIQUE, der BLOB NOT NULL)',
  );
  const insert = db.prepare('INSERT INTO certificates (thumbprint, der) VALUES (?, ?)');
  const started = performance.now();
  db.transaction(() => {
    for (const der of ders) insert.run(createHash('sha1').update(der).digest('hex').toUpperCase(), der);
  })();
  const seconds = (performance.now() - started) / 1000;
  db.close();
  rmSync(path, { force: true });
  return ders.length / seconds;
}

/**
 * 100,000 distinct certificates: the corpus, then copies whose last signature bytes carry a counter
 * (distinct DER, hence distinct thumbprints; the facts are the original's with those thumbprints).
 */
async function fillStore(
  dir: string,
  ders: readonly Uint8Array[],
  total: number,
): Promise<{ store: Store; thumbprints: string[]; seconds: number }> {
  const store = freshStore(dir, 'bench-get');
  const facts = ders.map((der) => parseCertificate(der));
  const thumbprints: string[] = [];
  const started = performance.now();
  await store.write(() => {
    for (let i = 0; i < total; i++) {
      const source = i % ders.length;
      const der = new Uint8Array(ders[source]!);
      if (i >= ders.length) new DataView(der.buffer).setUint32(der.length - 4, i);
      const thumbprint = createHash('sha1').update(der).digest('hex').toUpperCase();
      const thumbprintSha256 = createHash('sha256').update(der).digest('hex').toUpperCase();
      insertCertificate(
        store.db,
        {
          der,
          facts: { ...facts[source]!, thumbprint, thumbprintSha256 },
          privateKeyId: null,
          source: 'import',
        },
        now,
      );
      thumbprints.push(thumbprint);
    }
  });
  return { store, thumbprints, seconds: (performance.now() - started) / 1000 };
}

const uses = ['Default', 'WebServicesInternal', 'WebServicesExternal', 'AudioVideoAuthentication'];

export async function runStoreBench(dir: string, total = 100_000, servers = 250): Promise<StoreBenchResult> {
  const corpusPath = await makeCorpus(dir, 10_000);
  const ders = splitCorpus(corpusPath);
  const importUseCasePerSecond = await measureImport(dir, ders);
  const bulkImportPerSecond = await measureBulkImport(dir, ders);
  const insertOneTransactionPerSecond = await measureInsert(dir, ders);
  const rawSqlitePerSecond = measureRawSqlite(dir, ders);

  const { store, thumbprints, seconds } = await fillStore(dir, ders, total);
  const serverName = (s: number) => `fe${String(s).padStart(3, '0')}.contoso.net`;
  await store.write(() => {
    for (let s = 0; s < servers; s++) {
      uses.forEach((use, u) => {
        const id = 1 + ((s * 397 + u * 13) % total);
        setAssignment(
          store.db,
          { server: serverName(s), use, certificateId: id, effectiveAt: '2026-06-01T12:00:00Z', roll: false },
          now,
        );
      });
    }
  });
  const queries = 1000;
  const serverUse: number[] = [];
  const server: number[] = [];
  const raw: number[] = [];
  const rawAssignment: number[] = [];
  const rawLookup = store.db.prepare('SELECT der, facts FROM certificates WHERE thumbprint = ?');
  const rawAssign = store.db.prepare(
    'SELECT c.der, c.facts FROM assignments a JOIN certificates c ON c.id = a.certificate_id WHERE a.server = ? AND a.use = ?',
  );
  for (let q = 0; q < queries; q++) {
    const s = serverName((q * 7) % servers);
    const use = uses[q % uses.length]!;
    let t = performance.now();
    JSON.stringify(assignmentReportJson(readAssignmentReport(store, { server: s, use }, now), now));
    serverUse.push(performance.now() - t);
    t = performance.now();
    JSON.stringify(assignmentReportJson(readAssignmentReport(store, { server: s }, now), now));
    server.push(performance.now() - t);
    t = performance.now();
    rawLookup.get(thumbprints[(q * 7919) % thumbprints.length]);
    raw.push(performance.now() - t);
    t = performance.now();
    rawAssign.get(s, use);
    rawAssignment.push(performance.now() - t);
  }
  store.close();
  return {
    corpus: ders.length,
    importUseCasePerSecond,
    bulkImportPerSecond,
    insertOneTransactionPerSecond,
    rawSqlitePerSecond,
    storeCertificates: total,
    assignments: servers * uses.length,
    fillSeconds: seconds,
    getServerUseMs: median(serverUse),
    getServerMs: median(server),
    rawLookupMs: median(raw),
    rawAssignmentLookupMs: median(rawAssignment),
  };
}

export function renderStoreBench(r: StoreBenchResult): string[] {
  const rate = (n: number) => Math.round(n).toLocaleString('en-US');
  return [
    `store: import of the ${r.corpus.toLocaleString('en-US')}-certificate corpus`,
    '| path | certificates/s |',
    '|---|---:|',
    `| import use case (parse, key match, chain, one transaction each) | ${rate(r.importUseCasePerSecond)} |`,
    `| one \`import\` of the corpus as a 10,000-certificate PEM bundle | ${rate(r.bulkImportPerSecond)} |`,
    `| insertCertificate, one transaction | ${rate(r.insertOneTransactionPerSecond)} |`,
    `| raw better-sqlite3 INSERT of the DER, one transaction | ${rate(r.rawSqlitePerSecond)} |`,
    '',
    `store: get with ${r.storeCertificates.toLocaleString('en-US')} certificates and ${r.assignments.toLocaleString('en-US')} assignments (filled in ${r.fillSeconds.toFixed(1)} s), median of 1,000`,
    '| query | ms |',
    '|---|---:|',
    `| get --server S --type T --json (use case + JSON) | ${r.getServerUseMs.toFixed(3)} |`,
    `| get --server S --json (4 uses) | ${r.getServerMs.toFixed(3)} |`,
    `| raw indexed SELECT by thumbprint | ${r.rawLookupMs.toFixed(3)} |`,
    `| raw indexed assignment JOIN certificate | ${r.rawAssignmentLookupMs.toFixed(3)} |`,
  ];
}

if (process.argv[1]?.endsWith('store-bench.js')) {
  const dir = process.argv[2] ?? 'bench/out';
  const result = await runStoreBench(dir, Number(process.argv[3] ?? 100_000));
  console.log(renderStoreBench(result).join('\n'));
}
