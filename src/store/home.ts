// Where uccert keeps its state: `--home DIR`, else $UCCERT_HOME, else ~/.uccert (architecture.md,
// "Command line"). The directory is created owner-only (0700): it holds the encrypted keys.

import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { environmentError } from '../errors.js';

export interface HomeSources {
  readonly homeOption: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** The state directory this run uses, as an absolute path. Pure: touches no file. */
export function resolveHome(sources: HomeSources): string {
  const chosen = sources.homeOption ?? nonEmpty(sources.env.UCCERT_HOME);
  if (chosen === undefined) return join(homedir(), '.uccert');
  return isAbsolute(chosen) ? chosen : resolve(sources.cwd, chosen);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Creates the home directory (0700) when missing; refuses a path that is not a directory. */
export function ensureHomeDirectory(home: string): void {
  try {
    const created = mkdirSync(home, { recursive: true, mode: 0o700 });
    // mkdir's mode is filtered by the umask; a directory we create holds key material, so set it
    // exactly. A directory the user made is left as it is (the files in it are 0600 anyway).
    // Windows has no mode bits (chmod only toggles read-only): there the home inherits the ACL of
    // the user's profile, which only the user and administrators can read.
    if (process.platform !== 'win32' && created !== undefined && (statSync(home).mode & 0o077) !== 0) {
      chmodSync(home, 0o700);
    }
    if (!statSync(home).isDirectory()) throw new Error('ENOTDIR');
  } catch (error) {
    throw environmentError(
      'HOME_UNUSABLE',
      `cannot use "${home}" as the uccert home directory (${describeFsError(error)})`,
      'give a writable directory with --home DIR or $UCCERT_HOME',
      error,
    );
  }
}

function describeFsError(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
