// Options `check` and `discover` share: --now, --warn-days, --fail-on, --timeout, --ca, parsed
// with messages that name the flag, quote the value and say what to give instead.

import { buildTrustStore, type TrustStore } from '../check/chain-trust.js';
import { inputError } from '../errors.js';
import { readCaFiles, readSystemRoots } from '../net/trust-anchors.js';
import type { OptionSpec, OptionValues } from './command.js';
import type { CliIo } from './io.js';
import { integerOption, stringListOption, stringOption } from './options.js';
import { type FailOn, parseFailOn } from './render-findings.js';

export const defaultWarnDays = 30;
export const defaultTimeoutMs = 5_000;

export const sharedCheckOptions: OptionSpec = {
  now: { type: 'string' },
  'warn-days': { type: 'string' },
  'fail-on': { type: 'string' },
  timeout: { type: 'string' },
  ca: { type: 'string', multiple: true },
};

export const sharedCheckHelp: readonly (readonly [string, string])[] = [
  ['--now ISO', 'evaluate validity as of this time (default: now)'],
  ['--warn-days N', `warn when a certificate expires within N days (default ${defaultWarnDays})`],
  ['--ca FILE', 'trust the CA certificates in FILE (your internal root); may be repeated'],
  [
    '--timeout MS',
    `give up on one DNS question or TLS handshake after MS milliseconds (default ${defaultTimeoutMs})`,
  ],
  ['--fail-on LEVEL', 'exit 1 on findings of this severity or worse: error (default) or warning'],
  ['--json', 'print one JSON document with every finding (code, severity, target, message, fix, sources)'],
];

export interface SharedCheckSettings {
  readonly now: Date;
  readonly warnDays: number;
  readonly failOn: FailOn;
  readonly timeoutMs: number;
  readonly trustStore: TrustStore;
}

export function parseNow(text: string | undefined, io: CliIo): Date {
  if (text === undefined) return io.now();
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at.getTime())) {
    throw inputError(
      'BAD_OPTION_VALUE',
      `--now "${text}" is not an ISO 8601 time`,
      'give a time such as --now 2026-06-01T12:00:00Z',
    );
  }
  // A date-time without Z or an offset is local time to JavaScript: the same command would check
  // a different instant on a machine in another time zone, which is the very mistake NOT_YET_VALID
  // diagnoses. A bare date is UTC midnight and stays accepted.
  if (/T\d/.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    throw inputError(
      'BAD_OPTION_VALUE',
      `--now "${text}" has no time zone, so it would be read in this machine's local time`,
      `give it in UTC or with its offset: --now ${text}Z or --now ${text}+05:00`,
    );
  }
  return at;
}

export async function readSharedCheckSettings(values: OptionValues, io: CliIo): Promise<SharedCheckSettings> {
  const caCertificates = await readCaFiles(stringListOption(values, 'ca'), io.cwd);
  return {
    now: parseNow(stringOption(values, 'now'), io),
    warnDays: integerOption(values, 'warn-days', 0, 3650) ?? defaultWarnDays,
    failOn: parseFailOn(stringOption(values, 'fail-on')),
    timeoutMs: integerOption(values, 'timeout', 50, 600_000) ?? defaultTimeoutMs,
    trustStore: buildTrustStore(readSystemRoots(), caCertificates),
  };
}
