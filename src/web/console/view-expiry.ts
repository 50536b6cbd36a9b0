// Expiry timeline: every assigned certificate's validity as a bar, scheduled rolls as marks, today
// as a line and the warning window shaded. SVG drawn here: no chart library.

import { describeExpiry, formatInstant, h, mount } from './dom.js';
import type { Deployment } from './model.js';
import { type Route, replaceParams } from './route.js';
import { renderPagedTable } from './table.js';

const svgNs = 'http://www.w3.org/2000/svg';
const pageSize = 40;

function svg(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, String(v));
  if (text !== undefined) element.textContent = text;
  return element;
}

interface Bar {
  readonly thumbprint: string;
  readonly subject: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly holders: string[];
  readonly rolls: string[];
}

function collectBars(deployment: Deployment): Bar[] {
  const bars = new Map<string, Bar>();
  const add = (
    c: { thumbprint: string; subject: string; notBefore: string; notAfter: string },
    holder: string,
  ): Bar => {
    const bar = bars.get(c.thumbprint) ?? {
      thumbprint: c.thumbprint,
      subject: c.subject,
      notBefore: c.notBefore,
      notAfter: c.notAfter,
      holders: [],
      rolls: [],
    };
    if (!bar.holders.includes(holder)) bar.holders.push(holder);
    bars.set(c.thumbprint, bar);
    return bar;
  };
  for (const a of deployment.get.assignments) {
    const bar = add(a.certificate, `${a.server} ${a.use}`);
    if (a.previous !== null) {
      add(a.previous, `${a.server} ${a.use} (previous)`);
      if (!bar.rolls.includes(a.effectiveAt)) bar.rolls.push(a.effectiveAt);
    }
  }
  return [...bars.values()].sort((a, b) => a.notAfter.localeCompare(b.notAfter));
}

function drawTimeline(bars: readonly Bar[], now: Date, warnDays: number): SVGElement {
  const width = 1200;
  const labelWidth = 250;
  const rowHeight = 18;
  const top = 24;
  const height = top + bars.length * rowHeight + 10;
  const times = bars.flatMap((b) => [Date.parse(b.notBefore), Date.parse(b.notAfter)]);
  const start = Math.min(now.getTime() - 30 * 86_400_000, ...times);
  const end = Math.max(now.getTime() + (warnDays + 30) * 86_400_000, ...times);
  const x = (t: number) => labelWidth + ((t - start) / (end - start)) * (width - labelWidth - 10);
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    role: 'img',
    'aria-labelledby': 'expiry-title expiry-desc',
  });
  chart.appendChild(svg('title', { id: 'expiry-title' }, 'Certificate validity timeline'));
  chart.appendChild(
    svg(
      'desc',
      { id: 'expiry-desc' },
      `${bars.length} certificates; today ${now.toISOString().slice(0, 10)}; warning window ${warnDays} days shaded`,
    ),
  );
  const warnEnd = now.getTime() + warnDays * 86_400_000;
  chart.appendChild(
    svg('rect', {
      x: x(now.getTime()),
      y: top - 6,
      width: Math.max(1, x(warnEnd) - x(now.getTime())),
      height: height - top,
      fill: '#fff4d6',
      'data-role': 'warning-window',
    }),
  );
  for (let year = new Date(start).getUTCFullYear(); year <= new Date(end).getUTCFullYear() + 1; year++) {
    const t = Date.UTC(year, 0, 1);
    if (t < start || t > end) continue;
    chart.appendChild(svg('line', { x1: x(t), x2: x(t), y1: top - 6, y2: height, stroke: '#d0d7de' }));
    chart.appendChild(svg('text', { x: x(t) + 2, y: 12 }, String(year)));
  }
  bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    const from = Date.parse(bar.notBefore);
    const to = Date.parse(bar.notAfter);
    const state =
      from > now.getTime()
        ? 'not-yet-valid'
        : to < now.getTime()
          ? 'expired'
          : to < warnEnd
            ? 'expires-soon'
            : 'valid';
    const colour = {
      'not-yet-valid': '#b42318',
      expired: '#b42318',
      'expires-soon': '#d4a72c',
      valid: '#1a7f37',
    }[state];
    chart.appendChild(
      svg('text', { x: 4, y: y + 12 }, `${bar.subject.replace(/^CN=/, '')} ${bar.thumbprint.slice(0, 8)}`),
    );
    const rect = svg('rect', {
      x: x(from),
      y: y + 3,
      width: Math.max(2, x(to) - x(from)),
      height: rowHeight - 6,
      fill: colour,
      rx: 2,
      'data-state': state,
    });
    rect.appendChild(
      svg('title', {}, `${bar.subject} ${bar.thumbprint}: ${bar.notBefore} to ${bar.notAfter} (${state})`),
    );
    chart.appendChild(rect);
    for (const roll of bar.rolls) {
      const rx = x(Date.parse(roll));
      const mark = svg('path', {
        d: `M${rx} ${y + 1} l5 8 l-5 8 l-5 -8 z`,
        fill: '#0a58ca',
        'data-role': 'roll',
      });
      mark.appendChild(svg('title', {}, `scheduled roll ${roll}`));
      chart.appendChild(mark);
    }
  });
  chart.appendChild(
    svg('line', {
      x1: x(now.getTime()),
      x2: x(now.getTime()),
      y1: top - 10,
      y2: height,
      stroke: '#0a58ca',
      'stroke-width': 2,
      'data-role': 'today',
    }),
  );
  chart.appendChild(svg('text', { x: x(now.getTime()) + 3, y: top - 2 }, 'today'));
  return chart;
}

export function renderExpiry(main: HTMLElement, deployment: Deployment, route: Route): void {
  const now = new Date(deployment.session.now);
  const bars = collectBars(deployment);
  let page = Number(route.params.get('page') ?? '1') || 1;
  const body = h('div', {});
  const draw = (): void => {
    replaceParams(route, { page });
    const slice = bars.slice((page - 1) * pageSize, page * pageSize);
    const figure = h('figure', { class: 'timeline' });
    figure.appendChild(drawTimeline(slice, now, deployment.session.warnDays));
    mount(
      body,
      figure,
      renderPagedTable({
        caption: 'Certificates by expiry',
        rows: bars,
        page,
        pageSize,
        onPage: (p) => {
          page = p;
          draw();
        },
        columns: [
          {
            label: 'Not after',
            cell: (b) => `${formatInstant(b.notAfter)} (${describeExpiry(b.notAfter, now)})`,
          },
          { label: 'Not before', cell: (b) => formatInstant(b.notBefore) },
          { label: 'Subject', cell: (b) => b.subject, className: 'mono' },
          { label: 'Thumbprint', cell: (b) => b.thumbprint, className: 'mono' },
          { label: 'Assigned to', cell: (b) => b.holders.join(', ') },
          {
            label: 'Scheduled roll',
            cell: (b) => (b.rolls.length === 0 ? '—' : b.rolls.map(formatInstant).join(', ')),
          },
        ],
      }),
    );
  };
  mount(
    main,
    h('h1', { tabindex: '-1' }, 'Expiry timeline'),
    h(
      'p',
      { class: 'muted' },
      `Bars: green valid, amber within the ${deployment.session.warnDays}-day warning window (shaded), red expired or not yet valid. Blue line: today. Blue diamonds: scheduled rolls.`,
    ),
    body,
  );
  draw();
}
