// Progress of `uccert scan` on stderr: a live bar on a terminal (cli-progress: done/total, errors
// so far, the slowest endpoint), else with --verbose one line per endpoint, else nothing. Colour
// only on a terminal and only without NO_COLOR (no-color.org).

import { SingleBar } from 'cli-progress';
import type { ScanProgress } from '../scan/run-scan.js';
import type { CliIo } from './io.js';

export interface ProgressView {
  readonly update: (progress: ScanProgress) => void;
  readonly stop: () => void;
}

const red = (text: string): string => `\u001b[31m${text}\u001b[39m`;

export function describeEndpointLine(progress: ScanProgress): string {
  const r = progress.result;
  const served = r.served === null ? (r.error?.message ?? r.status) : r.served.thumbprint;
  return `[${progress.done}/${progress.total}] ${r.status} ${r.endpoint} (${r.server ?? '-'} ${r.use}) ${r.elapsedMs} ms: ${served}; drift ${r.drift}\n`;
}

export function createProgressView(
  io: CliIo,
  options: { readonly json: boolean; readonly verbose: boolean; readonly total: number },
): ProgressView {
  const terminal = io.stderrTerminal;
  if (terminal !== undefined && !options.json) {
    const colour = io.env.NO_COLOR === undefined || io.env.NO_COLOR === '';
    const bar = new SingleBar({
      stream: terminal,
      format: 'scan [{bar}] {value}/{total} endpoints | errors {errors} | slowest {slowest}',
      barCompleteChar: '#',
      barIncompleteChar: '-',
      hideCursor: false,
      clearOnComplete: false,
      fps: 10,
    });
    let started = false;
    return {
      update(progress) {
        const errors = String(progress.errors);
        const payload = {
          errors: colour && progress.errors > 0 ? red(errors) : errors,
          slowest:
            progress.slowest === null ? '-' : `${progress.slowest.endpoint} ${progress.slowest.elapsedMs} ms`,
        };
        if (!started) {
          bar.start(progress.total, 0, payload);
          started = true;
        }
        bar.update(progress.done, payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  if (options.verbose && !options.json) {
    return { update: (progress) => io.stderr(describeEndpointLine(progress)), stop: () => {} };
  }
  return { update: () => {}, stop: () => {} };
}
