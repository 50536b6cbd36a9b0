// Where the password of a PFX (or of an encrypted PEM key) comes from: --password-file FILE,
// $UCCERT_PFX_PASSWORD, or a prompt on the terminal; --password P still works, with a warning,
// since a command line is visible to every user of the machine (ps, /proc) (issue 9, item 21).

import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileErrorReason, inputError, inputErrorAbout, UccertError } from '../errors.js';
import { inputLimits, limitError } from '../input-limits.js';
import { terminalPrompt } from '../secrets/passphrase.js';
import type { OptionSpec, OptionValues } from './command.js';
import type { CliIo } from './io.js';
import { stringOption } from './options.js';

/** The environment variable that holds a PFX password (architecture.md, "Command line"). */
export const pfxPasswordVariable = 'UCCERT_PFX_PASSWORD';

export const pfxPasswordOptions = {
  password: { type: 'string' },
  'password-file': { type: 'string' },
} as const satisfies OptionSpec;

/** Option help for commands that open a PFX: `what` says which files, e.g. "PFX/P12 files". */
export function pfxPasswordHelp(what: string): readonly (readonly [string, string])[] {
  return [
    [
      '--password-file FILE',
      `the password of ${what}: the first line of FILE; without it, $${pfxPasswordVariable}, else asked on a terminal`,
    ],
    ['--password P', 'the same on the command line, where other users can see it (warns)'],
  ];
}

const commandLineWarning = `warning: --password puts the password on the command line, where any user of this machine can read it (ps, /proc); give it with --password-file FILE or $${pfxPasswordVariable}, or type it when asked on a terminal\n`;

/**
 * The password given with --password-file, --password or (unless `fromEnv` is false)
 * $UCCERT_PFX_PASSWORD; undefined if none.
 */
export async function readGivenPfxPassword(
  values: OptionValues,
  io: CliIo,
  fromEnv = true,
): Promise<string | undefined> {
  const onCommandLine = stringOption(values, 'password');
  const file = stringOption(values, 'password-file');
  if (onCommandLine !== undefined && file !== undefined) {
    throw inputError(
      'BAD_USAGE',
      '--password and --password-file both give the password',
      'give it once: --password-file FILE (it stays off the command line)',
    );
  }
  if (onCommandLine !== undefined) {
    io.stderr(commandLineWarning);
    return onCommandLine;
  }
  if (file !== undefined) return readPasswordFile(file, io.cwd);
  const variable = fromEnv ? io.env[pfxPasswordVariable] : undefined;
  return variable === undefined || variable === '' ? undefined : variable;
}

/** The first line of FILE, without its line end. */
async function readPasswordFile(path: string, cwd: string): Promise<string> {
  const full = resolve(cwd, path);
  let text: string;
  try {
    const info = await stat(full);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (info.size > inputLimits.passwordFileBytes.max) {
      throw limitError(
        'passwordFileBytes',
        '--password-file',
        path,
        info.size,
        'give a file that holds the password on its first line',
      );
    }
    text = await readFile(full, 'utf8');
  } catch (error) {
    if (error instanceof UccertError) throw error;
    const why = fileErrorReason(error);
    throw inputErrorAbout(
      path,
      'UNREADABLE_FILE',
      `cannot read --password-file "${path}": ${why}`,
      'give a file that holds the password on its first line (readable by you alone: chmod 600)',
      error,
    );
  }
  const password = text.split(/\r?\n/, 1)[0] ?? '';
  if (password === '') {
    throw inputErrorAbout(
      path,
      'EMPTY_PASSWORD',
      `--password-file "${path}" holds no password on its first line`,
      'write the password on the first line of the file',
    );
  }
  return password;
}

function promptOf(io: CliIo): ((question: string) => Promise<string>) | null {
  return io.prompt !== undefined ? io.prompt : terminalPrompt();
}

export type PfxOpener = <T>(open: (password: string | undefined) => T | Promise<T>) => Promise<T>;

/**
 * Opens files that may be password-protected PFXs: with the password given, or with none; and
 * when one needs a password that was not given, with the one typed at a prompt on the terminal
 * (asked once, then tried on the files after it too). --password warns once.
 */
export function pfxOpener(values: OptionValues, io: CliIo): PfxOpener {
  let given: Promise<string | undefined> | null = null;
  let typed: string | undefined;
  return async (open) => {
    given ??= readGivenPfxPassword(values, io);
    const password = (await given) ?? typed;
    try {
      return await open(password);
    } catch (error) {
      const prompt = promptOf(io);
      const needed = error instanceof UccertError && error.code === 'PFX_PASSWORD_REQUIRED';
      if (password !== undefined || !needed || prompt === null) throw error;
      typed = await prompt('PFX password: ');
      return open(typed);
    }
  };
}

/** One file: see pfxOpener. */
export function withPfxPassword<T>(
  values: OptionValues,
  io: CliIo,
  open: (password: string | undefined) => T | Promise<T>,
): Promise<T> {
  return pfxOpener(values, io)(open);
}

/**
 * The password that protects a new PFX: given, or typed twice at a prompt (a typo would become
 * it); null when there is none and no terminal to ask on.
 */
export async function readNewPfxPassword(values: OptionValues, io: CliIo): Promise<string | null> {
  const given = await readGivenPfxPassword(values, io);
  if (given !== undefined && given !== '') return given;
  const prompt = promptOf(io);
  if (prompt === null) return null;
  const first = await prompt('password for the PFX: ');
  if (first === '') return null;
  if ((await prompt('password for the PFX (again): ')) !== first) {
    throw inputError(
      'PASSWORD_MISMATCH',
      'the two passwords typed for the PFX differ (nothing was written)',
      'run the command again and type the same password twice',
    );
  }
  return first;
}
