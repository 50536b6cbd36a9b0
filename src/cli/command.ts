// What a CLI command is: its options (for node:util parseArgs), its help, and `run`.
// A command parses its input, calls the use case, renders the result: nothing more.

import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface ParsedCommandLine {
  readonly values: OptionValues;
  readonly positionals: readonly string[];
}

export interface Command {
  readonly name: string;
  /** The synopsis lines, without the leading `uccert`. */
  readonly usage: readonly string[];
  /** Option help: [flag, text]. */
  readonly optionHelp: readonly (readonly [string, string])[];
  readonly examples: readonly string[];
  readonly options: OptionSpec;
  run(args: ParsedCommandLine, io: CliIo): Promise<number>;
}
