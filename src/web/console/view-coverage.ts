// Coverage matrix: the names each use requires × the certificates that hold them, marked exact,
// wildcard, missing or wildcard-not-allowed, per server and for the reverse proxy.

import { h, link, mount } from './dom.js';
import type { CheckEntry, Deployment } from './model.js';
import { type Route, replaceParams } from './route.js';

function coverageClass(coverage: string, need: string): string {
  if (coverage === 'missing' && need !== 'required') return 'cov-optional';
  return `cov-${coverage}`;
}

function coverageLabel(coverage: string, need: string): string {
  if (coverage === 'missing') return need === 'required' ? 'missing' : 'missing (optional)';
  return coverage;
}

function matrixFor(entry: CheckEntry): HTMLElement {
  const names: string[] = [];
  for (const column of entry.coverage)
    for (const row of column.rows) if (!names.includes(row.name)) names.push(row.name);
  return h(
    'section',
    { class: 'use-block', 'aria-label': `Coverage of ${entry.server} ${entry.uses.join(', ')}` },
    h(
      'h3',
      {},
      link(`server/${entry.server}`, entry.server),
      ' ',
      h('span', { class: 'muted mono' }, `${entry.subject} · ${entry.thumbprint} · ${entry.source}`),
    ),
    h(
      'table',
      {},
      h('caption', { class: 'visually-hidden' }, `Required names of ${entry.server} by use`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Name'),
          entry.coverage.map((c) => h('th', { scope: 'col' }, c.use)),
        ),
      ),
      h(
        'tbody',
        {},
        names.map((name) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row', class: 'mono' }, name),
            entry.coverage.map((column) => {
              const row = column.rows.find((r) => r.name === name);
              if (row === undefined) return h('td', { class: 'muted' }, '·');
              return h(
                'td',
                {},
                h(
                  'span',
                  { class: `badge ${coverageClass(row.coverage, row.need)}` },
                  coverageLabel(row.coverage, row.need),
                ),
                row.by !== null && row.by !== name
                  ? h('span', { class: 'mono muted' }, ` by ${row.by}`)
                  : null,
              );
            }),
          ),
        ),
      ),
    ),
  );
}

export function renderCoverage(main: HTMLElement, deployment: Deployment, route: Route): void {
  const servers = [...new Set(deployment.check.checks.map((c) => c.server))].sort();
  const chosen = route.params.get('server') ?? servers[0] ?? '';
  const select = h(
    'select',
    { id: 'coverage-server', name: 'server' },
    h('option', { value: '*' }, 'every server (problems only)'),
    servers.map((s) => h('option', { value: s, selected: s === chosen }, s)),
  ) as HTMLSelectElement;
  const body = h('div', {});
  const draw = (): void => {
    replaceParams(route, { server: select.value });
    const entries =
      select.value === '*'
        ? deployment.check.checks.filter((c) =>
            c.coverage.some((col) =>
              col.rows.some(
                (r) => r.need === 'required' && r.coverage !== 'exact' && r.coverage !== 'wildcard',
              ),
            ),
          )
        : deployment.check.checks.filter((c) => c.server === select.value);
    mount(
      body,
      entries.length === 0 ? h('p', {}, 'Every required name is covered.') : entries.map(matrixFor),
    );
  };
  select.addEventListener('change', draw);
  mount(
    main,
    h('h1', { tabindex: '-1' }, 'Coverage matrix'),
    h(
      'p',
      { class: 'muted' },
      'exact = named in the SAN; wildcard = covered by an allowed wildcard; wildcard-not-allowed = only a wildcard, where Lync refuses one; missing = required and absent.',
    ),
    h('div', { class: 'toolbar' }, h('label', { for: 'coverage-server' }, 'Server', select)),
    body,
  );
  draw();
}
