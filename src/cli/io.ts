import { inputError } from '../errors.js';

// The outside world as the CLI sees it. Commands receive this instead of touching process.*,
// so tests run them in process, capture what they print and give them a fixed clock.

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<Buffer>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
  readonly cwd: string;
  /** stderr when it is a terminal (a live progress bar goes there); absent otherwise and in tests. */
  readonly stderrTerminal?: NodeJS.WriteStream;
}

/**
 * The clock for this run. UCCERT_NOW (ISO 8601) pins it, so transcripts that depend on the time
 * (validity windows, days left) are reproducible; otherwise the real clock.
 */
export function clockFromEnv(env: Readonly<Record<string, string | undefined>>): () => Date {
  const pinned = env.UCCERT_NOW;
  if (pinned === undefined || pinned === '') return () => new Date();
  const at = new Date(pinned);
  if (Number.isNaN(at.getTime())) {
    throw inputError(
      'BAD_CLOCK',
      `UCCERT_NOW="${pinned}" is not an ISO 8601 time`,
      'unset UCCERT_NOW or give a time such as 2026-06-01T00:00:00Z',
    );
  }
  return () => new Date(at.getTime());
}

/** The one JSON document a `--json` command prints (architecture.md, "Command line"). */
export function printJson(io: Pick<CliIo, 'stdout'>, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
