// `uccert import FILE [--password P]`: Import-CsCertificate into the store [PS-IMP]. Reads PEM, DER,
// PFX and P7B; matches each certificate to its key (the file's, or a pending request's); warns
// about requested names the CA dropped and about certificates imported without a key (exit 0:
// the certificate is still useful to check and assign, as Import-CsCertificate of a .cer is).

import { inputError } from '../errors.js';
import { showTwins } from '../openssl/openssl-twins.js';
import { describeRenewalImport, renderRenewalImportText } from '../renew/renewal-import.js';
import { readFilePrivateKeys } from '../requests/file-private-keys.js';
import { importCertificates } from '../requests/import-certificate.js';
import { parseCertificateContainer } from '../x509/certificate-container.js';
import { readCertificateInput } from '../x509/read-certificate-file.js';
import type { Command } from './command.js';
import { withLabCa } from './lab-ca-session.js';
import { fileViewOf, opensslOption, opensslOptionHelp, opensslSession } from './openssl-output.js';
import { flagOption } from './options.js';
import { pfxPasswordHelp, pfxPasswordOptions, withPfxPassword } from './pfx-password.js';
import { importErrors, importJson, importWarnings, renderImportText } from './render-import.js';

export const importCommand: Command = {
  name: 'import',
  usage: ['import FILE [--password-file FILE] [--openssl]'],
  optionHelp: [
    ...pfxPasswordHelp('a PFX (or of an ENCRYPTED PRIVATE KEY in a PEM file)'),
    ['--home DIR', 'the uccert store; the passphrase ($UCCERT_PASSPHRASE) seals keys that come in the file'],
    opensslOptionHelp,
    ['--json', 'print one JSON document'],
  ],
  examples: [
    'uccert import fe01.cer                       (the answer to uccert request --output fe01.csr)',
    'uccert import edge-ext.pfx --password-file edge-ext.pass',
    'uccert import contoso-chain.p7b',
  ],
  options: { ...pfxPasswordOptions, ...opensslOption },
  async run(args, io) {
    const [path, extra] = args.positionals;
    if (path === undefined || extra !== undefined) {
      throw inputError(
        'BAD_USAGE',
        path === undefined
          ? 'import: give the certificate file'
          : `import: one file at a time (got ${args.positionals.join(', ')})`,
        'for example: uccert import fe01.cer, or uccert import edge.pfx --password-file edge.pass',
      );
    }
    const input = await readCertificateInput(path, io);
    const { container, password } = await withPfxPassword(args.values, io, (password) => ({
      container: parseCertificateContainer(input.bytes, { source: input.source, password }),
      password,
    }));
    if (container.certificates.length === 0) {
      throw inputError(
        'NO_CERTIFICATE',
        `"${input.source}" holds no certificate (it is a ${container.format === 'csr' ? 'certificate request' : 'key file'})`,
        container.format === 'csr'
          ? 'import the certificate the CA issued (PEM, DER, PFX or P7B), not the request'
          : 'import the certificate with its key: a PFX, or one PEM file holding the certificate and the key',
      );
    }
    const keys = readFilePrivateKeys(input.bytes, container.format, password);
    return withLabCa(args.values, io, async (context) => {
      const result = await importCertificates(context, container, keys);
      const session = opensslSession(io, args.values);
      const renewals = describeRenewalImport(
        context.store,
        result.leaves.map((l) => ({ certificate: l.certificate, requestId: l.request?.id ?? null })),
        context.now,
      );
      if (flagOption(args.values, 'json')) {
        const document = importJson(result, context.now) as Record<string, unknown>;
        session.io.stdout(
          `${JSON.stringify(renewals.length === 0 ? document : { ...document, renewals }, null, 2)}\n`,
        );
      } else session.io.stdout(renderImportText(result) + renderRenewalImportText(renewals));
      session.finish(showTwins(fileViewOf(container, path)));
      const errors = importErrors(result);
      for (const error of errors) io.stderr(`error: ${error}\n`);
      for (const warning of importWarnings(result)) io.stderr(`warning: ${warning}\n`);
      return errors.length > 0 ? 1 : 0;
    });
  },
};
