// Starts the console for a store and (optionally) a topology: the scan backend, the command
// context the API runs commands in, and the listener. Shared by `uccert serve` and `uccert demo`.

import type { TrustStore } from '../check/chain-trust.js';
import { inputError } from '../errors.js';
import type { EndpointRoute } from '../net/endpoint-routes.js';
import type { Store } from '../store/store.js';
import type { Topology } from '../topology/model.js';
import type { ConsoleOptions } from './console-app.js';
import { createScanJobs, type ScanRunner, scanRunner } from './scan-jobs.js';
import { type ConsoleBinding, type RunningConsole, startConsole } from './start-console.js';

export interface ConsoleLaunch {
  readonly store: Store;
  readonly topology: { readonly topology: Topology; readonly path: string } | null;
  readonly caFiles: readonly string[];
  readonly trustStore: TrustStore;
  /** Where the topology's endpoints really are (the demo's loopback listeners); empty: DNS. */
  readonly routes: readonly EndpointRoute[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
  readonly cwd: string;
  readonly binding: ConsoleBinding;
  readonly warnDays: number;
  readonly timeoutMs: number;
  readonly maxUploadBytes: number;
  readonly demo: ConsoleOptions['demo'];
}

export const defaultMaxUploadBytes = 1024 * 1024;

const noTopology: ScanRunner = async () => {
  throw inputError(
    'NO_TOPOLOGY',
    'a scan needs the topology',
    'restart the console with uccert serve --topology FILE',
  );
};

export function launchConsole(launch: ConsoleLaunch): Promise<RunningConsole> {
  const runner =
    launch.topology === null
      ? noTopology
      : scanRunner({
          store: launch.store,
          topology: launch.topology.topology,
          topologyPath: launch.topology.path,
          trustStore: launch.trustStore,
          routes: launch.routes,
          timeoutMs: launch.timeoutMs,
          warnDays: launch.warnDays,
          now: launch.now,
        });
  return startConsole(launch.binding, {
    commands: { home: launch.store.home, env: launch.env, now: launch.now, cwd: launch.cwd },
    scans: createScanJobs(runner, launch.now),
    topologyPath: launch.topology?.path ?? null,
    caFiles: launch.caFiles,
    maxUploadBytes: launch.maxUploadBytes,
    demo: launch.demo,
    warnDays: launch.warnDays,
  });
}
