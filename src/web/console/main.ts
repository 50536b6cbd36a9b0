// The console's entry module: loads the deployment once, routes #/VIEW to its renderer, marks the
// current view in the navigation and moves focus to the page heading after each navigation.

import type { ApiError } from './api.js';
import { announce, h, mount } from './dom.js';
import { type Deployment, loadDeployment, loadSummary } from './model.js';
import { parseRoute } from './route.js';
import { renderActions } from './view-actions.js';
import { renderCoverage } from './view-coverage.js';
import { renderDeployment } from './view-deployment.js';
import { renderExpiry } from './view-expiry.js';
import { renderFindings } from './view-findings.js';
import { renderProbeView } from './view-probe.js';
import { renderScan } from './view-scan.js';
import { renderServer } from './view-server.js';

const main = document.getElementById('main') as HTMLElement;
let lastView = '';

function markNavigation(view: string): void {
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a[data-view]')) {
    const current = a.dataset.view === view || (view === 'server' && a.dataset.view === 'deployment');
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function renderView(deployment: Deployment): Promise<void> {
  const route = parseRoute(location.hash);
  markNavigation(route.view);
  document.title = `${route.view}${route.argument === null ? '' : ` ${route.argument}`} · uccert console`;
  switch (route.view) {
    case 'server':
      renderServer(main, deployment, route.argument ?? '');
      break;
    case 'coverage':
      renderCoverage(main, deployment, route);
      break;
    case 'findings':
      renderFindings(main, deployment, route);
      break;
    case 'expiry':
      renderExpiry(main, deployment, route);
      break;
    case 'scan':
      await renderScan(main, deployment, route, () => void show());
      break;
    case 'probe':
      renderProbeView(main, deployment, route);
      break;
    case 'actions':
      renderActions(main, deployment);
      break;
    default:
      renderDeployment(main, deployment, route);
  }
}

async function show(): Promise<void> {
  const view = parseRoute(location.hash).view;
  try {
    // The first page needs only one row per server (GET /api/deployment); the full documents the
    // other views read are fetched when one of them is opened.
    if (view === 'deployment') {
      markNavigation(view);
      document.title = 'deployment · uccert console';
      renderDeployment(main, await loadSummary(), parseRoute(location.hash));
    } else {
      await renderView(await loadDeployment());
    }
    document.body.dataset.ready = 'true';
    // Focus moves to the new page's heading (for keyboard and screen-reader users), not on filter changes.
    // On the first load the page starts at the top (the skip link is the first Tab stop).
    if (lastView !== '' && (view !== lastView || view === 'server'))
      main.querySelector<HTMLElement>('h1')?.focus();
    lastView = view;
  } catch (error) {
    const e = error as ApiError;
    mount(
      main,
      h('h1', { tabindex: '-1' }, 'The console cannot load'),
      h('div', { class: 'error-box', role: 'alert' }, e.message, h('br'), e.hint ?? ''),
    );
    announce('Error');
  }
}

window.addEventListener('hashchange', () => void show());
void show();
