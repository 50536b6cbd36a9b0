// Scan: start one and watch it live; drift (served vs assigned vs required) per endpoint, what
// changed since the scan before, and the history of scans.

import { ApiError, getJson, postJson } from './api.js';
import { announce, formatInstant, h, link, mount, severityBadge } from './dom.js';
import { renderFinding } from './findings-list.js';
import { type Deployment, invalidateDeployment, type ScanDocument } from './model.js';
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

interface ScanSummary {
  readonly scanId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly summary: Record<string, number>;
  readonly changes: number;
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
          { label: 'Server', cell: (e) => link(`server/${e.server}`, e.server), className: 'mono' },
          { label: 'Use', cell: (e) => e.use },
          { label: 'Status', cell: (e) => severityBadge(e.status === 'ok' ? 'ok' : 'error', e.status) },
          { label: 'Served', cell: (e) => e.served?.thumbprint ?? e.message ?? '—', className: 'mono' },
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
    h('h2', {}, `Scan of ${formatInstant(scan.startedAt)}`),
    h(
      'div',
      { class: 'cards' },
      Object.entries(scan.summary).map(([k, v]) => h('div', { class: 'card' }, h('b', {}, String(v)), k)),
    ),
    h('h3', {}, `Endpoints (${rows.length}${onlyProblems ? ' with a problem' : ''}) · `, toggle),
    table,
    h('h3', {}, `Changes since the scan before (${scan.changes.length})`),
    scan.previousScanId === null
      ? h('p', {}, 'This is the first scan.')
      : scan.changes.length === 0
        ? h('p', {}, 'Nothing changed.')
        : renderTable(
            'Changes',
            [
              { label: 'Endpoint', cell: (c) => c.endpoint, className: 'mono' },
              {
                label: 'Before',
                cell: (c) =>
                  c.before === null ? 'not scanned' : `${c.before.status} ${c.before.thumbprint ?? ''}`,
                className: 'mono',
              },
              {
                label: 'Now',
                cell: (c) => `${c.after.status} ${c.after.thumbprint ?? ''}`,
                className: 'mono',
              },
            ],
            scan.changes,
          ),
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
  const history = (await getJson<{ scans: ScanSummary[] }>('/api/scans')).data.scans;
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
        { label: 'Started', cell: (s) => link(`scan/${s.scanId}`, formatInstant(s.startedAt)) },
        { label: 'Endpoints', cell: (s) => String(s.summary.endpoints ?? 0) },
        { label: 'Unreachable', cell: (s) => String(s.summary.unreachable ?? 0) },
        { label: 'Drift', cell: (s) => String(s.summary.drift ?? 0) },
        { label: 'Errors', cell: (s) => String(s.summary.error ?? 0) },
        { label: 'Changes', cell: (s) => String(s.changes) },
      ],
      history,
    ),
  );
}
