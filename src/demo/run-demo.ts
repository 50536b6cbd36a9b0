// `uccert demo`, the use case: a whole Contoso deployment on this machine. The lab CA, every
// certificate the plan lists issued and assigned, a TLS listener per endpoint of the topology and
// the CA's CRL/AIA publication server on loopback, then `check --live` against them with the lab
// root as trust anchor. The caller closes the session (at once, or after Ctrl-C).

import { createServer } from 'node:net';
import type { CaContext } from '../ca/ca-context.js';
import { currentPublication, signCrls } from '../ca/ca-crl.js';
import { type PublicationServer, startPublicationServer } from '../ca/publication-server.js';
import type { TrustStore } from '../check/chain-trust.js';
import { checkLiveEndpoints } from '../check-inputs/live-endpoints-check.js';
import { type CheckRun, prepareTopologyCheck } from '../check-inputs/topology-check.js';
import { environmentError } from '../errors.js';
import { defaultPlanOptions } from '../requirements/plan-model.js';
import { planRequirements } from '../requirements/plan-requirements.js';
import type { ScanDocument } from '../scan/scan-document.js';
import { readScanDocument } from '../scan/scan-history.js';
import type { PassphraseSource } from '../secrets/passphrase.js';
import type { Store } from '../store/store.js';
import type { Topology } from '../topology/model.js';
import { scanRunner } from '../web/scan-jobs.js';
import {
  type DemoCa,
  type DemoCertificate,
  type DriftingCertificate,
  demoCaName,
  ensureDemoCa,
  issueAndAssignPlan,
  issueDriftingCertificate,
} from './deploy-lab.js';
import { loopbackAddress, type RunningEndpoints, startLabEndpoints } from './lab-endpoints.js';
import { describeMistakes, type PlantedMistake } from './planted-mistakes.js';

export interface DemoInputs {
  readonly store: Store;
  readonly passphrase: PassphraseSource;
  readonly now: Date;
  /** The clock while it keeps running: the CDP re-signs the CRL before it expires. */
  readonly clock: () => Date;
  readonly topology: Topology;
  /** The topology's path as the user would type it (fix commands quote it). */
  readonly topologyPath: string;
  /** The trust anchors of the check, given the lab root (system roots plus it, as `check --ca`). */
  readonly trustStoreWith: (root: Uint8Array) => TrustStore;
  readonly warnDays: number;
  readonly timeoutMs: number;
  /** Plant the three mistakes (planted-mistakes.ts); false for `--clean`. */
  readonly plantMistakes: boolean;
}

export interface DemoSession {
  readonly ca: DemoCa;
  readonly certificates: readonly DemoCertificate[];
  readonly endpoints: RunningEndpoints;
  readonly publication: PublicationServer;
  readonly check: CheckRun;
  /** The scan of every endpoint after the check: served vs assigned (drift). */
  readonly scan: ScanDocument;
  readonly mistakes: readonly PlantedMistake[];
  readonly drifting: DriftingCertificate | null;
  /** The trust store of the check and the scan (system roots and the lab root). */
  readonly trustStore: TrustStore;
  /** Stops every listener. */
  close(): Promise<void>;
}

/** A free loopback port, for the CA's CDP/AIA URL, which is written into the certificates it signs. */
export function reserveLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, loopbackAddress, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The port the CA's base URL names when it is on loopback; else any (the URL is elsewhere). */
function publicationPortOf(baseUrl: string): number {
  const url = new URL(baseUrl);
  return url.hostname === loopbackAddress && url.port !== '' ? Number(url.port) : 0;
}

async function startPublication(
  context: CaContext,
  clock: () => Date,
  baseUrl: string,
): Promise<PublicationServer> {
  await signCrls(context);
  const port = publicationPortOf(baseUrl);
  // The last CRL `uccert ca crl` signed, re-signed before it expires (demo --keep-running).
  const source = () => currentPublication({ ...context, now: clock() });
  return startPublicationServer(source, port).catch((error: unknown) => {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw environmentError(
      'SERVE_FAILED',
      `cannot serve the lab CA's CRLs on ${loopbackAddress} port ${port} (${code})`,
      port === 0
        ? 'check that loopback networking works here'
        : `the CA's CRL URL ${baseUrl} names that port: free it, or run the demo in a fresh home`,
    );
  });
}

export async function runDemo(inputs: DemoInputs): Promise<DemoSession> {
  const context: CaContext = { store: inputs.store, now: inputs.now, passphrase: inputs.passphrase };
  const ca = await ensureDemoCa(
    context,
    `http://${loopbackAddress}:${await reserveLoopbackPort()}`,
    demoCaName(inputs.topology),
  );
  const certificates = await issueAndAssignPlan(
    context,
    { topology: inputs.topology, path: inputs.topologyPath },
    inputs.plantMistakes,
  );
  const drifting = inputs.plantMistakes ? await issueDriftingCertificate(context, inputs.topology) : null;
  const publication = await startPublication(context, inputs.clock, ca.baseUrl);
  let endpoints: RunningEndpoints;
  try {
    endpoints = await startLabEndpoints(
      inputs.store,
      await inputs.passphrase(),
      inputs.topology,
      inputs.now,
      drifting === null
        ? null
        : { server: drifting.server, uses: drifting.uses, certificateId: drifting.certificate.id },
    );
  } catch (error) {
    await publication.close();
    throw error;
  }
  const close = async (): Promise<void> => {
    await Promise.all([endpoints.close(), publication.close()]);
  };
  try {
    const trustStore = inputs.trustStoreWith(ca.root.der);
    const prepared = prepareTopologyCheck(inputs.topology, inputs.topologyPath, {
      now: inputs.now,
      warnDays: inputs.warnDays,
      trustStore,
    });
    const check = await checkLiveEndpoints(prepared, {
      routes: endpoints.routes,
      dnsServer: null,
      timeoutMs: inputs.timeoutMs,
    });
    // The scan use case, as the console runs it (the first one here: nothing to compare with).
    const scanId = await scanRunner({
      store: inputs.store,
      topology: inputs.topology,
      topologyPath: inputs.topologyPath,
      trustStore,
      routes: endpoints.routes,
      timeoutMs: inputs.timeoutMs,
      warnDays: inputs.warnDays,
      now: () => inputs.now,
    })(() => {});
    const scan = readScanDocument(inputs.store, scanId);
    const mistakes = inputs.plantMistakes
      ? describeMistakes(planRequirements(inputs.topology, defaultPlanOptions).certificates, inputs.topology)
      : [];
    return { ca, certificates, endpoints, publication, check, scan, mistakes, drifting, trustStore, close };
  } catch (error) {
    await close();
    throw error;
  }
}
