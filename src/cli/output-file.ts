// Files the CLI writes for the user (CSRs, certificates, CRLs, PFX/PEM exports): public ones
// world-readable, those holding a key owner-only, and one clear message when the write fails.

import { chmodSync, writeFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { environmentError } from '../errors.js';
import type { CliIo } from './io.js';

const modes = { public: 0o644, private: 0o600 } as const;

/** Writes `content` to `path` (relative to the working directory) and returns its absolute path. */
export function writeOutputFile(
  io: Pick<CliIo, 'cwd'>,
  path: string,
  content: string | Uint8Array,
  visibility: keyof typeof modes,
): string {
  const absolute = isAbsolute(path) ? path : resolve(io.cwd, path);
  try {
    writeFileSync(absolute, content, { mode: modes[visibility] });
    // The mode applies only when the file is created: an existing key file is made owner-only too.
    if (visibility === 'private') chmodSync(absolute, modes.private);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw environmentError(
      'WRITE_FAILED',
      `cannot write "${path}" (${reason})`,
      'check the directory exists and is writable',
    );
  }
  return absolute;
}
