// The console's calls to its API: JSON in and out, the CSRF token on every POST, and errors as
// the CLI's { error: { code, message, hint } } document.

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface ApiResult<T> {
  readonly data: T;
  /** The uccert command line the API ran (X-Uccert-Command). */
  readonly command: string | null;
  readonly exitCode: number | null;
}

function csrfToken(): string {
  return document.querySelector('meta[name="uccert-csrf"]')?.getAttribute('content') ?? '';
}

async function readResult<T>(response: Response): Promise<ApiResult<T>> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    throw new ApiError(
      'BAD_RESPONSE',
      `the console API answered ${response.status} with no JSON`,
      'reload the page',
      response.status,
    );
  }
  const error = (body as { error?: { code?: string; message?: string; hint?: string } } | null)?.error;
  if (!response.ok || (error !== undefined && error !== null)) {
    throw new ApiError(
      error?.code ?? 'HTTP_ERROR',
      error?.message ?? `HTTP ${response.status}`,
      error?.hint ?? '',
      response.status,
    );
  }
  const exit = response.headers.get('x-uccert-exit-code');
  return {
    data: body as T,
    command: response.headers.get('x-uccert-command'),
    exitCode: exit === null ? null : Number(exit),
  };
}

export async function getJson<T>(path: string): Promise<ApiResult<T>> {
  return readResult<T>(await fetch(path, { headers: { Accept: 'application/json' } }));
}

export async function postJson<T>(path: string, body: unknown): Promise<ApiResult<T>> {
  return readResult<T>(
    await fetch(path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-CSRF-Token': csrfToken(),
        Accept: 'application/json',
      },
      body: JSON.stringify(body),
    }),
  );
}

export async function postForm<T>(path: string, form: FormData): Promise<ApiResult<T>> {
  return readResult<T>(
    await fetch(path, { method: 'POST', headers: { 'X-CSRF-Token': csrfToken() }, body: form }),
  );
}

/** A POST whose answer is a file (export): downloaded under the name the server gives. */
export async function postDownload(
  path: string,
  body: unknown,
): Promise<{ name: string; size: number; command: string | null }> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
    body: JSON.stringify(body),
  });
  if (!response.ok || (response.headers.get('content-type') ?? '').startsWith('application/json')) {
    await readResult(response);
  }
  const blob = await response.blob();
  const name =
    /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { name, size: blob.size, command: response.headers.get('x-uccert-command') };
}
