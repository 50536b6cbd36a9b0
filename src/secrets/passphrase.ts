// Where the store passphrase comes from: $UCCERT_PASSPHRASE, else a prompt on the terminal with
// echo off (asked twice for a store that has no keyring yet). Without either, the command stops
// before touching the store.

import { inputError } from '../errors.js';

export type PassphraseSource = () => Promise<string>;

export interface PassphraseInputs {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Asks on the terminal, or null when there is none (pipes, CI, tests). */
  readonly prompt: ((question: string) => Promise<string>) | null;
  /** Whether the store has a keyring already; a new passphrase is typed twice, as a typo would become it. */
  readonly keyringExists: () => boolean;
}

async function askOnTerminal(
  inputs: PassphraseInputs,
  prompt: (question: string) => Promise<string>,
): Promise<string> {
  const first = await prompt('uccert store passphrase: ');
  if (first === '' || inputs.keyringExists()) return first;
  if ((await prompt('uccert store passphrase (again, to confirm the new one): ')) !== first) {
    throw inputError(
      'PASSPHRASE_MISMATCH',
      'the two passphrases typed for the new uccert store differ (nothing was changed)',
      'run the command again and type the same passphrase twice, or set UCCERT_PASSPHRASE',
    );
  }
  return first;
}

/** Asks at most once per command; later calls get the same answer. */
export function passphraseSource(inputs: PassphraseInputs): PassphraseSource {
  let asked: Promise<string> | null = null;
  const ask = async (): Promise<string> => {
    const fromEnv = inputs.env.UCCERT_PASSPHRASE;
    const value =
      fromEnv !== undefined && fromEnv !== ''
        ? fromEnv
        : inputs.prompt === null
          ? null
          : await askOnTerminal(inputs, inputs.prompt);
    if (value === null || value === '') {
      throw inputError(
        'PASSPHRASE_MISSING',
        'the private keys in the uccert store need a passphrase, and none was given',
        'set UCCERT_PASSPHRASE, or run the command on a terminal to be asked for it',
      );
    }
    return value;
  };
  return () => {
    asked ??= ask();
    return asked;
  };
}

/** Reads a line from the terminal without echoing it. Null when stdin is not a TTY. */
export function terminalPrompt(): ((question: string) => Promise<string>) | null {
  if (process.stdin.isTTY !== true) return null;
  return async (question) => {
    const { createInterface } = await import('node:readline');
    const { Writable } = await import('node:stream');
    // A sink for readline's echo, so the passphrase is never shown on screen.
    const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
    const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
    // Asked only once the terminal is in raw mode: what is typed on seeing the question is
    // never echoed by the terminal itself (test/pfx-password.test.ts types on a pseudo-terminal).
    process.stderr.write(question);
    try {
      return await new Promise<string>((resolveLine) => rl.question('', resolveLine));
    } finally {
      rl.close();
      process.stderr.write('\n');
    }
  };
}
