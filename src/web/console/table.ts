// A dense table with paging: only one page of rows is ever in the DOM, so 2,000 servers stay fast.

import { type Child, h } from './dom.js';

export interface Column<T> {
  readonly label: string;
  readonly cell: (row: T) => Child;
  readonly className?: string;
}

export interface PagedTable<T> {
  readonly caption: string;
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[];
  readonly page: number;
  readonly pageSize: number;
  readonly onPage: (page: number) => void;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export function renderTable<T>(
  caption: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
): HTMLElement {
  return h(
    'table',
    {},
    h('caption', { class: 'visually-hidden' }, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        columns.map((c) => h('th', { scope: 'col' }, c.label)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          {},
          columns.map((c) => h('td', c.className === undefined ? {} : { class: c.className }, c.cell(row))),
        ),
      ),
    ),
  );
}

export function renderPagedTable<T>(table: PagedTable<T>): HTMLElement {
  const pages = pageCount(table.rows.length, table.pageSize);
  const page = Math.min(Math.max(1, table.page), pages);
  const first = (page - 1) * table.pageSize;
  const slice = table.rows.slice(first, first + table.pageSize);
  const pager = h(
    'div',
    { class: 'pager', role: 'navigation', 'aria-label': `${table.caption} pages` },
    h('button', { type: 'button', disabled: page <= 1, onclick: () => table.onPage(page - 1) }, '‹ Previous'),
    h(
      'span',
      {},
      `Page ${page} of ${pages} · rows ${table.rows.length === 0 ? 0 : first + 1}–${first + slice.length} of ${table.rows.length}`,
    ),
    h('button', { type: 'button', disabled: page >= pages, onclick: () => table.onPage(page + 1) }, 'Next ›'),
  );
  return h('div', {}, renderTable(table.caption, table.columns, slice), pages > 1 ? pager : null);
}
