// Hash routes: #/VIEW/ARGUMENT?QUERY, so every page (a filtered list, a server, a finding code)
// has a link of its own that survives a reload.

export interface Route {
  readonly view: string;
  readonly argument: string | null;
  readonly params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [view = '', ...rest] = path.split('/');
  return {
    view: view === '' ? 'deployment' : view,
    argument: rest.length === 0 ? null : decodeURIComponent(rest.join('/')),
    params: new URLSearchParams(query),
  };
}

/** The hash for a view with these parameters (empty ones left out). */
export function routeHash(
  view: string,
  argument: string | null,
  params: Record<string, string | number | null | undefined>,
): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== null && v !== undefined && v !== '' && v !== 1) query.set(k, String(v));
  const q = query.toString();
  return `#/${view}${argument === null ? '' : `/${encodeURIComponent(argument)}`}${q === '' ? '' : `?${q}`}`;
}

/** Replaces the current route's parameters without adding a history entry per keystroke. */
export function replaceParams(
  route: Route,
  params: Record<string, string | number | null | undefined>,
): void {
  history.replaceState(null, '', routeHash(route.view, route.argument, params));
}
