// Where the demo keeps its state and which passphrase seals its keys: the home the user names
// (--home, $UCCERT_HOME), else a fresh temporary directory with a fixed, announced demo passphrase,
// so that `uccert demo` runs on a fresh clone with no setup and never touches ~/.uccert.

import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { environmentError, inputError } from '../errors.js';
import { type PassphraseSource, passphraseSource } from '../secrets/passphrase.js';
import { countCertificates } from '../store/certificate-records.js';
import { resolveHome } from '../store/home.js';
import { readKeyringParameters } from '../store/keyring-records.js';
import { openStore, type Store } from '../store/store.js';

/** Seals the keys of a throw-away demo home only; said on screen, so it is no secret. */
export const demoPassphrase = 'uccert-demo';

export interface DemoHomeSources {
  readonly homeOption: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The system's temporary directory ($TMPDIR). */
  readonly tmpdir: string;
  readonly reuse: boolean;
  readonly prompt: ((question: string) => Promise<string>) | null;
}

export interface DemoHome {
  readonly store: Store;
  /** Whether the demo made the directory (a fresh temporary one). */
  readonly fresh: boolean;
  /** Where the passphrase comes from, to tell the user. */
  readonly passphraseFrom: 'env' | 'demo' | 'prompt';
  readonly passphrase: PassphraseSource;
}

function makeTemporaryHome(tmpdir: string): string {
  try {
    return mkdtempSync(join(tmpdir, 'uccert-demo-'));
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw environmentError(
      'HOME_UNUSABLE',
      `cannot make a temporary directory for the demo in "${tmpdir}" (${code})`,
      'give the demo a writable directory with --home DIR',
    );
  }
}

/** Opens the demo's store; a store that already holds certificates is refused unless `reuse`. */
export function openDemoHome(sources: DemoHomeSources): DemoHome {
  const chosen = sources.homeOption ?? sources.env.UCCERT_HOME;
  const fresh = chosen === undefined || chosen === '';
  const home = fresh
    ? makeTemporaryHome(sources.tmpdir)
    : resolveHome({ homeOption: chosen, env: sources.env, cwd: sources.cwd });
  const store = openStore(home);
  const held = store.read(() => countCertificates(store.db));
  if (held > 0 && !sources.reuse) {
    store.close();
    throw inputError(
      'DEMO_HOME_NOT_EMPTY',
      `the uccert store in "${home}" already holds ${held} certificate${held === 1 ? '' : 's'}; the demo would add a whole deployment to it`,
      'run the demo without --home (a fresh temporary home), give an empty --home DIR, or add --reuse to use this store anyway',
    );
  }
  const fromEnv = sources.env.UCCERT_PASSPHRASE;
  const passphraseFrom = fromEnv !== undefined && fromEnv !== '' ? 'env' : fresh ? 'demo' : 'prompt';
  const env = passphraseFrom === 'demo' ? { UCCERT_PASSPHRASE: demoPassphrase } : sources.env;
  return {
    store,
    fresh,
    passphraseFrom,
    passphrase: passphraseSource({
      env,
      prompt: sources.prompt,
      keyringExists: () => store.read(() => readKeyringParameters(store.db) !== null),
    }),
  };
}
