// The console end to end: `uccert demo` started as a user starts it, Debian's Chromium driven by
// playwright-core at 1280×800. Every view opened, screenshotted (docs/screenshots/, named in the
// README) and checked with axe-core; the three planted mistakes found with their fixes; a click
// from the deployment to a server; a probe and a scan; an offline request → import → assign made
// in the UI and seen by `uccert get`; one flow by keyboard alone; Ctrl-C closes every listener.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { runUccert } from './support/cli-run.js';
import { type ConsoleBrowser, launchChromium, runAxe, seriousViolations } from './support/console-browser.js';
import { type RunningDemo, removeDemoScratch, startDemo } from './support/demo-process.js';
import { signWithOpensslCa } from './support/openssl-ca.js';
import { repoPath } from './support/repo.js';

const screenshots = repoPath('docs/screenshots');
const now = '2026-06-01T12:00:00Z';
let demo: RunningDemo;
let chromium: ConsoleBrowser;
let page: Page;

before(async () => {
  demo = await startDemo([], { UCCERT_NOW: now });
  chromium = await launchChromium();
  page = await chromium.context.newPage();
  page.setDefaultTimeout(60_000);
});

after(async () => {
  await chromium?.close();
  if (demo !== undefined) {
    if (demo.child.exitCode === null) await demo.stop();
    removeDemoScratch(demo);
  }
});

/** Loads the page afresh at a view, as following a deep link does. */
async function openView(hash: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${demo.url}${hash}`);
  await page.waitForSelector('body[data-ready="true"] main h1');
}

async function checkView(name: string): Promise<void> {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: false });
  const serious = seriousViolations(await runAxe(page));
  assert.deepEqual(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    [],
    `axe on ${name}`,
  );
}

test('demo: prints the console URL and "Ctrl-C to stop"; the page loads with no inline script and a strict CSP', async () => {
  assert.match(demo.stdout(), /Planted mistakes \(run without them: uccert demo --clean\):/);
  const response = await page.goto(demo.url);
  const csp = response?.headers()['content-security-policy'] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  const inline = await page.evaluate(() => {
    const d = (globalThis as unknown as { document: { querySelectorAll: (s: string) => { length: number } } })
      .document;
    return d.querySelectorAll('script:not([src]), [style], [onclick]').length;
  });
  assert.equal(inline, 0);
});

test('deployment view: the three planted mistakes with status colours; screenshot and axe', async () => {
  await openView('#/deployment');
  const banner = await page.locator('section[aria-label="Planted mistakes"] li').allTextContents();
  assert.equal(banner.length, 3);
  assert.match(banner[0]!, /lacks lyncdiscover\.fabrikam\.com/);
  assert.match(banner[1]!, /not yet valid for another 5 hours/);
  assert.match(banner[2]!, /fe03\.contoso\.net serves a certificate other than the one assigned/);
  const fe03 = page.locator('tr', { has: page.locator('a', { hasText: /^fe03\.contoso\.net$/ }) });
  assert.match((await fe03.textContent()) ?? '', /error/);
  assert.match((await fe03.textContent()) ?? '', /SERVED_NOT_ASSIGNED/);
  const edge = page.locator('tr', { has: page.locator('a', { hasText: /^edge01\.contoso\.net$/ }) });
  assert.match((await edge.textContent()) ?? '', /NOT_YET_VALID/);
  const med = page.locator('tr', { has: page.locator('a', { hasText: /^med01\.contoso\.net$/ }) });
  assert.match((await med.textContent()) ?? '', /^ok/);
  await checkView('deployment');
});

test('deployment view: search and status filter are deep links', async () => {
  await openView('#/deployment');
  await page.fill('#server-search', 'edge');
  await page.waitForFunction(() =>
    (globalThis as unknown as { location: { hash: string } }).location.hash.includes('q=edge'),
  );
  const rows = await page.locator('#server-list tbody tr').count();
  assert.equal(rows, 2);
  await openView('#/deployment?status=ok');
  const statuses = await page.locator('#server-list tbody tr td:first-child').allTextContents();
  assert.ok(statuses.length > 0 && statuses.every((s) => s === 'ok'), statuses.join(','));
});

test('findings view: each planted mistake with its fix and a copy button', async () => {
  await openView('#/findings');
  for (const [code, pattern] of [
    ['NAME_NOT_COVERED', /lyncdiscover\.fabrikam\.com/],
    ['NOT_YET_VALID', /5 hours|whole number of hours|time zone/],
    ['SERVED_NOT_ASSIGNED', /fe03\.contoso\.net/],
  ] as const) {
    const group = page.locator(`section[data-group="${code}"]`);
    assert.equal(await group.count(), 1, `${code} group`);
    const first = group.locator('.finding').first();
    const text = (await first.textContent()) ?? '';
    assert.match(text, pattern, code);
    assert.match(text, /Fix: /);
    assert.equal(await first.locator('button', { hasText: 'Copy' }).count(), 1);
  }
  await checkView('findings');
});

test('click from the deployment to a server: every property, history, last scan per port', async () => {
  await openView('#/deployment');
  await page.click('a:text-is("fe03.contoso.net")');
  await page.waitForSelector('main h1:has-text("fe03.contoso.net")');
  assert.match(page.url(), /#\/server\/fe03\.contoso\.net$/);
  const text = (await page.textContent('main')) ?? '';
  assert.match(text, /thumbprintSha256/);
  assert.match(text, /served-not-assigned/);
  assert.match(text, /Assignment history/);
  assert.match(text, /WebServicesExternal/);
  await checkView('server');
});

test('coverage, expiry views: the matrix marks the missing name; the timeline marks today and the warning window', async () => {
  await openView('#/coverage?server=fe01.contoso.net');
  const row = page.locator('tr', { has: page.locator('th', { hasText: /^lyncdiscover\.fabrikam\.com$/ }) });
  assert.match((await row.textContent()) ?? '', /missing/);
  await checkView('coverage');
  await openView('#/expiry');
  assert.equal(await page.locator('svg [data-role="today"]').count(), 1);
  assert.equal(await page.locator('svg [data-role="warning-window"]').count(), 1);
  assert.ok((await page.locator('svg rect[data-state="not-yet-valid"]').count()) >= 1);
  await checkView('expiry');
});

test('probe view: a demo endpoint, its chain as presented and the client CA names', async () => {
  await openView('#/probe');
  await page.click('#probe-form button[type=submit]');
  await page.waitForSelector('#probe-result');
  const text = (await page.textContent('#probe-result')) ?? '';
  assert.match(text, /Chain as presented \(2\)/);
  assert.match(text, /uccert probe 127\.0\.0\.1:\d+ --sni fe01\.contoso\.net/);
  await checkView('probe');
});

test('scan view: start a scan, watch it finish, see drift and the difference from the previous scan', async () => {
  await openView('#/scan');
  const before = await page.locator('table:has(caption:text("Scan history")) tbody tr').count();
  await page.click('#start-scan');
  await page.waitForFunction((n) => {
    const d = (globalThis as unknown as { document: { querySelectorAll: (s: string) => { length: number } } })
      .document;
    return (
      d.querySelectorAll('table:has(caption) tbody tr').length > 0 &&
      (
        globalThis as unknown as { document: { body: { textContent: string } } }
      ).document.body.textContent.includes(`History (${n + 1})`)
    );
  }, before);
  const text = (await page.textContent('main')) ?? '';
  assert.match(text, /served-not-assigned/);
  assert.match(text, /Changes since the scan before \(0\)|Nothing changed/);
  await checkView('scan');
});

test('actions: request a CSR, sign it elsewhere, import it and assign it in the UI; uccert get sees it', async () => {
  await openView('#/actions');
  await checkView('actions');
  // The evidence pack is offered as a download (issue 13): the link answers with the zip.
  const evidenceHref = await page.getAttribute('a[href="/api/evidence"]', 'href');
  assert.equal(evidenceHref, '/api/evidence');
  const evidence = await page.request.get(new URL(evidenceHref, page.url()).href);
  assert.equal(evidence.status(), 200);
  assert.equal(evidence.headers()['content-type'], 'application/zip');
  await page.selectOption('#request-server', 'fe03.contoso.net');
  await page.selectOption('#request-type', ['Default', 'WebServicesInternal', 'WebServicesExternal']);
  await page.selectOption('#request-ca', 'csr');
  await page.waitForFunction(() =>
    (
      (
        globalThis as unknown as {
          document: { querySelector: (s: string) => { textContent: string } | null };
        }
      ).document.querySelector('#request pre[data-kind="cli"]')?.textContent ?? ''
    ).includes('--output fe03.contoso.net.csr'),
  );
  assert.match(
    (await page.textContent('#request pre[data-kind="powershell"]')) ?? '',
    /^Request-CsCertificate -New -Type Default,WebServicesInternal,WebServicesExternal/,
  );
  await page.click('#request-form button[type=submit]');
  const csrLink = page.locator('#request-result a[download]');
  await csrLink.waitFor();
  const download = await Promise.all([page.waitForEvent('download'), csrLink.click()]).then(([d]) => d);
  const csr = join(demo.scratch, 'fe03.csr');
  await download.saveAs(csr);
  assert.match(readFileSync(csr, 'utf8'), /^-----BEGIN CERTIFICATE REQUEST-----/);
  // Somebody else's CA signs it (openssl), and the certificate comes back with its chain.
  const issued = join(demo.scratch, 'fe03.pem');
  signWithOpensslCa(demo.scratch, csr, issued, { subjectAltName: null });
  const bundle = join(demo.scratch, 'fe03-bundle.pem');
  writeFileSync(
    bundle,
    [issued, repoPath('test/fixtures/issuing-ca.pem'), repoPath('test/fixtures/root-ca.pem')]
      .map((p) => readFileSync(p, 'utf8'))
      .join(''),
  );
  await page.setInputFiles('#import-file', bundle);
  await page.click('#import-form button[type=submit]');
  await page.waitForSelector('#import-result[data-state]');
  const imported = (await page.textContent('#import-result')) ?? '';
  assert.match(imported, /uccert import fe03-bundle\.pem/);
  const thumbprint = /"thumbprint": "([0-9A-F]{40})"/.exec(imported)?.[1];
  assert.ok(thumbprint !== undefined, imported.slice(0, 2000));
  await page.selectOption('#assign-server', 'fe03.contoso.net');
  await page.selectOption('#assign-type', ['Default', 'WebServicesInternal', 'WebServicesExternal']);
  await page.fill('#assign-thumbprint', thumbprint);
  await page.waitForFunction(
    (t) =>
      (
        (
          globalThis as unknown as {
            document: { querySelector: (s: string) => { textContent: string } | null };
          }
        ).document.querySelector('#assign pre[data-kind="powershell"]')?.textContent ?? ''
      ).includes(t),
    thumbprint,
  );
  assert.equal(
    await page.textContent('#assign pre[data-kind="powershell"]'),
    `Set-CsCertificate -Type Default,WebServicesInternal,WebServicesExternal -Thumbprint ${thumbprint}`,
  );
  await page.click('#assign-form button[type=submit]');
  await page.waitForSelector('#assign-result[data-state]');
  assert.match((await page.textContent('#assign-result')) ?? '', /^Done/);
  const got = await runUccert(
    ['get', '--home', demo.home, '--server', 'fe03.contoso.net', '--type', 'WebServicesExternal', '--json'],
    {
      env: { UCCERT_PASSPHRASE: 'uccert-demo' },
    },
  );
  assert.equal(got.exitCode, 0, got.stderr);
  assert.match(got.stdout, new RegExp(`"thumbprint": "${thumbprint}"`));
});

test('keyboard alone: skip link, search, Tab to a server, Enter opens it with focus on its heading', async () => {
  await openView('#/deployment');
  await page.keyboard.press('Tab');
  assert.equal(
    await page.evaluate(
      () =>
        (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
          .activeElement.textContent,
    ),
    'Skip to content',
  );
  const outline = await page.evaluate(() => {
    const g = globalThis as unknown as {
      document: { activeElement: unknown };
      getComputedStyle: (e: unknown) => { outlineStyle: string; outlineWidth: string };
    };
    const style = g.getComputedStyle(g.document.activeElement);
    return `${style.outlineStyle} ${style.outlineWidth}`;
  });
  assert.match(outline, /^solid [1-9]/, 'visible focus');
  let focused = '';
  for (let i = 0; i < 20 && focused !== 'server-search'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id,
    );
  }
  assert.equal(focused, 'server-search');
  await page.keyboard.type('med02');
  let text = '';
  for (let i = 0; i < 20 && text !== 'med02.contoso.net'; i++) {
    await page.keyboard.press('Tab');
    text = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
          .activeElement.textContent,
    );
  }
  assert.equal(text, 'med02.contoso.net');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { document: { activeElement: { tagName: string; textContent: string } } })
        .document.activeElement.tagName === 'H1',
  );
  assert.match(page.url(), /#\/server\/med02\.contoso\.net$/);
});

test('Ctrl-C closes every listener: the console and the demo endpoints refuse connections', async () => {
  const port = Number(new URL(demo.url).port);
  const endpointPort = Number(/→ 127\.0\.0\.1:(\d+)/.exec(demo.stdout())?.[1]);
  const code = await demo.stop();
  assert.equal(code, 1, 'the planted mistakes are errors');
  for (const p of [port, endpointPort]) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(p, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    assert.ok(refused, `port ${p} still listens`);
  }
});
