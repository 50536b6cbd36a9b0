// Actions: request (lab CA or CSR), import (upload, PFX with password), assign (set, with its
// guard rails), roll (set --roll --effective-date) and export (PFX with a password, or PEM). Each
// form shows the uccert line and the Management Shell lines that do the same, before it runs.

import { type ApiError, getJson, postDownload, postForm, postJson } from './api.js';
import { announce, fieldValue, h, mount, selectedValues } from './dom.js';
import { renderFinding } from './findings-list.js';
import { type Deployment, type Finding, invalidateDeployment } from './model.js';

interface Equivalents {
  readonly cli: readonly string[];
  readonly powershell: readonly string[];
}

const useNames = [
  'Default',
  'WebServicesInternal',
  'WebServicesExternal',
  'OAuthTokenIssuer',
  'Internal',
  'AccessEdgeExternal',
  'DataEdgeExternal',
  'AudioVideoAuthentication',
  'XmppServer',
  'ReverseProxy',
];

function formFields(form: HTMLFormElement): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const element of [...form.elements]) {
    if (element instanceof HTMLSelectElement && element.multiple)
      fields[element.name] = selectedValues(element);
    else if (
      (element instanceof HTMLInputElement && element.type !== 'file' && element.type !== 'password') ||
      element instanceof HTMLSelectElement
    ) {
      if (element.name !== '') fields[element.name] = fieldValue(form, element.name);
    }
  }
  return fields;
}

function equivalentsQuery(fields: Record<string, string | string[]>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(fields))
    for (const item of Array.isArray(v) ? v : [v]) if (item !== '') query.append(k, item);
  return query.toString();
}

function resultSummary(data: unknown, command: string | null, exitCode: number | null): HTMLElement {
  const document = data as { findings?: Finding[]; assigned?: boolean; refusals?: string[] } & Record<
    string,
    unknown
  >;
  const findings = Array.isArray(document.findings) ? document.findings : [];
  const refused = document.assigned === false;
  return h(
    'div',
    { role: 'status', class: refused ? 'error-box' : 'banner' },
    h(
      'strong',
      {},
      refused
        ? 'Refused by the same guard rails as uccert set'
        : `Done${exitCode === 1 ? ' (with findings of severity error)' : ''}`,
    ),
    command === null ? null : h('pre', { class: 'lines' }, command),
    Array.isArray(document.refusals) && document.refusals.length > 0
      ? h(
          'ul',
          {},
          document.refusals.map((r) => h('li', {}, r)),
        )
      : null,
    findings.map(renderFinding),
    h(
      'details',
      {},
      h('summary', {}, 'The JSON uccert returned'),
      h('pre', { class: 'lines' }, JSON.stringify(data, null, 2)),
    ),
  );
}

function errorSummary(error: unknown): HTMLElement {
  const e = error as ApiError;
  return h(
    'div',
    { class: 'error-box', role: 'alert' },
    h('strong', {}, e.code ?? 'ERROR'),
    ': ',
    e.message,
    h('br'),
    e.hint ?? '',
  );
}

interface ActionForm {
  readonly id: string;
  readonly title: string;
  readonly action: string;
  readonly controls: HTMLElement[];
  readonly submitLabel: string;
  readonly submit: (form: HTMLFormElement) => Promise<HTMLElement>;
}

function renderActionForm(spec: ActionForm): HTMLElement {
  const equivalents = h('div', { 'aria-live': 'polite' });
  const result = h('div', { id: `${spec.id}-result` });
  const form = h(
    'form',
    { id: `${spec.id}-form`, 'aria-labelledby': `${spec.id}-title` },
    h(
      'div',
      { class: 'row' },
      spec.controls,
      h('button', { type: 'submit', class: 'primary' }, spec.submitLabel),
    ),
  ) as HTMLFormElement;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refresh = (): void => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const lines = (
          await getJson<Equivalents>(`/api/equivalents/${spec.action}?${equivalentsQuery(formFields(form))}`)
        ).data;
        mount(
          equivalents,
          h('div', { class: 'muted' }, 'uccert:'),
          h('pre', { class: 'lines', 'data-kind': 'cli' }, lines.cli.join('\n')),
          lines.powershell.length === 0
            ? null
            : [
                h('div', { class: 'muted' }, 'Skype for Business Management Shell:'),
                h('pre', { class: 'lines', 'data-kind': 'powershell' }, lines.powershell.join('\n')),
              ],
        );
      } catch (error) {
        mount(
          equivalents,
          h(
            'p',
            { class: 'muted' },
            `Fill in the form to see the command lines (${(error as ApiError).message}).`,
          ),
        );
      }
    }, 150);
  };
  form.addEventListener('input', refresh);
  form.addEventListener('change', refresh);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    result.removeAttribute('data-state');
    mount(result, h('p', { role: 'status' }, 'Working…'));
    try {
      mount(result, await spec.submit(form));
      result.dataset.state = 'done';
      invalidateDeployment();
      announce(`${spec.title}: done`);
    } catch (error) {
      mount(result, errorSummary(error));
      result.dataset.state = 'error';
    }
  });
  refresh();
  return h(
    'fieldset',
    { id: spec.id },
    h('legend', { id: `${spec.id}-title` }, spec.title),
    form,
    equivalents,
    result,
  );
}

function serverSelect(id: string, deployment: Deployment): HTMLElement {
  return h(
    'label',
    { for: id },
    'Server',
    h(
      'select',
      { id, name: 'server', required: true },
      deployment.servers.map((s) => h('option', { value: s.server }, s.server)),
      h('option', { value: 'global' }, 'global'),
    ),
  );
}

function useSelect(id: string): HTMLElement {
  return h(
    'label',
    { for: id },
    'Uses (-Type)',
    h(
      'select',
      { id, name: 'type', multiple: true, size: 4, required: true },
      useNames.map((u, i) => h('option', { value: u, selected: i === 0 }, u)),
    ),
  );
}

function thumbprintInput(id: string, deployment: Deployment): HTMLElement {
  const listId = `${id}-list`;
  const known = [
    ...new Set(
      deployment.get.assignments
        .flatMap((a) => [a.certificate.thumbprint, a.previous?.thumbprint ?? ''])
        .filter((t) => t !== ''),
    ),
  ];
  return h(
    'label',
    { for: id },
    'Thumbprint',
    h('input', {
      type: 'text',
      id,
      name: 'thumbprint',
      required: true,
      list: listId,
      size: 44,
      class: 'mono',
      autocomplete: 'off',
    }),
    h(
      'datalist',
      { id: listId },
      known.map((t) => h('option', { value: t })),
    ),
  );
}

export function renderActions(main: HTMLElement, deployment: Deployment): void {
  const forms: ActionForm[] = [
    {
      id: 'request',
      title: 'Request a certificate',
      action: 'request',
      controls: [
        serverSelect('request-server', deployment),
        useSelect('request-type'),
        h(
          'label',
          { for: 'request-ca' },
          'From',
          h(
            'select',
            { id: 'request-ca', name: 'ca' },
            h('option', { value: 'local' }, 'the lab CA (issue now)'),
            h('option', { value: 'csr' }, 'another CA (a CSR file)'),
          ),
        ),
        h(
          'label',
          { for: 'request-all-sip' },
          'All SIP domains',
          h('input', { type: 'checkbox', id: 'request-all-sip', name: 'allSipDomain' }),
        ),
      ],
      submitLabel: 'Request',
      submit: async (form) => {
        const answer = await postJson<{ requestId?: number; id?: number }>('/api/request', formFields(form));
        const id = answer.data.requestId ?? answer.data.id;
        const csr =
          fieldValue(form, 'ca') === 'csr' && id !== undefined
            ? h(
                'p',
                {},
                h(
                  'a',
                  { href: `/api/requests/${id}/csr`, download: `request-${id}.csr` },
                  `Download the CSR of request ${id}`,
                ),
              )
            : null;
        return h('div', {}, csr, resultSummary(answer.data, answer.command, answer.exitCode));
      },
    },
    {
      id: 'import',
      title: 'Import a certificate',
      action: 'import',
      controls: [
        h(
          'label',
          { for: 'import-file' },
          'File (PEM, DER, PFX, P7B)',
          h('input', {
            type: 'file',
            id: 'import-file',
            name: 'file',
            required: true,
            accept: '.pem,.cer,.crt,.der,.pfx,.p12,.p7b',
          }),
        ),
        h(
          'label',
          { for: 'import-password' },
          'PFX password',
          h('input', { type: 'password', id: 'import-password', name: 'password', autocomplete: 'off' }),
        ),
      ],
      submitLabel: 'Import',
      submit: async (form) => {
        const data = new FormData();
        const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
        if (file !== undefined) data.set('file', file);
        const password = (form.elements.namedItem('password') as HTMLInputElement).value;
        if (password !== '') data.set('password', password);
        const answer = await postForm<unknown>('/api/import', data);
        return resultSummary(answer.data, answer.command, answer.exitCode);
      },
    },
    {
      id: 'assign',
      title: 'Assign (Set-CsCertificate)',
      action: 'set',
      controls: [
        serverSelect('assign-server', deployment),
        useSelect('assign-type'),
        thumbprintInput('assign-thumbprint', deployment),
      ],
      submitLabel: 'Assign',
      submit: async (form) => {
        const answer = await postJson<unknown>('/api/set', formFields(form));
        return resultSummary(answer.data, answer.command, answer.exitCode);
      },
    },
    {
      id: 'roll',
      title: 'Roll over at a date (Set-CsCertificate -Roll -EffectiveDate)',
      action: 'set',
      controls: [
        serverSelect('roll-server', deployment),
        useSelect('roll-type'),
        thumbprintInput('roll-thumbprint', deployment),
        h(
          'label',
          { for: 'roll-date' },
          'Effective (UTC, ISO 8601)',
          h('input', {
            type: 'text',
            id: 'roll-date',
            name: 'effectiveDate',
            required: true,
            placeholder: '2027-01-15T06:00:00Z',
          }),
        ),
      ],
      submitLabel: 'Stage the roll',
      submit: async (form) => {
        const answer = await postJson<unknown>('/api/set', { ...formFields(form), roll: true });
        return resultSummary(answer.data, answer.command, answer.exitCode);
      },
    },
    {
      id: 'export',
      title: 'Export',
      action: 'export',
      controls: [
        thumbprintInput('export-thumbprint', deployment),
        h(
          'label',
          { for: 'export-format' },
          'Format',
          h(
            'select',
            { id: 'export-format', name: 'format' },
            h('option', { value: 'pfx' }, 'PFX: key and chain, password-protected'),
            h('option', { value: 'pem' }, 'PEM: certificates only, no key'),
          ),
        ),
        h(
          'label',
          { for: 'export-password' },
          'PFX password (8+ characters)',
          h('input', {
            type: 'password',
            id: 'export-password',
            name: 'password',
            autocomplete: 'new-password',
            minlength: 8,
          }),
        ),
      ],
      submitLabel: 'Export',
      submit: async (form) => {
        const password = (form.elements.namedItem('password') as HTMLInputElement).value;
        const saved = await postDownload('/api/export', { ...formFields(form), password });
        return h(
          'div',
          { role: 'status', class: 'banner' },
          `Saved ${saved.name} (${saved.size} bytes).`,
          saved.command === null ? null : h('pre', { class: 'lines' }, saved.command),
        );
      },
    },
  ];
  mount(
    main,
    h('h1', { tabindex: '-1' }, 'Actions'),
    h(
      'p',
      { class: 'muted' },
      'Each action runs the uccert command shown, with its rules and guard rails; the Management Shell lines do the same on the server.',
    ),
    h(
      'p',
      {},
      h(
        'a',
        { href: '/api/evidence', download: 'uccert-evidence.zip' },
        'Download the evidence pack for a change ticket',
      ),
      ' (uccert evidence: plan, runbook, CSRs and certificates, scans, findings, history, report; no keys)',
    ),
    forms.map(renderActionForm),
  );
}
