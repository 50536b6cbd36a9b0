// `uccert store check|backup|passphrase`: the store's full integrity check, an online backup, and
// re-sealing every private key under a new passphrase (issue 9, items 16 and 22). Parses the
// options, calls the use case in src/store, renders text or JSON.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { environmentError, inputError, UccertError } from '../errors.js';
import { passphraseSource, terminalPrompt } from '../secrets/passphrase.js';
import { resolveHome } from '../store/home.js';
import { checkStoreIntegrity } from '../store/integrity.js';
import { changeStorePassphrase } from '../store/passphrase-change.js';
import { openStore, type Store, storeFileName } from '../store/store.js';
import { backUpStore } from '../store/store-backup.js';
import type { Command, OptionValues, ParsedCommandLine } from './command.js';
import { type CliIo, printJson } from './io.js';
import { flagOption, stringOption } from './options.js';

type Subcommand = (args: ParsedCommandLine, io: CliIo) => Promise<number>;

function homeOf(values: OptionValues, io: CliIo): string {
  return resolveHome({ homeOption: stringOption(values, 'home'), env: io.env, cwd: io.cwd });
}

/** Opens the existing store of --home; a missing one is refused, never created. */
function openExisting(values: OptionValues, io: CliIo, access: 'read' | 'write'): Store {
  const home = homeOf(values, io);
  if (!existsSync(join(home, storeFileName))) {
    throw inputError(
      'NO_STORE',
      `there is no uccert store in "${home}"`,
      'give the home that holds uccert.db with --home DIR (or $UCCERT_HOME)',
    );
  }
  return openStore(home, { access });
}

function noExtraOperands(args: ParsedCommandLine, subcommand: string): void {
  const extra = args.positionals[1];
  if (extra !== undefined) {
    throw inputError('BAD_USAGE', `store ${subcommand}: unexpected "${extra}"`, 'run `uccert store --help`');
  }
}

const check: Subcommand = async (args, io) => {
  noExtraOperands(args, 'check');
  let store: Store;
  try {
    store = openExisting(args.values, io, 'read');
  } catch (error) {
    // The usual hint points here; from here, only a backup helps.
    if (error instanceof UccertError && error.exitCode === 3 && error.code !== 'STORE_NEEDS_UPGRADE') {
      throw environmentError(
        error.code,
        error.message,
        'restore the store from a backup, or start a new --home',
        error,
      );
    }
    throw error;
  }
  try {
    const problems = store.read(() => checkStoreIntegrity(store.db, store.path));
    if (flagOption(args.values, 'json')) {
      printJson(io, { store: store.path, ok: problems.length === 0, problems });
    } else if (problems.length === 0) {
      io.stdout(
        `The uccert store "${store.path}" passed every check: SQLite's integrity and foreign keys, uccert's invariants, every certificate against its DER, and the keyring.\n`,
      );
    } else {
      io.stdout(
        [
          `The uccert store "${store.path}" has ${problems.length} problem${problems.length === 1 ? '' : 's'}:`,
          ...problems.map((p) => `  - ${p}`),
          'Restore it from a backup (uccert store backup makes one), or start a new --home.',
          '',
        ].join('\n'),
      );
    }
    return problems.length === 0 ? 0 : 1;
  } finally {
    store.close();
  }
};

const backup: Subcommand = async (args, io) => {
  noExtraOperands(args, 'backup');
  const out = stringOption(args.values, 'out');
  if (out === undefined || out === '') {
    throw inputError(
      'BAD_USAGE',
      'store backup: give the file to write with --out FILE',
      'for example: uccert store backup --out uccert-backup.db',
    );
  }
  const file = resolve(io.cwd, out);
  const store = openExisting(args.values, io, 'read');
  try {
    const result = await backUpStore(store, file);
    if (flagOption(args.values, 'json')) {
      printJson(io, { store: store.path, ...result });
    } else {
      io.stdout(
        [
          `Backed up the uccert store "${store.path}" to "${result.file}" (${result.certificates} certificates, ${result.privateKeys} private keys, ${Math.ceil(result.bytes / 1024)} KB; checked).`,
          'The copy holds the private keys, sealed under the store passphrase: keep it where only you can read it.',
          `To restore it, copy it over "${store.path}" while no uccert command runs.`,
          '',
        ].join('\n'),
      );
    }
    return 0;
  } finally {
    store.close();
  }
};

/** The new passphrase: $UCCERT_NEW_PASSPHRASE, else typed twice on the terminal. */
async function newPassphrase(io: CliIo): Promise<string> {
  const fromEnv = io.env.UCCERT_NEW_PASSPHRASE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const prompt = terminalPrompt();
  const missing = inputError(
    'NEW_PASSPHRASE_MISSING',
    'store passphrase needs the new passphrase, and none was given',
    'set UCCERT_NEW_PASSPHRASE, or run the command on a terminal to be asked for it',
  );
  if (prompt === null) throw missing;
  const first = await prompt('new uccert store passphrase: ');
  if (first === '') throw missing;
  if ((await prompt('new uccert store passphrase (again, to confirm it): ')) !== first) {
    throw inputError(
      'PASSPHRASE_MISMATCH',
      'the two new passphrases typed differ (nothing was changed)',
      'run the command again and type the same passphrase twice, or set UCCERT_NEW_PASSPHRASE',
    );
  }
  return first;
}

const passphrase: Subcommand = async (args, io) => {
  noExtraOperands(args, 'passphrase');
  const home = homeOf(args.values, io);
  if (!existsSync(join(home, storeFileName))) {
    throw inputError(
      'NO_STORE',
      `there is no uccert store in "${home}"`,
      'give the home that holds uccert.db with --home DIR (or $UCCERT_HOME)',
    );
  }
  const current = await passphraseSource({
    env: io.env,
    prompt: terminalPrompt(),
    keyringExists: () => true,
  })();
  const next = await newPassphrase(io);
  const store = openExisting(args.values, io, 'write');
  try {
    const result = await changeStorePassphrase(store, { current, next }, io.now());
    if (flagOption(args.values, 'json')) {
      printJson(io, { store: store.path, resealedKeys: result.keys });
    } else {
      io.stdout(
        `Re-sealed ${result.keys} private key${result.keys === 1 ? '' : 's'} of the uccert store "${store.path}" under the new passphrase.\nFrom now on, give the new one (UCCERT_PASSPHRASE or the prompt).\n`,
      );
    }
    return 0;
  } finally {
    store.close();
  }
};

const subcommands: Readonly<Record<string, Subcommand>> = { check, backup, passphrase };

export const storeCommand: Command = {
  name: 'store',
  usage: ['store check', 'store backup --out FILE', 'store passphrase'],
  optionHelp: [
    ['--out FILE', 'backup: the file to write (never overwritten; owner-only, it holds the sealed keys)'],
    [
      '--home DIR',
      'the uccert store (default $UCCERT_HOME or ~/.uccert); the passphrase is $UCCERT_PASSPHRASE',
    ],
    ['--json', 'print one JSON document'],
  ],
  examples: [
    'uccert store check',
    'uccert store backup --out uccert-2026-06-01.db',
    'uccert store passphrase',
  ],
  options: { out: { type: 'string' } },
  async run(args, io) {
    const name = args.positionals[0];
    const subcommand = name !== undefined && Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
    if (subcommand === undefined) {
      throw inputError(
        'BAD_USAGE',
        name === undefined
          ? 'store: no subcommand given'
          : `store: "${name}" is not a subcommand (known: check, backup, passphrase)`,
        'run `uccert store --help` for the subcommands and their options',
      );
    }
    return subcommand(args, io);
  },
};
