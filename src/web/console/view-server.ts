// Server: its certificate for each use with every property and nothing truncated, the current and
// the previous one, roll dates, the assignment history, and what the last scan saw on each port.

import { describeExpiry, formatInstant, h, link, mount, severityBadge } from './dom.js';
import { renderFinding } from './findings-list.js';
import { type CertificateJson, type Deployment, findingsOf } from './model.js';
import { renderTable } from './table.js';

function propertyValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    return value
      .map((v) => (typeof v === 'object' && v !== null ? Object.values(v).join(': ') : String(v)))
      .join('\n');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function renderCertificateProperties(certificate: CertificateJson, label: string): HTMLElement {
  return h(
    'dl',
    { class: 'props', 'aria-label': label },
    Object.entries(certificate).flatMap(([key, value]) => [
      h('dt', {}, key),
      h('dd', {}, propertyValue(value)),
    ]),
  );
}

export function renderServer(main: HTMLElement, deployment: Deployment, server: string): void {
  const now = new Date(deployment.session.now);
  const row = deployment.servers.find((s) => s.server === server);
  if (row === undefined) {
    mount(
      main,
      h('h1', { tabindex: '-1' }, `Server ${server}`),
      h('p', { class: 'error-box' }, `${server} is not in the topology or the store.`),
      link('deployment', 'Back to the deployment'),
    );
    return;
  }
  const findings = findingsOf(deployment, server);
  const assignments = deployment.get.assignments.filter((a) => a.server === server);
  const history = deployment.get.history.filter((e) => e.server === server);
  const scanned = deployment.scan?.endpoints.filter((e) => e.server === server) ?? [];
  mount(
    main,
    h('p', {}, link('deployment', '← Deployment')),
    h('h1', { tabindex: '-1' }, server, ' ', severityBadge(row.status)),
    h(
      'p',
      { class: 'muted' },
      `Pool ${row.pool} · role ${row.role} · uses ${row.uses.join(', ')} · `,
      link(`coverage?server=${encodeURIComponent(server)}`, 'coverage matrix'),
    ),
    h('h2', {}, `Findings (${findings.length})`),
    findings.length === 0 ? h('p', {}, 'None.') : findings.map(renderFinding),
    h('h2', {}, 'Certificates by use'),
    assignments.length === 0 ? h('p', {}, 'Nothing is assigned to this server in the store.') : null,
    assignments.map((a) =>
      h(
        'section',
        { class: 'use-block', 'aria-label': `${a.use} certificate` },
        h(
          'h3',
          {},
          a.use,
          ' ',
          h(
            'span',
            { class: 'muted' },
            `${a.status} · effective ${formatInstant(a.effectiveAt)} · assigned ${formatInstant(a.assignedAt)} · ${describeExpiry(a.certificate.notAfter, now)}`,
          ),
        ),
        h(
          'div',
          { class: a.previous === null ? '' : 'columns' },
          h(
            'div',
            {},
            h('h4', {}, 'Current'),
            renderCertificateProperties(a.certificate, `${a.use} current certificate`),
          ),
          a.previous === null
            ? null
            : h(
                'div',
                {},
                h('h4', {}, `Previous (rolls over at ${formatInstant(a.effectiveAt)})`),
                renderCertificateProperties(a.previous, `${a.use} previous certificate`),
              ),
        ),
      ),
    ),
    h('h2', {}, 'Last scan, per port'),
    deployment.scan === null
      ? h('p', {}, 'No scan yet. ', link('scan', 'Start one'), '.')
      : renderTable(
          'Last scan',
          [
            { label: 'Endpoint', cell: (e) => e.endpoint, className: 'mono' },
            { label: 'Use', cell: (e) => e.use },
            { label: 'Status', cell: (e) => severityBadge(e.status === 'ok' ? 'ok' : 'error', e.status) },
            { label: 'Served', cell: (e) => e.served?.thumbprint ?? '—', className: 'mono' },
            { label: 'Assigned', cell: (e) => e.assigned ?? '—', className: 'mono' },
            { label: 'Drift', cell: (e) => severityBadge(e.drift === 'none' ? 'ok' : 'error', e.drift) },
          ],
          scanned,
        ),
    h('h2', {}, `Assignment history (${history.length})`),
    renderTable(
      'Assignment history',
      [
        { label: 'At', cell: (e) => formatInstant(e.at) },
        { label: 'Use', cell: (e) => e.use },
        { label: 'Action', cell: (e) => e.action },
        { label: 'Certificate', cell: (e) => e.thumbprint ?? '—', className: 'mono' },
        { label: 'Replaced', cell: (e) => e.previousThumbprint ?? '—', className: 'mono' },
        { label: 'Effective', cell: (e) => formatInstant(e.effectiveAt) },
      ],
      history,
    ),
  );
}
