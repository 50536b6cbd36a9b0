// Writes an evidence pack: a directory (created, one file per entry) or one .zip (fflate, stored
// with a fixed timestamp: the generation time, so the same pack zips to the same bytes).

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { zipSync } from 'fflate';
import type { EvidenceFile } from './collect-evidence.js';

export function zipEvidence(files: readonly EvidenceFile[], at: Date): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const f of files) entries[f.path] = [f.content, { mtime: at }];
  return zipSync(entries, { level: 6 });
}

/** Writes every file under `directory` (created); returns the paths written. */
export function writeEvidenceDirectory(directory: string, files: readonly EvidenceFile[]): string[] {
  return files.map((f) => {
    const path = join(directory, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content, { mode: 0o644 });
    return path;
  });
}
