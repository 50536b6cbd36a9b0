// Probe: any host:port on demand: the chain as presented, the handshake, the client CA names a
// mutual-TLS port asks for, and the findings (the Remote UC Troubleshooting Tool's "Certificate
// Information" tab, from `uccert probe`).

import { type ApiError, postJson } from './api.js';
import { fieldValue, formatInstant, h, mount, severityBadge } from './dom.js';
import { renderFinding } from './findings-list.js';
import type { CertificateJson, Deployment, Finding } from './model.js';
import type { Route } from './route.js';
import { replaceParams } from './route.js';
import { renderCertificateProperties } from './view-server.js';

interface ProbeDocument {
  readonly endpoint: string;
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly handshakeMs: number;
  readonly chain: readonly CertificateJson[];
  readonly chainSource: string;
  readonly trusted: boolean;
  readonly clientCertificateRequested: boolean;
  readonly acceptableClientCaNames: readonly string[];
  readonly serverAlert: string | null;
  readonly findings: readonly Finding[];
}

function renderProbe(result: ProbeDocument, command: string | null): HTMLElement {
  return h(
    'section',
    { 'aria-label': 'Probe result', id: 'probe-result' },
    command === null ? null : h('pre', { class: 'lines', 'aria-label': 'Equivalent command' }, command),
    h(
      'dl',
      { class: 'props' },
      h('dt', {}, 'endpoint'),
      h('dd', {}, result.endpoint),
      h('dt', {}, 'protocol'),
      h('dd', {}, result.protocol ?? '—'),
      h('dt', {}, 'cipher'),
      h('dd', {}, result.cipher ?? '—'),
      h('dt', {}, 'handshake'),
      h('dd', {}, `${result.handshakeMs} ms`),
      h('dt', {}, 'trusted'),
      h('dd', {}, severityBadge(result.trusted ? 'ok' : 'error', result.trusted ? 'trusted' : 'not trusted')),
      h('dt', {}, 'client certificate'),
      h('dd', {}, result.clientCertificateRequested ? 'requested (mutual TLS)' : 'not requested'),
      h('dt', {}, 'acceptable client CAs'),
      h(
        'dd',
        {},
        result.acceptableClientCaNames.length === 0
          ? '(none sent)'
          : result.acceptableClientCaNames.join('\n'),
      ),
    ),
    h('h2', {}, `Findings (${result.findings.length})`),
    result.findings.length === 0 ? h('p', {}, 'None.') : result.findings.map(renderFinding),
    h('h2', {}, `Chain as presented (${result.chain.length})`),
    result.chain.map((c, i) =>
      h(
        'section',
        { class: 'use-block', 'aria-label': `Certificate ${i} of the chain` },
        h(
          'h3',
          {},
          `${i}: ${c.subject}`,
          h('span', { class: 'muted' }, ` · until ${formatInstant(c.notAfter)}`),
        ),
        renderCertificateProperties(c, `Certificate ${i}`),
      ),
    ),
  );
}

export function renderProbeView(main: HTMLElement, deployment: Deployment, route: Route): void {
  const examples = deployment.session.demo?.probeExamples ?? [];
  const result = h('div', {});
  const form = h(
    'form',
    { id: 'probe-form' },
    h(
      'div',
      { class: 'row' },
      h(
        'label',
        { for: 'probe-target' },
        'Host:port',
        h('input', {
          type: 'text',
          id: 'probe-target',
          name: 'target',
          required: true,
          value: route.params.get('target') ?? examples[0]?.target ?? '',
          placeholder: 'sip.contoso.com:443',
        }),
      ),
      h(
        'label',
        { for: 'probe-sni' },
        'Server name (SNI)',
        h('input', {
          type: 'text',
          id: 'probe-sni',
          name: 'sni',
          value: route.params.get('sni') ?? examples[0]?.sni ?? '',
          placeholder: 'default: the host',
        }),
      ),
      h('button', { type: 'submit', class: 'primary' }, 'Probe'),
    ),
  ) as HTMLFormElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const target = fieldValue(form, 'target');
    const sni = fieldValue(form, 'sni');
    replaceParams(route, { target, sni });
    mount(result, h('p', { role: 'status' }, `Probing ${target}…`));
    try {
      const answer = await postJson<ProbeDocument>('/api/probe', { target, sni });
      mount(result, renderProbe(answer.data, answer.command));
    } catch (error) {
      const e = error as ApiError;
      mount(result, h('div', { class: 'error-box', role: 'alert' }, e.message, h('br'), e.hint));
    }
  });
  mount(
    main,
    h('h1', { tabindex: '-1' }, 'Probe'),
    h('p', { class: 'muted' }, 'Connects with TLS to any host:port and checks what it presents.'),
    examples.length === 0
      ? null
      : h(
          'p',
          { class: 'muted' },
          'Demo endpoints: ',
          examples.map((e) => `${e.target} (${e.sni})`).join(' · '),
        ),
    form,
    result,
  );
}
