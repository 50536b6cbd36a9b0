// Findings: every finding of the store check and the last scan, grouped by code, filterable by
// severity, code and text, each with its fix and a copy button for the command in it.

import { h, mount, severityBadge } from './dom.js';
import { renderFinding } from './findings-list.js';
import type { Deployment, Finding } from './model.js';
import { type Route, replaceParams } from './route.js';

const maxPerGroup = 25;

export function renderFindings(main: HTMLElement, deployment: Deployment, route: Route): void {
  const codes = [...new Set(deployment.findings.map((f) => f.code))].sort();
  const severity = h(
    'select',
    { id: 'finding-severity', name: 'severity' },
    [
      ['', 'any'],
      ['error', 'error'],
      ['warning', 'warning'],
      ['info', 'info'],
    ].map(([v, l]) => h('option', { value: v, selected: v === (route.params.get('severity') ?? '') }, l)),
  ) as HTMLSelectElement;
  const code = h(
    'select',
    { id: 'finding-code', name: 'code' },
    h('option', { value: '' }, 'any'),
    codes.map((c) => h('option', { value: c, selected: c === route.params.get('code') }, c)),
  ) as HTMLSelectElement;
  const text = h('input', {
    type: 'search',
    id: 'finding-text',
    name: 'q',
    value: route.params.get('q') ?? '',
    placeholder: 'server, name, words',
  }) as HTMLInputElement;
  const body = h('div', {});
  const draw = (): void => {
    replaceParams(route, { severity: severity.value, code: code.value, q: text.value.trim() });
    const q = text.value.trim().toLowerCase();
    const shown = deployment.findings.filter(
      (f) =>
        (severity.value === '' || f.severity === severity.value) &&
        (code.value === '' || f.code === code.value) &&
        (q === '' || `${f.target} ${f.message} ${f.fix}`.toLowerCase().includes(q)),
    );
    const groups = new Map<string, Finding[]>();
    for (const f of shown) groups.set(f.code, [...(groups.get(f.code) ?? []), f]);
    mount(
      body,
      h(
        'p',
        { role: 'status', class: 'muted' },
        `${shown.length} of ${deployment.findings.length} findings, in ${groups.size} group${groups.size === 1 ? '' : 's'}`,
      ),
      [...groups.entries()].map(([c, list]) =>
        h(
          'section',
          { 'aria-label': `${c} findings`, 'data-group': c },
          h(
            'h2',
            {},
            severityBadge(list[0]!.severity),
            ' ',
            h('span', { class: 'mono' }, c),
            ` (${list.length})`,
          ),
          list.slice(0, maxPerGroup).map(renderFinding),
          list.length > maxPerGroup
            ? h('p', { class: 'muted' }, `${list.length - maxPerGroup} more: narrow the search to see them.`)
            : null,
        ),
      ),
    );
  };
  for (const control of [severity, code]) control.addEventListener('change', draw);
  text.addEventListener('input', draw);
  mount(
    main,
    h('h1', { tabindex: '-1' }, 'Findings'),
    h(
      'div',
      { class: 'toolbar', role: 'search' },
      h('label', { for: 'finding-severity' }, 'Severity', severity),
      h('label', { for: 'finding-code' }, 'Code', code),
      h('label', { for: 'finding-text' }, 'Search', text),
    ),
    body,
  );
  draw();
}
