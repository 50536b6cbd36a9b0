// GET /api/deployment: one row per server for the console's first page, folded from the documents
// the CLI prints (plan, check, get, the last scan): its pool, role and uses, its worst finding's
// severity, the codes found, its nearest expiry and how many endpoints drift. Pure: documents in,
// rows out; no rule is decided here (the findings come from check and scan).

export interface SummaryFinding {
  readonly code: string;
  readonly severity: string;
  readonly target: string;
}

export interface SummaryInputs {
  readonly plan: {
    readonly requirements: readonly {
      readonly server: string;
      readonly pool: string;
      readonly role: string;
      readonly use: string;
    }[];
  } | null;
  readonly check: { readonly findings: readonly SummaryFinding[] } | null;
  readonly get: {
    readonly assignments: readonly {
      readonly server: string;
      readonly use: string;
      readonly certificate: { readonly notAfter: string };
    }[];
  };
  readonly scan: {
    readonly endpoints: readonly {
      readonly server: string | null;
      readonly drift: string;
      readonly findings: readonly SummaryFinding[];
    }[];
  } | null;
}

export interface ServerSummary {
  readonly server: string;
  readonly pool: string;
  readonly role: string;
  readonly uses: readonly string[];
  readonly status: 'error' | 'warning' | 'info' | 'ok';
  readonly codes: readonly string[];
  readonly findings: number;
  readonly nearestExpiry: string | null;
  readonly drift: number;
}

const rank = { ok: 0, info: 1, warning: 2, error: 3 } as const;

/** The server a finding's target names: `fe01.contoso.net/Default`, `fe01.contoso.net:5061`, … */
export function targetServer(target: string): string {
  return target.split(/[/ :]/)[0] ?? target;
}

export function summarizeDeployment(inputs: SummaryInputs): ServerSummary[] {
  const rows = new Map<string, { server: string; pool: string; role: string; uses: Set<string> }>();
  const row = (server: string, pool: string, role: string) => {
    const found = rows.get(server) ?? { server, pool, role, uses: new Set<string>() };
    rows.set(server, found);
    return found;
  };
  for (const r of inputs.plan?.requirements ?? []) row(r.server, r.pool, r.role).uses.add(r.use);
  for (const a of inputs.get.assignments) {
    const global = a.server === 'global';
    row(a.server, global ? 'deployment' : '—', global ? 'global' : '—').uses.add(a.use);
  }
  const findings = new Map<string, SummaryFinding[]>();
  const file = (server: string, f: SummaryFinding) =>
    findings.set(server, [...(findings.get(server) ?? []), f]);
  for (const f of inputs.check?.findings ?? []) file(targetServer(f.target), f);
  const drift = new Map<string, number>();
  for (const e of inputs.scan?.endpoints ?? []) {
    if (e.server === null) continue;
    for (const f of e.findings) file(e.server, f);
    if (e.drift === 'served-not-assigned' || e.drift === 'not-served')
      drift.set(e.server, (drift.get(e.server) ?? 0) + 1);
  }
  const expiry = new Map<string, string>();
  for (const a of inputs.get.assignments) {
    const held = expiry.get(a.server);
    if (held === undefined || a.certificate.notAfter < held) expiry.set(a.server, a.certificate.notAfter);
  }
  return [...rows.values()].map((r) => {
    const own = findings.get(r.server) ?? [];
    let status: ServerSummary['status'] = 'ok';
    for (const f of own) {
      const s = (f.severity in rank ? f.severity : 'info') as keyof typeof rank;
      if (rank[s] > rank[status]) status = s;
    }
    return {
      server: r.server,
      pool: r.pool,
      role: r.role,
      uses: [...r.uses],
      status,
      codes: [...new Set(own.map((f) => f.code))],
      findings: own.length,
      nearestExpiry: expiry.get(r.server) ?? null,
      drift: drift.get(r.server) ?? 0,
    };
  });
}
