// What the `ca` and `client-cert` commands share at the edge: the store of --home, the passphrase
// from $UCCERT_PASSPHRASE or the terminal, and writing public output files (never keys).

import { mkdirSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { CaContext } from '../ca/ca-context.js';
import { environmentError } from '../errors.js';
import { passphraseSource, terminalPrompt } from '../secrets/passphrase.js';
import { resolveHome } from '../store/home.js';
import { openStore } from '../store/store.js';
import type { OptionValues } from './command.js';
import type { CliIo } from './io.js';
import { stringOption } from './options.js';
import { writeOutputFile } from './output-file.js';

/** Opens the store, runs `work` with the lab CA context, and closes the store whatever happens. */
export async function withLabCa<T>(
  values: OptionValues,
  io: CliIo,
  work: (context: CaContext) => Promise<T>,
): Promise<T> {
  const home = resolveHome({ homeOption: stringOption(values, 'home'), env: io.env, cwd: io.cwd });
  const store = openStore(home);
  try {
    return await work({
      store,
      now: io.now(),
      passphrase: passphraseSource({ env: io.env, prompt: terminalPrompt() }),
    });
  } finally {
    store.close();
  }
}

/** Writes a public file (certificates, CRLs, CSRs) and returns its absolute path. */
export function writePublicFile(io: CliIo, path: string, content: string | Uint8Array): string {
  return writeOutputFile(io, path, content, 'public');
}

/** Creates an output directory before the store changes, so a bad path fails with nothing done. */
export function createOutputDirectory(io: CliIo, path: string): void {
  try {
    mkdirSync(isAbsolute(path) ? path : resolve(io.cwd, path), { recursive: true });
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw environmentError(
      'WRITE_FAILED',
      `cannot create the directory "${path}" (${reason})`,
      'give a writable --out-dir',
    );
  }
}
