import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, renderEvidenceHtml } from './evidence-report-html.js';

const report = {
  title: 'Certificate evidence: <contoso>',
  generatedAt: '2026-06-01T12:00:00Z',
  topology: 'contoso.yaml',
  scope: 'every server',
  coverage: [
    {
      server: 'fe01.contoso.net',
      use: 'Default',
      thumbprint: 'AB',
      rows: [
        { name: 'pool01.contoso.net', need: 'required', coverage: 'exact' as const },
        { name: 'sip.contoso.com', need: 'required', coverage: 'missing' as const },
      ],
    },
  ],
  timeline: [
    { label: 'fe01', thumbprint: 'AB', notBefore: '2026-01-01T00:00:00Z', notAfter: '2026-06-20T00:00:00Z' },
  ],
  findings: [
    {
      code: 'NAME_NOT_COVERED' as const,
      severity: 'error' as const,
      target: 'fe01/Default',
      message: 'lacks "sip.contoso.com"',
      fix: 'request <again>',
      sources: [],
    },
  ],
  scans: { before: null, after: null, changes: [], note: null },
  files: [{ path: 'plan/plan.json', sha256: 'ff', bytes: 2 }],
};

test('the report is one self-contained page: no script, no external URL in src/href/url()', () => {
  const html = renderEvidenceHtml(report);
  assert.doesNotMatch(html, /<script|<link|src=|href=|url\(/i);
  assert.match(html, /@media print/);
});

test('values are escaped; each coverage cell and a timeline bar coloured by days left', () => {
  const html = renderEvidenceHtml(report);
  assert.match(html, /Certificate evidence: &lt;contoso&gt;/);
  assert.match(html, /fix: request &lt;again&gt;/);
  assert.match(html, /<td class="c exact" title="required: exact">✓<\/td>/);
  assert.match(html, /<td class="c missing" title="required: missing">✗<\/td>/);
  // 18 days left: amber.
  assert.match(html, /fill="#d08000"/);
  assert.equal(escapeHtml('"a" & <b>'), '&quot;a&quot; &amp; &lt;b&gt;');
});
