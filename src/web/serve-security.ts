// The console's guards (issue 12): the Host header must name the address served (DNS rebinding),
// a token off loopback, a same-origin check and a CSRF token on every state-changing request, and
// a strict Content-Security-Policy with no inline script on every response.

import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';

export interface ServeGuards {
  /** Host header values accepted (lowercase `host:port`); null accepts any (a wildcard bind). */
  readonly allowedHosts: ReadonlySet<string> | null;
  /** Required off loopback; null on loopback. */
  readonly token: string | null;
  /** Sent in the page (a meta tag) and by GET /api/session; required on POST. */
  readonly csrfToken: string;
}

export const tokenCookie = 'uccert_token';
export const csrfHeader = 'x-csrf-token';

/** Nothing but this origin's own files: no inline script or style, no frames, no plugins. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const loopbackNames: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackAddress(host: string): boolean {
  return loopbackNames.has(host) || (isIP(host) === 4 && host.startsWith('127.'));
}

function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The Host values a browser sends for the address the console listens on. */
export function allowedHostsFor(host: string, port: number): ReadonlySet<string> | null {
  if (host === '0.0.0.0' || host === '::') return null;
  const names = isLoopbackAddress(host) ? [host, 'localhost', '127.0.0.1'] : [host];
  return new Set(names.map((n) => hostPort(n, port).toLowerCase()));
}

export function sameSecret(given: string | undefined | null, expected: string): boolean {
  if (given === undefined || given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refusal(code: string, message: string, hint: string) {
  return { error: { code, message, hint, input: null } };
}

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', contentSecurityPolicy);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
  };
}

export function hostCheck(guards: ServeGuards): MiddlewareHandler {
  return async (c, next) => {
    const host = (c.req.header('host') ?? '').toLowerCase();
    if (guards.allowedHosts !== null && !guards.allowedHosts.has(host)) {
      return c.json(
        refusal(
          'HOST_NOT_SERVED',
          `Host "${host}" is not the address this console serves (${[...guards.allowedHosts].join(', ')})`,
          'open the console by the URL uccert serve printed',
        ),
        421,
      );
    }
    return next();
  };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Off loopback: the token, as `Authorization: Bearer`, the cookie, or `?token=` once on a page
 * (which sets the cookie and redirects to the same page without it, so it leaves the address bar).
 */
export function tokenCheck(guards: ServeGuards): MiddlewareHandler {
  return async (c, next) => {
    const token = guards.token;
    if (token === null) return next();
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (sameSecret(bearer, token) || sameSecret(cookieValue(c.req.header('cookie'), tokenCookie), token)) {
      return next();
    }
    const url = new URL(c.req.url);
    if (c.req.method === 'GET' && sameSecret(url.searchParams.get('token'), token)) {
      url.searchParams.delete('token');
      c.header(
        'Set-Cookie',
        `${tokenCookie}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
      );
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }
    return c.json(
      refusal(
        'TOKEN_REQUIRED',
        'this console listens beyond loopback and needs its token',
        'open the URL with ?token= that uccert serve printed, or send Authorization: Bearer $UCCERT_TOKEN',
      ),
      401,
    );
  };
}

const safeMethods: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** State changes: from this origin only (Origin, else Sec-Fetch-Site), with the CSRF token. */
export function csrfCheck(guards: ServeGuards): MiddlewareHandler {
  return async (c, next) => {
    if (safeMethods.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    const own = `${new URL(c.req.url).protocol}//${c.req.header('host') ?? ''}`.toLowerCase();
    const crossOrigin =
      origin !== undefined ? origin.toLowerCase() !== own : site !== undefined && site !== 'same-origin';
    if (crossOrigin) {
      return c.json(
        refusal(
          'CROSS_ORIGIN',
          `a ${c.req.method} from ${origin ?? `a ${site} page`} is refused: only the console's own pages change state`,
          'use the console at the URL uccert serve printed',
        ),
        403,
      );
    }
    if (!sameSecret(c.req.header(csrfHeader), guards.csrfToken)) {
      return c.json(
        refusal(
          'CSRF_TOKEN_REQUIRED',
          `a ${c.req.method} without the console's CSRF token is refused`,
          'send the token of GET /api/session in the X-CSRF-Token header',
        ),
        403,
      );
    }
    return next();
  };
}
