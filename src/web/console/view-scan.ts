// Scan: start one and watch it live; drift (served vs assigned vs required) per endpoint, what
// changed since the scan before, and the history of scans.

import { ApiError, getJson, postJson } from './api.js';
import { announce, formatInstant, h, link, mount, severityBadge } from './dom.js';
import { renderFinding } from './findings-list.js';
import {
  type Deployment,
  invalidateDeployment,
  type ScanChange,
  type ScanDocument,
  type ScanSummary,
} from './model.js';
import type { Route } from './route.js';
import { renderPagedTable, renderTable } from './table.js';

interface ScanJob {
  readonly jobId: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly done: number;
  readonly total: number;
  readonly scanId: string | null;
  readonly error: { readonly message: string; readonly hint: string } | null;
}

/** One entry of `uccert scan --list --json`. */
interface ScanListEntry {
  readonly scanId: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly endpoints: number;
  readonly summary: ScanSummary | null;
}

/** One change since the scan before, in words (the scan JSON's `changes[]`). */
function describeChange(change: ScanChange): string {
  const c = change as Record<string, unknown>;
  switch (change.kind) {
    case 'thumbprint-changed':
      return `${c.endpoint}: now serves ${c.to ?? 'nothing'} (was ${c.from ?? 'nothing'})`;
    case 'finding-new':
      return `new ${c.code} on ${c.target}: ${c.message}`;
    case 'finding-resolved':
      return `resolved ${c.code} on ${c.target}`;
    case 'unreachable':
    case 'reachable':
      return `${c.endpoint}: ${c.from} → ${c.to}`;
    case 'endpoint-new':
      return `${c.endpoint}: new endpoint`;
    case 'endpoint-gone':
      return `${c.endpoint}: no longer scanned`;
    case 'entered-warning-window':
      return `${c.subject} (${c.thumbprint}) entered the warning window: ${c.daysLeft} days left`;
    default:
      return JSON.stringify(change);
  }
}

function driftBadge(drift: string): HTMLElement {
  return severityBadge(drift === 'none' ? 'ok' : drift === 'not-assigned' ? 'warning' : 'error', drift);
}

function renderScanDocument(scan: ScanDocument, route: Route, rerender: () => void): HTMLElement {
  const onlyProblems = route.params.get('all') !== '1';
  const rows = onlyProblems
    ? scan.endpoints.filter((e) => e.drift !== 'none' || e.status !== 'ok' || e.findings.length > 0)
    : scan.endpoints;
  let page = 1;
  const table = h('div', {});
  const draw = () =>
    mount(
      table,
      renderPagedTable({
        caption: 'Scanned endpoints',
        rows,
        page,
        pageSize: 50,
        onPage: (p) => {
          page = p;
          draw();
        },
        columns: [
          { label: 'Endpoint', cell: (e) => e.endpoint, className: 'mono' },
          {
            label: 'Server',
            cell: (e) => (e.server === null ? '—' : link(`server/${e.server}`, e.server)),
            className: 'mono',
          },
          { label: 'Use', cell: (e) => e.use },
          { label: 'Status', cell: (e) => severityBadge(e.status === 'ok' ? 'ok' : 'error', e.status) },
          {
            label: 'Served',
            cell: (e) => e.served?.thumbprint ?? e.error?.message ?? '—',
            className: 'mono',
          },
          { label: 'Assigned', cell: (e) => e.assigned ?? '—', className: 'mono' },
          { label: 'Drift', cell: (e) => driftBadge(e.drift) },
          {
            label: 'Findings',
            cell: (e) => e.findings.map((f) => f.code).join(', ') || '—',
            className: 'mono',
          },
        ],
      }),
    );
  draw();
  const toggle = h(
    'a',
    { href: onlyProblems ? '#/scan?all=1' : '#/scan' },
    onlyProblems ? 'show every endpoint' : 'show problems only',
  );
  toggle.addEventListener('click', () => setTimeout(rerender, 0));
  return h(
    'section',
    { 'aria-label': 'Scan result' },
    h('h2', {}, `Scan ${scan.scanId} of ${formatInstant(scan.startedAt)}`),
    h(
      'div',
      { class: 'cards' },
      (['endpoints', 'reached', 'drifted', 'errors', 'warnings'] as const).map((k) =>
        h('div', { class: 'card' }, h('b', {}, String(scan.summary[k])), k),
      ),
      Object.entries(scan.summary.byStatus)
        .filter(([status, n]) => status !== 'ok' && n > 0)
        .map(([status, n]) => h('div', { class: 'card sev-error' }, h('b', {}, String(n)), status)),
    ),
    h('h3', {}, `Endpoints (${rows.length}${onlyProblems ? ' with a problem' : ''}) · `, toggle),
    table,
    scan.since === undefined
      ? h('h3', {}, 'Changes: this scan was not compared with an earlier one')
      : [
          h(
            'h3',
            {},
            `Changes since scan ${scan.since.scanId} of ${formatInstant(scan.since.startedAt)} (${scan.changes?.length ?? 0})`,
          ),
          (scan.changes ?? []).length === 0
            ? h('p', {}, 'Nothing changed.')
            : h(
                'ul',
                { 'aria-label': 'Changes' },
                (scan.changes ?? []).map((c) => h('li', { class: 'mono' }, describeChange(c))),
              ),
        ],
    h('h3', {}, `Findings (${scan.findings.length})`),
    scan.findings.slice(0, 50).map(renderFinding),
  );
}

export async function renderScan(
  main: HTMLElement,
  deployment: Deployment,
  route: Route,
  reload: () => void,
): Promise<void> {
  // Newest first (scan --list prints them in order).
  const history = [...(await getJson<{ scans: ScanListEntry[] }>('/api/scans')).data.scans].reverse();
  let scan: ScanDocument | null = deployment.scan;
  if (route.argument !== null)
    scan = (await getJson<ScanDocument>(`/api/scans/${encodeURIComponent(route.argument)}`)).data;
  const progress = h('progress', {
    max: 1,
    value: 0,
    class: 'progress',
    'aria-label': 'Scan progress',
  }) as HTMLProgressElement;
  const progressText = h('span', { id: 'scan-progress-text', role: 'status' }, '');
  const start = h(
    'button',
    { type: 'button', class: 'primary', id: 'start-scan' },
    'Start scan',
  ) as HTMLButtonElement;
  const errorBox = h('div', {});
  start.addEventListener('click', async () => {
    start.disabled = true;
    mount(errorBox);
    try {
      let job = (await postJson<ScanJob>('/api/scans', {})).data;
      while (job.state === 'running') {
        progress.max = Math.max(1, job.total);
        progress.value = job.done;
        progressText.textContent =
          job.total === 0 ? 'Starting…' : `${job.done} of ${job.total} endpoints probed`;
        await new Promise((resolve) => setTimeout(resolve, 250));
        job = (await getJson<ScanJob>(`/api/scan-jobs/${job.jobId}`)).data;
      }
      if (job.state === 'failed')
        throw new ApiError(
          'SCAN_FAILED',
          job.error?.message ?? 'the scan failed',
          job.error?.hint ?? '',
          500,
        );
      progress.value = progress.max;
      progressText.textContent = `Done: ${job.total} endpoints probed`;
      announce('Scan finished');
      invalidateDeployment();
      location.hash = '#/scan';
      reload();
    } catch (error) {
      const e = error as ApiError;
      mount(errorBox, h('div', { class: 'error-box', role: 'alert' }, e.message, h('br'), e.hint ?? ''));
      start.disabled = false;
    }
  });
  mount(
    main,
    h('h1', { tabindex: '-1' }, 'Scan'),
    h(
      'p',
      { class: 'muted' },
      'Probes every TLS endpoint of the topology and compares what each serves with what the store assigns and what the plan requires.',
    ),
    h('div', { class: 'row' }, start, progress, progressText),
    errorBox,
    scan === null ? h('p', {}, 'No scan yet.') : renderScanDocument(scan, route, reload),
    h('h2', {}, `History (${history.length})`),
    renderTable(
      'Scan history',
      [
        { label: 'Scan', cell: (s) => link(`scan/${s.scanId}`, `${s.scanId}`) },
        { label: 'Started', cell: (s) => formatInstant(s.startedAt) },
        {
          label: 'Finished',
          cell: (s) => (s.finishedAt === null ? 'interrupted' : formatInstant(s.finishedAt)),
        },
        { label: 'Endpoints', cell: (s) => String(s.endpoints) },
        { label: 'Reached', cell: (s) => String(s.summary?.reached ?? '—') },
        { label: 'Drifted', cell: (s) => String(s.summary?.drifted ?? '—') },
        { label: 'Errors', cell: (s) => String(s.summary?.errors ?? '—') },
      ],
      history,
    ),
  );
}
