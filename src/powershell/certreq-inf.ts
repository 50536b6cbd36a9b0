// A Windows certreq policy file (INF) for a planned certificate, for CAs that take a PKCS#10
// request (public CAs; the reverse proxy). The SAN goes in the extension 2.5.29.17 written as
// "{text}dns=…&dns=…" (certreq -new syntax); key usage and EKU as [L13-RPREQ] sets them. One INF
// holds one [NewRequest]: a plan of several certificates is several files. A request to an
// enterprise CA names its template ([RequestAttributes] CertificateTemplate), as certreq -submit needs.

import type { PlannedCertificate } from '../requirements/plan-model.js';

const ekuOid = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2' } as const;

/** The INF's file name: certNN-subject.inf. */
export function certreqFileName(c: PlannedCertificate): string {
  return `cert${String(c.id).padStart(2, '0')}-${c.subject}.inf`;
}

/** AD CS's template for server certificates (Web Server), which the Lync certificate wizard uses. */
export const defaultCertificateTemplate = 'WebServer';

export interface CertreqOptions {
  /** The enterprise CA's template, for certificates an internal CA issues. */
  readonly template: string;
}

export function renderCertreqInf(c: PlannedCertificate, options: CertreqOptions): string {
  const names =
    c.names.length === 0
      ? []
      : [
          '',
          '[Extensions]',
          '2.5.29.17 = "{text}"',
          ...c.names.map((n, i) => `_continue_ = "dns=${n}${i < c.names.length - 1 ? '&' : ''}"`),
        ];
  return [
    `; ${certreqFileName(c)}: certificate ${c.id} (${c.uses.join(', ')}) for ${c.servers.join(', ')}`,
    `; certreq -new ${certreqFileName(c)} ${certreqFileName(c).replace(/\.inf$/, '.req')}`,
    '[Version]',
    'Signature = "$Windows NT$"',
    '',
    '[NewRequest]',
    `Subject = "CN=${c.subject}"`,
    `KeyLength = ${Math.max(2048, c.minKeySize)}`,
    'KeySpec = 1',
    '; digital signature and key encipherment',
    'KeyUsage = 0xA0',
    `Exportable = ${c.exportableKey ? 'TRUE' : 'FALSE'}`,
    'MachineKeySet = TRUE',
    'ProviderName = "Microsoft RSA SChannel Cryptographic Provider"',
    'ProviderType = 12',
    'RequestType = PKCS10',
    // certreq signs the request with SHA-1 unless told otherwise; public CAs refuse SHA-1 requests.
    'HashAlgorithm = sha256',
    `FriendlyName = "uccert cert${String(c.id).padStart(2, '0')} ${c.uses.join('+')}"`,
    '',
    '[EnhancedKeyUsageExtension]',
    ...c.extendedKeyUsage.map((e) => `OID = ${ekuOid[e]}`),
    ...names,
    ...(c.publicCa ? [] : ['', '[RequestAttributes]', `CertificateTemplate = ${options.template}`]),
    '',
  ].join('\n');
}
