// `--openssl` at the edge: the option, and printing the openssl twins of what a command did after
// its own output (text), or as the "openssl" member of its one JSON document (--json).

import { type CertificateFileView, passwordVariables } from '../openssl/openssl-twins.js';
import type { CertificateContainer } from '../x509/certificate-container.js';
import type { OptionValues } from './command.js';
import type { CliIo } from './io.js';
import { flagOption } from './options.js';

export const opensslOption = { openssl: { type: 'boolean' } } as const;

export const opensslOptionHelp: readonly [string, string] = [
  '--openssl',
  `also print the openssl command lines that do or verify the same (POSIX shell; passwords from $${passwordVariables.pfx} / $${passwordVariables.key})`,
];

export interface OpensslSession {
  /** The io the command writes through (buffers stdout for --json --openssl). */
  readonly io: CliIo;
  /** Prints the lines (nothing without --openssl). */
  finish(lines: readonly string[]): void;
}

export function opensslSession(io: CliIo, values: OptionValues): OpensslSession {
  if (!flagOption(values, 'openssl')) return { io, finish: () => undefined };
  if (!flagOption(values, 'json')) {
    return {
      io,
      finish: (lines) => io.stdout(`\n# openssl equivalents (a POSIX shell script):\n${lines.join('\n')}\n`),
    };
  }
  let buffered = '';
  return {
    io: { ...io, stdout: (text) => (buffered += text) },
    finish: (lines) => {
      const document = JSON.parse(buffered) as Record<string, unknown>;
      io.stdout(`${JSON.stringify({ ...document, openssl: lines }, null, 2)}\n`);
    },
  };
}

const legacyPfxAlgorithms = /RC2|TripleDES|3DES|pbeWithSHA/i;

/** What the twins need to know of a file uccert read. */
export function fileViewOf(container: CertificateContainer, path: string): CertificateFileView {
  return {
    path,
    kind: container.format,
    binary: container.encoding === 'der',
    certificateCount: container.certificates.length,
    legacyPfx: container.protection?.encryption.some((e) => legacyPfxAlgorithms.test(e)) ?? false,
  };
}
