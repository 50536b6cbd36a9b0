// The Management Shell lines that do on a Windows server what uccert did in its store:
// Import-CsCertificate [PS-IMP], Set-CsCertificate [PS-SET] (with -Roll -EffectiveDate in the en-US
// format [L13-ROLL]) and Remove-CsCertificate [PS-REM]. OAuthTokenIssuer is global: -Identity global
// [L13-OAUTH]. Pure text.

/** Uses whose key must stay exportable on the server: every Edge pool member needs the same key [S15-EDGE]. */
const edgeUses: ReadonlySet<string> = new Set([
  'Internal',
  'AccessEdgeExternal',
  'DataEdgeExternal',
  'AudioVideoAuthentication',
  'XmppServer',
]);

const oauth = 'OAuthTokenIssuer';

const monthDayYear = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
  hour12: true,
});

/** `7/22/2012 6:00:00 AM`: the en-US form Set-CsCertificate -EffectiveDate reads [L13-ROLL]. */
export function formatEffectiveDate(at: Date): string {
  const parts = Object.fromEntries(monthDayYear.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.month}/${parts.day}/${parts.year} ${parts.hour}:${parts.minute}:${parts.second} ${parts.dayPeriod}`;
}

function quote(text: string): string {
  return `"${text.replaceAll('"', '`"')}"`;
}

export interface ImportLineInput {
  /** The path of the file on the Windows server. */
  readonly windowsPath: string;
  readonly uses: readonly string[];
  /** PowerShell variable holding the PFX password, e.g. `$pfxPassword`; null for a .cer. */
  readonly passwordVariable: string | null;
}

/** Import-CsCertificate: -Identity global -Type OAuthTokenIssuer for the OAuth certificate. */
export function formatImportCsCertificate(input: ImportLineInput): string {
  const password = input.passwordVariable === null ? '' : ` -Password ${input.passwordVariable}`;
  if (input.uses.includes(oauth)) {
    return `Import-CsCertificate -Identity global -Type ${oauth} -Path ${quote(input.windowsPath)}${password}`;
  }
  const exportable = input.uses.some((u) => edgeUses.has(u)) ? ' -PrivateKeyExportable $true' : '';
  return `Import-CsCertificate -Path ${quote(input.windowsPath)}${password}${exportable}`;
}

export interface SetLineInput {
  readonly uses: readonly string[];
  readonly thumbprint: string;
  /** -Roll -EffectiveDate, or null for an immediate assignment. */
  readonly effectiveDate: Date | null;
}

export function formatSetCsCertificate(input: SetLineInput): string {
  const identity = input.uses.includes(oauth) ? '-Identity global ' : '';
  const roll =
    input.effectiveDate === null
      ? ''
      : ` -Roll -EffectiveDate ${quote(formatEffectiveDate(input.effectiveDate))}`;
  return `Set-CsCertificate ${identity}-Type ${input.uses.join(',')} -Thumbprint ${input.thumbprint}${roll}`;
}

export function formatRemoveCsCertificate(uses: readonly string[], previous: boolean): string {
  const identity = uses.includes(oauth) ? '-Identity global ' : '';
  return `Remove-CsCertificate ${identity}-Type ${uses.join(',')}${previous ? ' -Previous' : ''}`;
}
