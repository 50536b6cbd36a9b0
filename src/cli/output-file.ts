// Files the CLI writes for the user (CSRs, certificates, CRLs, PFX/PEM exports): public ones
// world-readable, those holding a key owner-only, and one clear message when the write fails.

import { chmodSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { environmentError, inputError, type UccertError } from '../errors.js';
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
    throw explainWriteFailure(path, absolute, error);
  }
  return absolute;
}

/** Why a write failed, by errno: a path that cannot be a file is the user's to fix (exit 2). */
const writeFailures: Readonly<Record<string, (path: string, absolute: string) => UccertError>> = {
  EISDIR: (path) =>
    inputError(
      'WRITE_FAILED',
      `cannot write "${path}": it is a directory`,
      `give a file name in it, e.g. ${path}/NAME`,
    ),
  ENOENT: (path, absolute) =>
    inputError(
      'WRITE_FAILED',
      `cannot write "${path}": the directory "${dirname(absolute)}" does not exist`,
      'create the directory first, or give a path in one that exists',
    ),
  ENOTDIR: (path) =>
    inputError(
      'WRITE_FAILED',
      `cannot write "${path}": a part of the path is a file, not a directory`,
      'check the path',
    ),
};

function explainWriteFailure(path: string, absolute: string, error: unknown): UccertError {
  const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
  const explain = writeFailures[code];
  if (explain !== undefined) return explain(path, absolute);
  return environmentError(
    'WRITE_FAILED',
    `cannot write "${path}" (${code})`,
    'check the directory exists and is writable, and that the disk is not full',
  );
}
