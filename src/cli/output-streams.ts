// What uccert does when its own output cannot be written (issue 9 item 11). Node reports a failed
// write to stdout as an 'error' event on the stream, and an unhandled one ends the process with a
// stack trace and exit code 1, outside the contract's 0–3: `uccert show big.pem | head -1` did
// (EPIPE), and so did stdout on a full disk (ENOSPC). A reader that goes away (EPIPE) is not a
// failure: the rest of the output is dropped, quietly. Any other write error is an environment
// failure: one message on stderr, exit 3.

import { ExitCode } from '../errors.js';

export interface OutputStream {
  write(text: string): unknown;
  on(event: 'error', listener: (error: Error & { code?: string }) => void): unknown;
}

export interface GuardedOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The exit code to leave with: the command's, or 3 when the output could not be written. */
  exitCodeFor(commandCode: number): number;
}

/** Wraps the process's stdout and stderr; `onFailure` hears of a write failure found after the command ended. */
export function guardOutput(
  out: OutputStream,
  err: OutputStream,
  onFailure: (code: number) => void,
): GuardedOutput {
  let stdoutOpen = true;
  let stderrOpen = true;
  let failed = false;
  const fail = (error: Error & { code?: string }) => {
    if (!stdoutOpen) return;
    stdoutOpen = false;
    if (error.code === 'EPIPE') return; // the reader stopped reading: `uccert show … | head`
    failed = true;
    writeErr(
      `uccert: the output could not be written (${error.code ?? error.message}); nothing more was printed\n` +
        '  free space on the disk it goes to, or send it elsewhere (a pipe or another file)\n',
    );
    onFailure(ExitCode.environment);
  };
  const writeErr = (text: string) => {
    if (!stderrOpen) return;
    try {
      err.write(text);
    } catch {
      stderrOpen = false;
    }
  };
  out.on('error', fail);
  // Nothing is left to tell when stderr itself fails.
  err.on('error', () => {
    stderrOpen = false;
  });
  return {
    stdout: (text) => {
      if (!stdoutOpen) return;
      try {
        out.write(text);
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    },
    stderr: writeErr,
    exitCodeFor: (commandCode) => (failed ? ExitCode.environment : commandCode),
  };
}
