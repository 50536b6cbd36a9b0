// The console's page: one HTML shell (no inline script or style: the CSP forbids them), its style
// sheet, and the ES modules tsc compiles from src/web/console/, all served by uccert itself.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { consoleStyle } from './console-style.js';

export interface ConsoleAsset {
  readonly body: string;
  readonly type: string;
}

/** The compiled client modules, next to this file once built (dist/src/web/console/). */
const clientDirectory = fileURLToPath(new URL('./console/', import.meta.url));

function loadClientModules(): ReadonlyMap<string, string> {
  const modules = new Map<string, string>();
  for (const file of readdirSync(clientDirectory)) {
    if (/^[a-z0-9-]+\.js$/.test(file)) modules.set(file, readFileSync(`${clientDirectory}${file}`, 'utf8'));
  }
  return modules;
}

let clientModules: ReadonlyMap<string, string> | null = null;

export function consoleAsset(file: string): ConsoleAsset | null {
  if (file === 'console.css') return { body: consoleStyle, type: 'text/css; charset=utf-8' };
  clientModules ??= loadClientModules();
  const body = clientModules.get(file);
  return body === undefined ? null : { body, type: 'text/javascript; charset=utf-8' };
}

function escapeAttribute(text: string): string {
  return text.replace(/[&"<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/** The views, in the order of the navigation bar (hash routes: #/deployment, #/server/FQDN, …). */
export const consoleViews = [
  ['deployment', 'Deployment'],
  ['coverage', 'Coverage'],
  ['findings', 'Findings'],
  ['expiry', 'Expiry'],
  ['scan', 'Scan'],
  ['probe', 'Probe'],
  ['actions', 'Actions'],
] as const;

export function renderConsolePage(csrfToken: string): string {
  const nav = consoleViews
    .map(([id, label]) => `<li><a href="#/${id}" data-view="${id}">${label}</a></li>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="uccert-csrf" content="${escapeAttribute(csrfToken)}">
<title>uccert console</title>
<link rel="stylesheet" href="/assets/console.css">
<script type="module" src="/assets/main.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<span class="brand">uccert</span>
<nav aria-label="Views"><ul>${nav}</ul></nav>
<span id="status" class="status" role="status" aria-live="polite"></span>
</header>
<main id="main" tabindex="-1"><p class="loading">Loading…</p></main>
</body>
</html>
`;
}
