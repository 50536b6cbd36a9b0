// The console's actions as command lines: request, set (assign, roll), remove, export, probe. One
// table builds the argv each action runs (the CLI's own command, so its rules apply unchanged)
// and the equivalent Management Shell lines, which the console shows beside the uccert line.

import { formatRemoveCsCertificate, formatSetCsCertificate } from '../assign/cmdlet-lines.js';
import { inputError } from '../errors.js';
import { type Fields, flag, optionalText, requiredText, textList } from './api-input.js';

export interface ActionSettings {
  /** The topology the console serves, as given to `serve --topology` (null: none). */
  readonly topologyPath: string | null;
  /** `--ca` files the console trusts (the demo's lab root). */
  readonly caFiles: readonly string[];
}

export interface ActionLines {
  /** What the console runs (without --json/--home), as argv. */
  readonly argv: string[];
  /** The Skype for Business Management Shell lines that do the same on a server. */
  readonly powershell: string[];
}

export function requireTopology(settings: ActionSettings): string {
  if (settings.topologyPath === null) {
    throw inputError(
      'NO_TOPOLOGY',
      'this console was started without a topology',
      'restart it with uccert serve --topology FILE',
    );
  }
  return settings.topologyPath;
}

function caArgs(settings: ActionSettings): string[] {
  return settings.caFiles.flatMap((file) => ['--ca', file]);
}

function effectiveDate(fields: Fields): Date | null {
  const text = optionalText(fields, 'effectiveDate');
  if (text === undefined) return null;
  const at = new Date(text);
  if (Number.isNaN(at.getTime()) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    throw inputError(
      'BAD_FIELD',
      `effectiveDate "${text}" is not an ISO 8601 time with its zone`,
      'give e.g. 2026-12-24T06:00:00Z',
    );
  }
  return at;
}

/** Stands for the password in the argv an action builds; the real one replaces it only to run. */
export const passwordPlaceholder = '$PASSWORD';

type ActionBuilder = (fields: Fields, settings: ActionSettings) => ActionLines;

export const actionBuilders = {
  request(fields, settings) {
    const server = requiredText(fields, 'server');
    const types = textList(fields, 'type');
    const ca = optionalText(fields, 'ca') ?? 'local';
    if (ca !== 'local' && ca !== 'csr') {
      throw inputError(
        'BAD_FIELD',
        `ca "${ca}" is not local or csr`,
        'give ca "local" (the lab CA issues it) or "csr" (a request file for another CA)',
      );
    }
    const argv = ['request', '--new', '--server', server, '--topology', requireTopology(settings)];
    for (const t of types) argv.push('--type', t);
    if (flag(fields, 'allSipDomain')) argv.push('--all-sip-domain');
    argv.push(...(ca === 'local' ? ['--ca', 'local'] : ['--output', `${server}.csr`]));
    const all = types.length === 0 ? 'Default' : types.join(',');
    const sip = flag(fields, 'allSipDomain') ? ' -AllSipDomain' : '';
    const where = ca === 'local' ? '-CA "<CA FQDN>\\<CA name>"' : `-Output "C:\\certs\\${server}.csr"`;
    return { argv, powershell: [`Request-CsCertificate -New -Type ${all}${sip} ${where}`] };
  },
  set(fields, settings) {
    const server = requiredText(fields, 'server');
    const types = textList(fields, 'type');
    const thumbprint = requiredText(fields, 'thumbprint').toUpperCase();
    const at = effectiveDate(fields);
    const roll = flag(fields, 'roll') || at !== null;
    const argv = [
      'set',
      '--server',
      server,
      '--thumbprint',
      thumbprint,
      '--topology',
      requireTopology(settings),
    ];
    for (const t of types) argv.push('--type', t);
    if (roll) argv.push('--roll');
    if (at !== null) argv.push('--effective-date', at.toISOString());
    return {
      argv,
      powershell: [formatSetCsCertificate({ uses: types, thumbprint, effectiveDate: roll ? at : null })],
    };
  },
  remove(fields, _settings) {
    const server = requiredText(fields, 'server');
    const types = textList(fields, 'type');
    const previous = flag(fields, 'previous');
    const argv = ['remove', '--server', server];
    for (const t of types) argv.push('--type', t);
    if (previous) argv.push('--previous');
    return { argv, powershell: [formatRemoveCsCertificate(types, previous)] };
  },
  export(fields, _settings) {
    const thumbprint = requiredText(fields, 'thumbprint').toUpperCase();
    const format = optionalText(fields, 'format') ?? 'pfx';
    if (format !== 'pfx' && format !== 'pem') {
      throw inputError(
        'BAD_FIELD',
        `format "${format}" is not pfx or pem`,
        'give format "pfx" (key and chain, with a password) or "pem" (certificates only)',
      );
    }
    const out = `${thumbprint}.${format}`;
    const argv = ['export', thumbprint, '--out', out, '--format', format];
    if (format === 'pfx') argv.push('--password', passwordPlaceholder);
    if (flag(fields, 'legacy') && format === 'pfx') argv.push('--legacy');
    const powershell =
      format === 'pfx'
        ? [
            `Export-PfxCertificate -Cert Cert:\\LocalMachine\\My\\${thumbprint} -FilePath "C:\\certs\\${out}" -Password $pfxPassword`,
          ]
        : [
            `Export-Certificate -Cert Cert:\\LocalMachine\\My\\${thumbprint} -FilePath "C:\\certs\\${thumbprint}.cer"`,
          ];
    return { argv, powershell };
  },
  probe(fields, settings) {
    const target = requiredText(fields, 'target');
    const sni = optionalText(fields, 'sni');
    const timeout = optionalText(fields, 'timeout');
    const argv = ['probe', target, ...(sni === undefined ? [] : ['--sni', sni]), ...caArgs(settings)];
    if (timeout !== undefined) argv.push('--timeout', timeout);
    return { argv, powershell: [] };
  },
  import(fields, _settings) {
    const file = optionalText(fields, 'file') ?? 'CERTIFICATE-FILE';
    const argv = ['import', file];
    if (flag(fields, 'hasPassword')) argv.push('--password', passwordPlaceholder);
    const password = flag(fields, 'hasPassword') ? ' -Password $pfxPassword' : '';
    return { argv, powershell: [`Import-CsCertificate -Path "C:\\certs\\${file}"${password}`] };
  },
} as const satisfies Record<string, ActionBuilder>;

export type ActionName = keyof typeof actionBuilders;

export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(actionBuilders, name);
}
