// Deployment: every pool and server with a status colour from its worst finding and its nearest
// expiry; searchable and filterable, each filter and page a deep link.

import { describeExpiry, formatInstant, h, link, mount, severityBadge } from './dom.js';
import type { ServerRow, Summary } from './model.js';
import { type Route, replaceParams } from './route.js';
import { renderPagedTable } from './table.js';

const pageSize = 50;
const statusOrder = { error: 0, warning: 1, info: 2, ok: 3 } as const;

export function renderDemoBanner(deployment: Summary): HTMLElement | null {
  const demo = deployment.session.demo;
  if (demo === null || demo.mistakes.length === 0) return null;
  return h(
    'section',
    { class: 'banner', 'aria-label': 'Planted mistakes' },
    h(
      'strong',
      {},
      `This demo planted ${demo.mistakes.length} mistakes an administrator meets in real life:`,
    ),
    h(
      'ol',
      {},
      demo.mistakes.map((m) => h('li', {}, m.title, ' — ', h('span', { class: 'muted' }, m.where))),
    ),
  );
}

function matches(row: ServerRow, query: string, status: string, role: string): boolean {
  if (status !== '' && row.status !== status) return false;
  if (role !== '' && row.role !== role) return false;
  if (query === '') return true;
  const q = query.toLowerCase();
  return (
    row.server.includes(q) || row.pool.includes(q) || row.codes.some((code) => code.toLowerCase().includes(q))
  );
}

export function renderDeployment(main: HTMLElement, deployment: Summary, route: Route): void {
  const now = new Date(deployment.session.now);
  const query = route.params.get('q') ?? '';
  const status = route.params.get('status') ?? '';
  const role = route.params.get('role') ?? '';
  let page = Number(route.params.get('page') ?? '1') || 1;
  const all = [...deployment.servers].sort(
    (a, b) =>
      statusOrder[a.status] - statusOrder[b.status] ||
      a.pool.localeCompare(b.pool) ||
      a.server.localeCompare(b.server),
  );
  const roles = [...new Set(all.map((r) => r.role))].sort();
  const count = (s: string) => all.filter((r) => r.status === s).length;
  const nearest =
    all
      .map((r) => r.nearestExpiry)
      .filter((x): x is string => x !== null)
      .sort()[0] ?? null;
  const results = h('div', { id: 'server-list' });
  const search = h('input', {
    type: 'search',
    id: 'server-search',
    name: 'q',
    value: query,
    placeholder: 'server, pool or finding code',
  }) as HTMLInputElement;
  const statusSelect = h(
    'select',
    { id: 'status-filter', name: 'status' },
    [
      ['', 'any'],
      ['error', 'error'],
      ['warning', 'warning'],
      ['info', 'info'],
      ['ok', 'ok'],
    ].map(([v, l]) => h('option', { value: v, selected: v === status }, l)),
  ) as HTMLSelectElement;
  const roleSelect = h(
    'select',
    { id: 'role-filter', name: 'role' },
    h('option', { value: '' }, 'any'),
    roles.map((r) => h('option', { value: r, selected: r === role }, r)),
  ) as HTMLSelectElement;
  const draw = (): void => {
    const rows = all.filter((r) => matches(r, search.value.trim(), statusSelect.value, roleSelect.value));
    replaceParams(route, {
      q: search.value.trim(),
      status: statusSelect.value,
      role: roleSelect.value,
      page,
    });
    mount(
      results,
      renderPagedTable({
        caption: 'Servers',
        rows,
        page,
        pageSize,
        onPage: (p) => {
          page = p;
          draw();
          results.querySelector('a')?.focus();
        },
        columns: [
          { label: 'Status', cell: (r) => severityBadge(r.status) },
          { label: 'Server', cell: (r) => link(`server/${r.server}`, r.server), className: 'mono nowrap' },
          { label: 'Pool', cell: (r) => r.pool, className: 'mono nowrap' },
          { label: 'Role', cell: (r) => r.role },
          { label: 'Uses', cell: (r) => r.uses.join(', ') },
          {
            label: 'Nearest expiry',
            cell: (r) =>
              r.nearestExpiry === null
                ? '—'
                : `${formatInstant(r.nearestExpiry)} (${describeExpiry(r.nearestExpiry, now)})`,
          },
          {
            label: 'Findings',
            cell: (r) =>
              r.codes.length === 0 ? '—' : r.codes.map((code) => h('span', { class: 'mono' }, `${code} `)),
          },
          {
            label: 'Drift',
            cell: (r) =>
              r.drift === 0 ? '—' : severityBadge('error', `${r.drift} endpoint${r.drift === 1 ? '' : 's'}`),
          },
        ],
      }),
      h('p', { class: 'muted', role: 'status' }, `${rows.length} of ${all.length} servers shown`),
    );
  };
  const refilter = (): void => {
    page = 1;
    draw();
  };
  search.addEventListener('input', refilter);
  statusSelect.addEventListener('change', refilter);
  roleSelect.addEventListener('change', refilter);
  mount(
    main,
    h('h1', { tabindex: '-1' }, 'Deployment'),
    h(
      'p',
      { class: 'muted' },
      `Topology ${deployment.session.topology ?? '(none: start with --topology)'} · store ${deployment.session.home}`,
    ),
    renderDemoBanner(deployment),
    h(
      'div',
      { class: 'cards' },
      h('div', { class: 'card' }, h('b', {}, String(all.length)), 'servers'),
      h('div', { class: 'card sev-error' }, h('b', {}, String(count('error'))), 'with errors'),
      h('div', { class: 'card sev-warning' }, h('b', {}, String(count('warning'))), 'with warnings'),
      h('div', { class: 'card' }, h('b', {}, String(all.filter((r) => r.drift > 0).length)), 'with drift'),
      h(
        'div',
        { class: 'card' },
        h('b', {}, nearest === null ? '—' : describeExpiry(nearest, now)),
        `nearest expiry ${nearest === null ? '' : formatInstant(nearest)}`,
      ),
    ),
    h(
      'div',
      { class: 'toolbar', role: 'search' },
      h('label', { for: 'server-search' }, 'Search', search),
      h('label', { for: 'status-filter' }, 'Status', statusSelect),
      h('label', { for: 'role-filter' }, 'Role', roleSelect),
    ),
    results,
  );
  draw();
}
