// What the `ca` and `client-cert` commands share at the edge: the store of --home, the passphrase
// from $UCCERT_PASSPHRASE or the terminal, and writing public output files (never keys).

import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { type CaContext, labCaMissing } from '../ca/ca-context.js';
import { parseRevocationReason, type RevocationScope, revokeCertificate } from '../ca/ca-revoke.js';
import { environmentError, inputError, type UccertError } from '../errors.js';
import { passphraseSource, terminalPrompt } from '../secrets/passphrase.js';
import { resolveHome } from '../store/home.js';
import { readKeyringParameters } from '../store/keyring-records.js';
import { openStore, storeFileName } from '../store/store.js';
import type { OptionValues, ParsedCommandLine } from './command.js';
import { type CliIo, printJson } from './io.js';
import { flagOption, stringOption } from './options.js';
import { writeOutputFile } from './output-file.js';
import { renderRevocationText, revocationJson } from './render-lab-ca.js';

/** What a command that needs an existing store says when there is none (it must not create one). */
export type MissingStore = (home: string) => UccertError;

/** For commands that read or change what earlier commands stored: names the home and the first step. */
export function noStoreYet(...firstSteps: readonly string[]): MissingStore {
  return (home) =>
    inputError(
      'NO_STORE',
      `there is no uccert store in "${home}"`,
      `run ${firstSteps.map((step) => `\`${step}\``).join(' or ')} first, or give --home DIR`,
    );
}

/** Throws `missing` when the home has no store file; commands that create the store pass nothing. */
export function requireStoreFile(home: string, missing: MissingStore | undefined): void {
  if (missing !== undefined && !existsSync(join(home, storeFileName))) throw missing(home);
}

/**
 * Opens the store, runs `work` with the lab CA context, and closes the store whatever happens.
 * With `missing`, a home without a store is refused rather than given an empty one; with
 * access `read`, the store is opened read-only (it may be on a read-only disk).
 */
export async function withLabCa<T>(
  values: OptionValues,
  io: CliIo,
  work: (context: CaContext) => Promise<T>,
  missing?: MissingStore,
  access: 'write' | 'read' = 'write',
): Promise<T> {
  const home = resolveHome({ homeOption: stringOption(values, 'home'), env: io.env, cwd: io.cwd });
  requireStoreFile(home, missing);
  const store = openStore(home, { access });
  try {
    return await work({
      store,
      now: io.now(),
      passphrase: passphraseSource({
        env: io.env,
        prompt: terminalPrompt(),
        keyringExists: () => store.read(() => readKeyringParameters(store.db) !== null),
      }),
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

/** A subcommand of `ca` or `client-cert` (the first positional names it). */
export type Subcommand = (args: ParsedCommandLine, io: CliIo) => Promise<number>;

/** The one operand after the subcommand, e.g. the CSR of `ca issue`. */
export function onePositional(
  args: ParsedCommandLine,
  command: string,
  what: string,
  example: string,
): string {
  const [, value, extra] = args.positionals;
  if (value === undefined || extra !== undefined) {
    throw inputError(
      'BAD_USAGE',
      `${command} ${args.positionals[0] ?? ''}: give exactly one ${what}`,
      `for example: ${example}`,
    );
  }
  return value;
}

/** `ca revoke` and `client-cert revoke`: the same use case, `client` limited to client certificates. */
export function revokeSubcommand(command: string, scope: RevocationScope, example: string): Subcommand {
  return async (args, io) => {
    const target = onePositional(args, command, 'thumbprint or serial number', example);
    const reason = parseRevocationReason(stringOption(args.values, 'reason'));
    return withLabCa(
      args.values,
      io,
      async (context) => {
        const revocation = await revokeCertificate(context.store, target, reason, scope, context.now);
        if (flagOption(args.values, 'json')) printJson(io, revocationJson(revocation));
        else io.stdout(renderRevocationText(revocation));
        return 0;
      },
      labCaMissing,
    );
  };
}
