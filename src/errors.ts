// The one error type of uccert. A UccertError is a user-facing failure: it carries a stable
// `code`, a message that quotes the offending value, a `hint` with the next action, the CLI exit
// code and the HTTP status. Findings are not errors: a certificate with problems is a result.

/** Exit codes of the CLI contract (architecture.md, "Command line"). */
export const ExitCode = {
  ok: 0,
  findings: 1,
  input: 2,
  environment: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorKind = 'input' | 'environment';

const kindExit = { input: ExitCode.input, environment: ExitCode.environment } as const;
const kindHttp = { input: 400, environment: 502 } as const;

export class UccertError extends Error {
  override readonly name = 'UccertError';
  readonly code: string;
  readonly hint: string;
  readonly kind: ErrorKind;
  /** The input it is about (a file, a flag, a key path), for `--json`'s error document; or null. */
  readonly input: string | null;

  constructor(
    kind: ErrorKind,
    code: string,
    message: string,
    hint: string,
    options?: { cause?: unknown; input?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.code = code;
    this.hint = hint;
    this.input = options?.input ?? null;
  }

  get exitCode(): ExitCode {
    return kindExit[this.kind];
  }

  get httpStatus(): number {
    return kindHttp[this.kind];
  }
}

/** Unreadable or invalid input: a file, a flag, a topology. Exit code 2. */
export function inputError(code: string, message: string, hint: string, cause?: unknown): UccertError {
  return new UccertError('input', code, message, hint, cause === undefined ? undefined : { cause });
}

/** An input error that names the input it is about (a file, a flag), for `--json`. */
export function inputErrorAbout(
  input: string,
  code: string,
  message: string,
  hint: string,
  cause?: unknown,
): UccertError {
  return new UccertError('input', code, message, hint, cause === undefined ? { input } : { cause, input });
}

/** The environment failed us: network, CA, store. Exit code 3. */
export function environmentError(code: string, message: string, hint: string, cause?: unknown): UccertError {
  return new UccertError('environment', code, message, hint, cause === undefined ? undefined : { cause });
}

/** Why a file could not be read, in words (ENOENT, EISDIR), for the messages that name it. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT'
    ? 'no such file'
    : code === 'EISDIR'
      ? 'it is a directory'
      : (code ?? 'unreadable');
}
