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

/**
 * Uses no Lync cmdlet manages: the reverse proxy's web listener (certificate-use.ts). Its machine
 * runs no Lync Server, so it gets Windows' own certificate cmdlets and a binding, not *-CsCertificate.
 */
const reverseProxy = 'ReverseProxy';

function isLyncUse(use: string): boolean {
  return use !== reverseProxy;
}

/** The trailing comment for a reverse proxy listener, which no Lync cmdlet binds [L13-RPREQ]. */
function reverseProxyNote(thumbprint: string | null): string {
  const which = thumbprint === null ? 'the certificate' : `certificate ${thumbprint}`;
  return `# ReverseProxy: no Lync cmdlet; bind ${which} to the reverse proxy's HTTPS listener (IIS ARR: the site's 443 binding)`;
}

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
  /** Whether the key may leave the server; when unknown, Edge keys are (they are shared by the pool). */
  readonly keyExportable?: boolean | undefined;
}

/** Import-CsCertificate: -Identity global -Type OAuthTokenIssuer for the OAuth certificate. */
export function formatImportCsCertificate(input: ImportLineInput): string {
  if (input.uses.length > 0 && !input.uses.some(isLyncUse)) {
    // A reverse proxy has no Management Shell: Windows' PKI module imports into the computer store.
    return input.passwordVariable === null
      ? `Import-Certificate -FilePath ${quote(input.windowsPath)} -CertStoreLocation Cert:\\LocalMachine\\My`
      : `Import-PfxCertificate -FilePath ${quote(input.windowsPath)} -CertStoreLocation Cert:\\LocalMachine\\My -Password (ConvertTo-SecureString ${input.passwordVariable} -AsPlainText -Force)`;
  }
  const password = input.passwordVariable === null ? '' : ` -Password ${input.passwordVariable}`;
  if (input.uses.includes(oauth)) {
    return `Import-CsCertificate -Identity global -Type ${oauth} -Path ${quote(input.windowsPath)}${password}`;
  }
  const exportable =
    (input.keyExportable ?? input.uses.some((u) => edgeUses.has(u))) ? ' -PrivateKeyExportable $true' : '';
  return `Import-CsCertificate -Path ${quote(input.windowsPath)}${password}${exportable}`;
}

export interface SetLineInput {
  readonly uses: readonly string[];
  readonly thumbprint: string;
  /** -Roll -EffectiveDate, or null for an immediate assignment. */
  readonly effectiveDate: Date | null;
}

export function formatSetCsCertificate(input: SetLineInput): string {
  const uses = input.uses.filter(isLyncUse);
  const note = uses.length < input.uses.length ? reverseProxyNote(input.thumbprint) : '';
  if (uses.length === 0) return note;
  const identity = uses.includes(oauth) ? '-Identity global ' : '';
  const roll =
    input.effectiveDate === null
      ? ''
      : ` -Roll -EffectiveDate ${quote(formatEffectiveDate(input.effectiveDate))}`;
  const line = `Set-CsCertificate ${identity}-Type ${uses.join(',')} -Thumbprint ${input.thumbprint}${roll}`;
  return note === '' ? line : `${line}  ${note}`;
}

export function formatRemoveCsCertificate(all: readonly string[], previous: boolean): string {
  const uses = all.filter(isLyncUse);
  const note =
    uses.length < all.length
      ? "# ReverseProxy: no Lync cmdlet; remove the certificate's binding on the reverse proxy"
      : '';
  if (uses.length === 0) return note;
  const identity = uses.includes(oauth) ? '-Identity global ' : '';
  const line = `Remove-CsCertificate ${identity}-Type ${uses.join(',')}${previous ? ' -Previous' : ''}`;
  return note === '' ? line : `${line}  ${note}`;
}
