// The input limits of uccert, in one table: each is far beyond any real deployment, so that
// only a mistaken or hostile input meets one, and it is refused (exit 2) by a message that names
// the limit and the input, before it costs minutes or gigabytes (issue 9, item 20).
// The README's "Input limits" section and `uccert --help` are rendered from this table.

import { inputErrorAbout, type UccertError } from './errors.js';

export interface InputLimit {
  readonly max: number;
  /** What is counted, for the message: "bytes", "pools", … */
  readonly unit: string;
  /** What is limited, to follow the number: "pools in a topology". */
  readonly applies: string;
  /** Why real inputs stay far below it. */
  readonly why: string;
}

const mib = 1024 * 1024;

export const inputLimits = {
  topologyFileBytes: {
    max: 16 * mib,
    unit: 'bytes',
    applies: 'bytes of a topology file (YAML, JSON or XML, and the YAML beside an XML)',
    why: 'a 10,000-pool topology is about 1.6 MB',
  },
  topologyValues: {
    // The yaml package holds about 2 KB per value while it builds the document.
    max: 600_000,
    unit: 'values',
    applies: 'values (keys, strings, numbers) in a YAML or JSON topology',
    why: 'a 10,000-pool topology holds about 100,000',
  },
  topologyValueChars: {
    max: 64 * 1024,
    unit: 'characters',
    applies: 'characters in one value of a YAML or JSON topology',
    why: 'the longest real value is a URL or a host name: under 2,100 characters',
  },
  pools: {
    max: 50_000,
    unit: 'pools',
    applies: 'pools in a topology',
    why: 'the largest Lync and Skype for Business deployments have a few dozen',
  },
  servers: {
    max: 200_000,
    unit: 'servers',
    applies: 'servers in a topology, all pools together',
    why: 'the largest deployments have a few hundred',
  },
  serversPerPool: {
    max: 100,
    unit: 'servers',
    applies: 'servers in one pool',
    why: 'an Enterprise Edition pool has at most 12 Front End servers, an Edge pool about as many',
  },
  sipDomains: {
    max: 1_000,
    unit: 'entries',
    applies: 'SIP domains, XMPP domains or Meet simple URLs in a topology',
    why: 'a hosting deployment has tens; each adds names to every web services certificate',
  },
  planNames: {
    max: 2_000_000,
    unit: 'names',
    applies: 'names in a plan (every server × use × name it needs)',
    why: 'a 10,000-pool topology with 2 SIP domains needs about 300,000',
  },
  certificateFileBytes: {
    max: 16 * mib,
    unit: 'bytes',
    applies: 'bytes of a certificate file (PEM, DER, PFX, P7B, CSR) or of stdin',
    why: 'certificate files are kilobytes; a PFX with a long chain is under 100 KB',
  },
  passwordFileBytes: {
    max: 64 * 1024,
    unit: 'bytes',
    applies: 'bytes of a --password-file',
    why: 'a password is one line',
  },
} as const satisfies Readonly<Record<string, InputLimit>>;

export type InputLimitName = keyof typeof inputLimits;

/**
 * The input error for `count` past a limit: `label` says what the input is ("topology",
 * "--password-file"), `input` names it (a path), `fix` says what to give instead. Code
 * INPUT_TOO_LARGE for every limit.
 */
export function limitError(
  name: InputLimitName,
  label: string,
  input: string,
  count: number | string,
  fix: string,
  where?: string,
): UccertError {
  const limit: InputLimit = inputLimits[name];
  return inputErrorAbout(
    input,
    'INPUT_TOO_LARGE',
    `${label} "${input}" has ${typeof count === 'number' ? count.toLocaleString('en-US') : count} ${limit.unit}${where === undefined ? '' : ` under ${where}`}; uccert reads at most ${limit.max.toLocaleString('en-US')} ${limit.applies} (${limit.why})`,
    fix,
  );
}

/** The limits as a text table, for help and the README. */
export function renderInputLimits(): string[] {
  const rows: InputLimit[] = Object.values(inputLimits);
  const width = Math.max(...rows.map((l) => l.max.toLocaleString('en-US').length));
  return rows.map((l) => `  ${l.max.toLocaleString('en-US').padStart(width)}  ${l.applies}`);
}
