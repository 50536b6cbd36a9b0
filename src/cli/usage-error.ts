// Turns what node:util parseArgs throws into one usage error that names the flag and says what to
// write instead. Its own messages span lines and talk about "positional arguments".

import { inputError, inputErrorAbout, type UccertError } from '../errors.js';

/** [message, hint, the flag or argument it is about]. */
type Explain = (match: RegExpExecArray, command: string, args: readonly string[]) => [string, string, string];

/** What follows `flag` on the command line: the value it lacked, as the user typed it. */
function followerOf(flag: string, args: readonly string[]): string {
  const at = args.indexOf(flag);
  return at >= 0 ? (args[at + 1] ?? '') : '';
}

/** parseArgs messages (Node 20–24, lib/internal/util/parse_args) and what to say instead. */
const explanations: readonly (readonly [RegExp, Explain])[] = [
  [
    /^Unknown option '([^']+)'/,
    ([, token = ''], command, args) => {
      // A short option is reported by its first letter only: quote the whole argument.
      const arg = args.find((a) => a.startsWith(token)) ?? token;
      return [
        `${command}: "${arg}" is not an option of uccert ${command}`,
        `run \`uccert ${command} --help\` for its options (an argument that starts with "-" goes after --)`,
        arg,
      ];
    },
  ],
  [
    /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/,
    ([, flag = ''], command) => [
      `${command}: ${flag} needs a value`,
      `give it as ${flag} VALUE; run \`uccert ${command} --help\` for what it takes`,
      flag,
    ],
  ],
  [
    /^Option '(?:-\w, )?(--[\w-]+)' argument is ambiguous/,
    ([, flag = ''], command, args) => {
      const next = followerOf(flag, args);
      return [
        `${command}: ${flag} needs a value, but is followed by "${next}", which looks like an option`,
        `if "${next}" is the value, write ${flag}=${next}; otherwise give ${flag} its value`,
        flag,
      ];
    },
  ],
  [
    /^Option '(?:-\w, )?(--[\w-]+)' does not take an argument/,
    ([, flag = ''], command) => [`${command}: ${flag} takes no value`, `write ${flag} alone`, flag],
  ],
];

export function explainUsageError(reason: string, command: string, args: readonly string[]): UccertError {
  for (const [pattern, explain] of explanations) {
    const match = pattern.exec(reason);
    if (match !== null) {
      const [message, hint, input] = explain(match, command, args);
      return inputErrorAbout(input, 'BAD_USAGE', message, hint);
    }
  }
  const firstLine = reason.split('\n')[0] ?? reason;
  return inputError(
    'BAD_USAGE',
    `${command}: ${firstLine}`,
    `run \`uccert ${command} --help\` for its options`,
  );
}
