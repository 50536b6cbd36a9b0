// The HTTP face of uccert (`uccert serve`): the console's page and assets, and an API whose
// routes run the CLI's own commands in process and answer with the CLI's JSON document (the
// command line in X-Uccert-Command, its exit code in X-Uccert-Exit-Code). Behind the guards of
// serve-security.ts. Handlers are tested in process with app.request().

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { encodePem } from '../ca/pem-encoding.js';
import { inputError, UccertError } from '../errors.js';
import { findPendingRequest } from '../store/request-records.js';
import { openStore } from '../store/store.js';
import {
  type ActionSettings,
  actionBuilders,
  isActionName,
  passwordPlaceholder,
  requireTopology,
} from './api-actions.js';
import { asFields, type Fields, optionalSecret } from './api-input.js';
import {
  type CommandContext,
  type CommandOutcome,
  describeCommandLine,
  errorDocument,
  runCommand,
} from './command-runner.js';
import { consoleAsset, renderConsolePage } from './console-page.js';
import { summarizeDeployment } from './deployment-summary.js';
import { createReadCache } from './read-cache.js';
import type { ScanJobs } from './scan-jobs.js';
import { csrfCheck, hostCheck, type ServeGuards, securityHeaders, tokenCheck } from './serve-security.js';

export interface ConsoleOptions extends ActionSettings {
  readonly commands: CommandContext;
  readonly guards: ServeGuards;
  readonly scans: ScanJobs;
  /** Largest upload (import) accepted, in bytes. */
  readonly maxUploadBytes: number;
  /** Shown by the console: what the demo planted, or null outside the demo. */
  readonly demo: ConsoleDemo | null;
  readonly warnDays: number;
}

/** What the demo tells the console: the mistakes it planted and endpoints worth probing. */
export interface ConsoleDemo {
  readonly mistakes: readonly { readonly title: string; readonly where: string }[];
  readonly probeExamples: readonly { readonly target: string; readonly sni: string }[];
}

/** JSON bodies of actions are small; an upload has its own, larger limit. */
const maxJsonBytes = 64 * 1024;

function sendOutcome(c: Context, outcome: CommandOutcome): Response {
  return c.body(outcome.json, outcome.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'X-Uccert-Command': outcome.commandLine,
    'X-Uccert-Exit-Code': String(outcome.exitCode),
  });
}

function sendError(c: Context, error: UccertError, status: 400 | 404 | 413 = 400): Response {
  return c.body(errorDocument(error, null), status, { 'Content-Type': 'application/json; charset=utf-8' });
}

function tooLarge(limit: number) {
  return (c: Context) =>
    sendError(
      c,
      inputError(
        'UPLOAD_TOO_LARGE',
        `the upload is larger than ${limit} bytes`,
        'send a single certificate file (PEM, DER, PFX or P7B); certificates are a few kilobytes',
      ),
      413,
    );
}

async function readJson(c: Context): Promise<Fields> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/json')) {
    throw inputError(
      'BAD_CONTENT_TYPE',
      `the body is "${type || 'untyped'}", not JSON`,
      'send Content-Type: application/json',
    );
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw inputError('BAD_JSON', 'the request body is not valid JSON', 'send one JSON object');
  }
  return asFields(body);
}

function withPassword(argv: readonly string[], password: string | undefined): string[] {
  return argv.map((word) => (word === passwordPlaceholder ? (password ?? '') : word));
}

/** A private scratch directory for one request (uploads, exports), removed afterwards. */
async function inScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'uccert-serve-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function createConsoleApp(options: ConsoleOptions): Hono {
  const app = new Hono();
  const run = (argv: readonly string[]) => runCommand(options.commands, argv);
  const cache = createReadCache(options.commands.home);
  /** A read: the same document until the store changes (read-cache.ts). */
  const read = (argv: readonly string[]) => cache(argv, () => run(argv));
  /** `scan --show` of the last finished scan, or null when none has finished. */
  const latestScan = async (): Promise<CommandOutcome | null> => {
    const list = await read(['scan', '--list']);
    if (list.status !== 200) return list;
    const ids = (JSON.parse(list.json) as { scans: { scanId: number; finishedAt: string | null }[] }).scans
      .filter((s) => s.finishedAt !== null)
      .map((s) => s.scanId);
    return ids.length === 0 ? null : read(['scan', '--show', String(Math.max(...ids))]);
  };
  const caArgs = options.caFiles.flatMap((f) => ['--ca', f]);

  app.use(
    '*',
    securityHeaders(),
    hostCheck(options.guards),
    tokenCheck(options.guards),
    csrfCheck(options.guards),
  );
  app.onError((error, c) => {
    if (error instanceof UccertError) return sendError(c, error);
    const bug = new UccertError(
      'environment',
      'INTERNAL',
      `internal error in uccert serve: ${error.message}`,
      'this is a bug in uccert; please report it',
    );
    return c.body(errorDocument(bug, null), 500, { 'Content-Type': 'application/json; charset=utf-8' });
  });
  app.notFound((c) =>
    sendError(
      c,
      inputError(
        'NOT_FOUND',
        `${c.req.method} ${c.req.path} is not a console route`,
        'see GET /api/session for the routes',
      ),
      404,
    ),
  );

  app.get('/', (c) => c.html(renderConsolePage(options.guards.csrfToken)));
  // No icon: an empty answer rather than a 404 in the browser's console.
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/assets/:file{[a-z0-9-]+\\.(?:js|css)}', (c) => {
    const asset = consoleAsset(c.req.param('file'));
    if (asset === null) return c.notFound();
    return c.body(asset.body, 200, { 'Content-Type': asset.type, 'Cache-Control': 'no-cache' });
  });

  app.get('/api/session', (c) =>
    c.json({
      csrfToken: options.guards.csrfToken,
      topology: options.topologyPath,
      home: options.commands.home,
      warnDays: options.warnDays,
      now: options.commands.now().toISOString(),
      demo: options.demo,
      routes: [
        'GET /api/deployment',
        'GET /api/plan',
        'GET /api/check',
        'GET /api/get',
        'GET /api/requests',
        'GET /api/requests/:id/csr',
        'GET /api/scans',
        'GET /api/scans/latest',
        'GET /api/scans/:id',
        'POST /api/scans',
        'GET /api/scan-jobs/:id',
        'GET /api/evidence',
        'GET /api/equivalents/:action',
        'POST /api/probe',
        'POST /api/request',
        'POST /api/import',
        'POST /api/set',
        'POST /api/remove',
        'POST /api/export',
      ],
    }),
  );

  // Reads: the CLI's JSON, unchanged.
  app.get('/api/plan', async (c) => sendOutcome(c, await read(['plan', requireTopology(options)])));
  app.get('/api/check', async (c) =>
    sendOutcome(
      c,
      await read(['check', requireTopology(options), ...caArgs, '--warn-days', String(options.warnDays)]),
    ),
  );
  app.get('/api/get', async (c) => {
    const fields = asFields(c.req.query());
    const argv = ['get'];
    const server = typeof fields.server === 'string' && fields.server !== '' ? fields.server : undefined;
    const type = typeof fields.type === 'string' && fields.type !== '' ? fields.type : undefined;
    if (server !== undefined) argv.push('--server', actionWord('server', server));
    if (type !== undefined) argv.push('--type', actionWord('type', type));
    return sendOutcome(c, await read(argv));
  });
  // The first page's rows, folded from the same documents (deployment-summary.ts).
  let summaryMemo: { readonly sources: readonly (CommandOutcome | null)[]; readonly body: string } | null =
    null;
  app.get('/api/deployment', async (c) => {
    const topology = options.topologyPath;
    const [plan, check, get, scan] = await Promise.all([
      topology === null ? null : read(['plan', topology]),
      topology === null
        ? null
        : read(['check', topology, ...caArgs, '--warn-days', String(options.warnDays)]),
      read(['get']),
      latestScan(),
    ]);
    for (const outcome of [plan, check, get])
      if (outcome !== null && outcome.status !== 200) return sendOutcome(c, outcome);
    // The same four documents (the read cache hands out the same outcomes): the same rows.
    const sources = [plan, check, get, scan];
    if (summaryMemo?.sources.every((o, i) => o === sources[i])) {
      return c.body(summaryMemo.body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
    }
    const parsed = <T>(outcome: CommandOutcome | null): T | null =>
      outcome === null || outcome.status !== 200 ? null : (JSON.parse(outcome.json) as T);
    const body = JSON.stringify({
      servers: summarizeDeployment({
        plan: parsed(plan),
        check: parsed(check),
        get: parsed(get) ?? { assignments: [] },
        scan: parsed(scan),
      }),
    });
    summaryMemo = { sources, body };
    return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
  app.get('/api/requests', async (c) => sendOutcome(c, await run(['request', '--list', '--all'])));
  app.get('/api/requests/:id/csr', (c) => {
    const id = Number(c.req.param('id'));
    const store = openStore(options.commands.home);
    try {
      const request = Number.isInteger(id) ? store.read(() => findPendingRequest(store.db, id)) : null;
      if (request === null) {
        return sendError(
          c,
          inputError('NO_SUCH_REQUEST', `there is no request ${c.req.param('id')}`, 'see GET /api/requests'),
          404,
        );
      }
      return c.body(encodePem('CERTIFICATE REQUEST', request.csrDer), 200, {
        'Content-Type': 'application/pkcs10',
        'Content-Disposition': `attachment; filename="${request.server}.csr"`,
      });
    } finally {
      store.close();
    }
  });

  // The change-ticket pack of `uccert evidence --out FILE.zip`, as a download (issue 13).
  app.get('/api/evidence', (c) =>
    inScratch(async (dir) => {
      const out = join(dir, 'uccert-evidence.zip');
      const outcome = await run(['evidence', '--out', out, '--topology', requireTopology(options)]);
      if (outcome.status !== 200) return sendOutcome(c, outcome);
      return c.body(readFileSync(out), 200, {
        'Content-Type': 'application/zip',
        'Content-Disposition': 'attachment; filename="uccert-evidence.zip"',
        'X-Uccert-Command': outcome.commandLine,
      });
    }),
  );

  // Scans: the history and each document as `uccert scan --list` and `scan --show ID` print them.
  app.get('/api/scans', async (c) => sendOutcome(c, await read(['scan', '--list'])));
  app.get('/api/scans/latest', async (c) => {
    const latest = await latestScan();
    return latest === null
      ? sendError(c, inputError('NO_SCAN', 'no scan has finished yet', 'start one with POST /api/scans'), 404)
      : sendOutcome(c, latest);
  });
  app.get('/api/scans/:id{[0-9]+}', async (c) =>
    sendOutcome(c, await run(['scan', '--show', c.req.param('id')])),
  );
  app.post('/api/scans', (c) => c.json(options.scans.start(), 202));
  app.get('/api/scan-jobs/:id', (c) => {
    const job = options.scans.job(c.req.param('id'));
    return job === null
      ? sendError(
          c,
          inputError(
            'NO_SUCH_SCAN_JOB',
            `there is no scan job ${c.req.param('id')}`,
            'start one with POST /api/scans',
          ),
          404,
        )
      : c.json(job);
  });

  // What an action runs, before it runs: the uccert line and the Management Shell lines.
  app.get('/api/equivalents/:action', (c) => {
    const action = c.req.param('action');
    if (!isActionName(action)) {
      return sendError(
        c,
        inputError(
          'NO_SUCH_ACTION',
          `"${action}" is not an action`,
          `give one of ${Object.keys(actionBuilders).join(', ')}`,
        ),
        404,
      );
    }
    const query = c.req.queries();
    const fields = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
    const lines = actionBuilders[action](fields, options);
    return c.json({ cli: [describeCommandLine(lines.argv)], powershell: lines.powershell });
  });

  // Actions: JSON in, the command's JSON out.
  const json = bodyLimit({ maxSize: maxJsonBytes, onError: tooLarge(maxJsonBytes) });
  for (const action of ['probe', 'set', 'remove'] as const) {
    app.post(`/api/${action}`, json, async (c) => {
      const fields = await readJson(c);
      return sendOutcome(c, await run(actionBuilders[action](fields, options).argv));
    });
  }
  // A CSR is written in a scratch directory (the store keeps it: GET /api/requests/:id/csr).
  app.post('/api/request', json, async (c) => {
    const lines = actionBuilders.request(await readJson(c), options);
    return inScratch(async (dir) => {
      const at = lines.argv.indexOf('--output');
      const argv = lines.argv.map((w, i) => (at >= 0 && i === at + 1 ? join(dir, basename(w)) : w));
      const outcome = await run(argv);
      return sendOutcome(c, { ...outcome, commandLine: describeCommandLine(lines.argv) });
    });
  });

  app.post('/api/export', json, async (c) => {
    const fields = await readJson(c);
    const lines = actionBuilders.export(fields, options);
    const password = optionalSecret(fields, 'password');
    const format = lines.argv[lines.argv.indexOf('--format') + 1];
    if (format === 'pfx' && (password === undefined || password.length < 8)) {
      throw inputError(
        'PASSWORD_REQUIRED',
        'a PFX leaves the console only protected by a password of at least 8 characters',
        'give the password the Windows server will ask for at import, or export format "pem" for the certificates alone',
      );
    }
    return inScratch(async (dir) => {
      const out = join(dir, basename(lines.argv[2]!));
      const argv = withPassword(lines.argv, password).map((w, i) => (i === 3 ? out : w));
      const outcome = await run(argv);
      if (outcome.status !== 200) return sendOutcome(c, outcome);
      return c.body(readFileSync(out), 200, {
        'Content-Type': format === 'pfx' ? 'application/x-pkcs12' : 'application/x-pem-file',
        'Content-Disposition': `attachment; filename="${basename(lines.argv[2]!)}"`,
        'X-Uccert-Command': describeCommandLine(lines.argv),
      });
    });
  });

  const upload = bodyLimit({ maxSize: options.maxUploadBytes, onError: tooLarge(options.maxUploadBytes) });
  app.post('/api/import', upload, async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('multipart/form-data')) {
      throw inputError(
        'BAD_CONTENT_TYPE',
        `the upload is "${type || 'untyped'}", not multipart/form-data`,
        'send the file as a form field named "file"',
      );
    }
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw inputError(
        'BAD_UPLOAD',
        'the upload is not a readable multipart form',
        'send the file as a form field named "file"',
      );
    }
    const file = form.file;
    if (!(file instanceof File) || file.size === 0) {
      throw inputError(
        'NO_FILE',
        'the upload has no file (or an empty one)',
        'choose a certificate file: PEM, DER, PFX or P7B',
      );
    }
    const password = optionalSecret(form, 'password');
    const name =
      basename(file.name)
        .replace(/[^A-Za-z0-9._-]/g, '_')
        .replace(/^[-.]+/, '') || 'upload.cer';
    return inScratch(async (dir) => {
      const path = join(dir, name);
      writeFileSync(path, new Uint8Array(await file.arrayBuffer()), { mode: 0o600 });
      const lines = actionBuilders.import({ file: name, hasPassword: password !== undefined }, options);
      const argv = withPassword(lines.argv, password).map((w, i) => (i === 1 ? path : w));
      const outcome = await run(argv);
      return sendOutcome(c, { ...outcome, commandLine: describeCommandLine(lines.argv) });
    });
  });

  return app;
}

function actionWord(name: string, value: string): string {
  if (value.startsWith('-'))
    throw inputError(
      'BAD_FIELD',
      `${name} "${value}" starts with "-"`,
      `give ${name} without the leading dash`,
    );
  return value;
}
