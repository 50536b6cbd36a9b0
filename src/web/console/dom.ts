// Building the console's DOM without a framework: h() makes an element (text is always text,
// never HTML), and small formatters shared by the views.

export type Child = Node | string | number | null | undefined | false | readonly Child[];
export type Attributes = Record<
  string,
  string | number | boolean | null | undefined | ((event: Event) => void)
>;

export function h(tag: string, attributes: Attributes = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

export function mount(target: HTMLElement, ...children: Child[]): void {
  target.replaceChildren();
  append(target, children);
}

export type Severity = 'error' | 'warning' | 'info' | 'ok';

export function severityBadge(severity: Severity, label?: string): HTMLElement {
  return h('span', { class: `badge sev-${severity}` }, label ?? severity);
}

const severityRank: Record<Severity, number> = { ok: 0, info: 1, warning: 2, error: 3 };

export function worstSeverity(severities: readonly string[]): Severity {
  let worst: Severity = 'ok';
  for (const s of severities) {
    const candidate = (s in severityRank ? s : 'info') as Severity;
    if (severityRank[candidate] > severityRank[worst]) worst = candidate;
  }
  return worst;
}

/** 2026-12-02 01:37 UTC: dates in UTC, as the CLI prints them. */
export function formatInstant(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}

export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 86_400_000);
}

export function describeExpiry(notAfter: string, now: Date): string {
  const days = daysBetween(now, new Date(notAfter));
  return days < 0 ? `expired ${-days} d ago` : `${days} d left`;
}

/** A link inside the console (hash routes). */
export function link(route: string, label: Child, attributes: Attributes = {}): HTMLElement {
  return h('a', { href: `#/${route}`, ...attributes }, label);
}

/** A button that copies `text`; says so for screen readers too. */
export function copyButton(text: string, what: string): HTMLElement {
  const button = h('button', { type: 'button', 'aria-label': `Copy ${what}` }, 'Copy') as HTMLButtonElement;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Select and copy';
    }
    setTimeout(() => {
      button.textContent = 'Copy';
    }, 1500);
  });
  return button;
}

export function announce(text: string): void {
  const status = document.getElementById('status');
  if (status !== null) status.textContent = text;
}

/** Reads a form control's value by name. */
export function fieldValue(form: HTMLFormElement, name: string): string {
  const field = form.elements.namedItem(name);
  if (field instanceof HTMLInputElement && field.type === 'checkbox') return field.checked ? 'true' : '';
  if (
    field instanceof HTMLInputElement ||
    field instanceof HTMLSelectElement ||
    field instanceof HTMLTextAreaElement
  ) {
    return field.value.trim();
  }
  return '';
}

export function selectedValues(select: HTMLSelectElement): string[] {
  return [...select.selectedOptions].map((o) => o.value);
}
