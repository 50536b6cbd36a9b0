// Runs a uccert command in this process with its output captured, for the HTTP API: the API calls
// the same command, the same use case and the same JSON renderer as the CLI, so both faces print
// the same document. A UccertError becomes the `{ "error": … }` document of the CLI contract.

import type { CliIo } from '../cli/io.js';
import { dispatch } from '../cli/main.js';
import { UccertError } from '../errors.js';

export interface CommandContext {
  /** The store the console serves (`--home` is passed to every command). */
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
  readonly cwd: string;
}

export interface CommandOutcome {
  /** HTTP status: 200 for a result (findings included), the error's status otherwise. */
  readonly status: 200 | 400 | 500 | 502;
  /** The CLI's exit code for the same command line. */
  readonly exitCode: number;
  /** The one JSON document the CLI prints with --json. */
  readonly json: string;
  /** The command line, as a user would type it (secrets replaced by a variable). */
  readonly commandLine: string;
}

/** Flags whose value is a secret: shown as a shell variable in the command line we echo back. */
const secretFlags: ReadonlySet<string> = new Set(['--password']);

/** A word quoted for a POSIX shell when it needs quoting. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** `uccert …` as printed to the user: the home flag is left out, secrets become "$PASSWORD". */
export function describeCommandLine(argv: readonly string[]): string {
  const words: string[] = ['uccert'];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--home' || word === '--json') {
      if (word === '--home') i++;
      continue;
    }
    words.push(shellWord(word));
    if (secretFlags.has(word) && i + 1 < argv.length) {
      words.push('"$PASSWORD"');
      i++;
    }
  }
  return words.join(' ');
}

export function errorDocument(error: UccertError, input: string | null): string {
  return `${JSON.stringify({ error: { code: error.code, message: error.message, hint: error.hint, input } }, null, 2)}\n`;
}

function errorStatus(error: UccertError): 400 | 502 {
  return error.httpStatus === 400 ? 400 : 502;
}

/** Runs `uccert ARGV --json --home HOME` in process. */
export async function runCommand(context: CommandContext, argv: readonly string[]): Promise<CommandOutcome> {
  const full = [...argv, '--json', '--home', context.home];
  let stdout = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: () => {},
    readStdin: async () => Buffer.alloc(0),
    env: context.env,
    now: context.now,
    cwd: context.cwd,
  };
  const commandLine = describeCommandLine(full);
  try {
    const exitCode = await dispatch(full, io);
    return { status: 200, exitCode, json: stdout, commandLine };
  } catch (error) {
    if (error instanceof UccertError) {
      return {
        status: errorStatus(error),
        exitCode: error.exitCode,
        json: errorDocument(error, argv[0] ?? null),
        commandLine,
      };
    }
    const detail = error instanceof Error ? error.message : String(error);
    const bug = new UccertError(
      'environment',
      'INTERNAL',
      `internal error in uccert: ${detail}`,
      'this is a bug in uccert; please report it',
    );
    return { status: 500, exitCode: 70, json: errorDocument(bug, argv[0] ?? null), commandLine };
  }
}
