// `uccert export THUMBPRINT --out FILE`: a stored certificate, its chain up to the root and its key,
// as PFX (AES-256, or --legacy 3DES/RC2 for Windows Server 2016 and older) or PEM, then the exact
// Import-CsCertificate and Set-CsCertificate lines for the server. Never prints key material or
// the password: the lines read the password with Read-Host.

import { basename } from 'node:path';
import { formatImportCsCertificate, formatSetCsCertificate } from '../assign/cmdlet-lines.js';
import { inputError } from '../errors.js';
import { exportTwins } from '../openssl/openssl-twins.js';
import { type ExportFormat, type ExportResult, exportCertificate } from '../requests/export-certificate.js';
import type { Command } from './command.js';
import { noStoreYet, withLabCa } from './lab-ca-session.js';
import { opensslOption, opensslOptionHelp, opensslSession } from './openssl-output.js';
import { flagOption, stringOption } from './options.js';
import { writeOutputFile } from './output-file.js';
import {
  pfxPasswordOptions,
  pfxPasswordVariable,
  readGivenPfxPassword,
  readNewPfxPassword,
} from './pfx-password.js';
import { renderProperties } from './render-certificate.js';

/** Where the printed commands expect the file on the Windows server. */
const windowsFolder = 'C:\\Certificates';

function parseFormat(text: string | undefined): ExportFormat {
  if (text === undefined || text === 'pfx') return 'pfx';
  if (text === 'pem') return 'pem';
  throw inputError(
    'BAD_OPTION_VALUE',
    `--format "${text}" is not pfx or pem`,
    'give --format pfx (default) or --format pem',
  );
}

/** The Management Shell lines for each server the certificate is (to be) assigned on. */
export function describeServerCommands(
  result: ExportResult,
  fileName: string,
  format: ExportFormat,
  legacy: boolean,
): string[] {
  const windowsPath = `${windowsFolder}\\${fileName}`;
  const { thumbprint } = result.certificate.facts;
  const withPassword = format === 'pfx';
  const lines = [`# Copy ${fileName} to ${windowsFolder} on the server, then in its Management Shell:`];
  // PKCS#12 with AES-256 and PBKDF2 opens only on Windows 10 1709 / Server 2019 and later; older
  // ones (every Lync 2010/2013 server, SfB 2015 on 2012 R2 or 2016) call the password wrong.
  if (format === 'pfx' && !legacy) {
    lines.push(
      '# Windows Server 2016 and older cannot open this AES-256 PFX (they say the password is wrong): export with --legacy for them',
    );
  }
  if (withPassword) lines.push(`$pfxPassword = Read-Host -Prompt "Password of ${fileName}"`);
  // Windows imports a PEM file as a .cer: certificates only, never a PEM private key.
  if (format === 'pem') {
    lines.push(
      '# Windows reads no PEM private key: this works where the server holds the key already (its own Request-CsCertificate -Output); else export --format pfx',
    );
  }
  const passwordVariable = withPassword ? '$pfxPassword' : null;
  const keyExportable = result.keyExportable ?? undefined;
  if (result.includesKey && keyExportable === false) {
    lines.push(
      '# the key was requested not exportable: imported without -PrivateKeyExportable, it stays on that server',
    );
  }
  if (result.targets.length === 0) {
    lines.push(formatImportCsCertificate({ windowsPath, uses: [], passwordVariable, keyExportable }));
    lines.push(
      `Set-CsCertificate -Type <TYPES> -Thumbprint ${thumbprint}   # not assigned in uccert yet: uccert set`,
    );
    return lines;
  }
  for (const target of result.targets) {
    lines.push(`# ${target.server}${target.assigned ? '' : ' (requested for; not assigned yet)'}`);
    lines.push(
      formatImportCsCertificate({ windowsPath, uses: target.uses, passwordVariable, keyExportable }),
    );
    // Import-CsCertificate -Identity global -Type OAuthTokenIssuer assigns it too [L13-OAUTH].
    const others = target.uses.filter((u) => u !== 'OAuthTokenIssuer');
    if (others.length > 0)
      lines.push(formatSetCsCertificate({ uses: others, thumbprint, effectiveDate: null }));
  }
  return lines;
}

export const exportCommand: Command = {
  name: 'export',
  usage: ['export THUMBPRINT --out FILE [--format pfx|pem] [--legacy] [--password-file FILE]'],
  optionHelp: [
    ['--out FILE', 'where to write it (created owner-only: it holds the key)'],
    [
      '--format F',
      'pfx (default): key and whole chain; pem: the chain, and the key encrypted when a password is given by flag or file',
    ],
    ['--legacy', 'pfx: 3DES key and RC2-40 certificates with a SHA-1 MAC, for Windows Server 2016 and older'],
    [
      '--password-file FILE',
      `the PFX password, the first line of FILE (pfx: else $${pfxPasswordVariable}, else asked twice on a terminal); for pem it encrypts the key (PKCS#8, AES-256-CBC)`,
    ],
    ['--password P', 'the same on the command line, where other users can see it (warns)'],
    ['--home DIR', 'the uccert store; the passphrase is $UCCERT_PASSPHRASE'],
    opensslOptionHelp,
    ['--json', 'print one JSON document'],
  ],
  examples: [
    'uccert export 66DC87878F4527B95519CEE9034CF684CE47E4A3 --out fe01.pfx --password-file fe01.pass',
    'UCCERT_PFX_PASSWORD=… uccert export 66DC87878F4527B95519CEE9034CF684CE47E4A3 --out edge.pfx --legacy',
    'uccert export 66DC87878F4527B95519CEE9034CF684CE47E4A3 --out fe01-chain.pem --format pem',
  ],
  options: {
    out: { type: 'string' },
    format: { type: 'string' },
    legacy: { type: 'boolean' },
    ...pfxPasswordOptions,
    ...opensslOption,
  },
  async run(args, io) {
    const [thumbprint, extra] = args.positionals;
    if (thumbprint === undefined || extra !== undefined) {
      throw inputError(
        'BAD_USAGE',
        thumbprint === undefined
          ? 'export: give the thumbprint of the certificate'
          : 'export: one thumbprint at a time',
        'for example: uccert export 66DC87878F4527B95519CEE9034CF684CE47E4A3 --out fe01.pfx --password-file fe01.pass',
      );
    }
    const out = stringOption(args.values, 'out');
    if (out === undefined) {
      throw inputError('BAD_USAGE', 'export needs --out FILE', 'for example: --out fe01.pfx');
    }
    const format = parseFormat(stringOption(args.values, 'format'));
    const legacy = flagOption(args.values, 'legacy');
    if (legacy && format !== 'pfx') {
      throw inputError(
        'BAD_USAGE',
        '--legacy is a PFX profile; it does not apply to --format pem',
        'drop --legacy, or use --format pfx',
      );
    }
    // PEM: the key goes in only when a password is given for it here, never from the environment.
    const password =
      format === 'pfx'
        ? await readNewPfxPassword(args.values, io)
        : await readGivenPfxPassword(args.values, io, false);
    if (format === 'pfx' && (password === null || password === '')) {
      throw inputError(
        'PASSWORD_REQUIRED',
        'export --format pfx needs a password: the PFX carries the private key',
        `give it with --password-file FILE or $${pfxPasswordVariable}, or run on a terminal to type it (the Windows server asks for it at import); or --format pem for the certificates alone`,
      );
    }
    return withLabCa(
      args.values,
      io,
      async (context) => {
        const result = await exportCertificate(context, {
          thumbprint,
          format,
          profile: legacy ? 'legacy' : 'modern',
          password: password ?? undefined,
        });
        // Owner-only: the file holds the (encrypted) private key.
        const written = writeOutputFile(io, out, result.content, 'private');
        const commands = describeServerCommands(result, basename(out), format, legacy);
        const { facts } = result.certificate;
        const chain = result.chain.issuers.map((c) => c.facts.subject);
        const session = opensslSession(io, args.values);
        const twins = exportTwins(out, format, legacy);
        if (flagOption(args.values, 'json')) {
          session.io.stdout(
            `${JSON.stringify(
              {
                written,
                format,
                profile: format === 'pfx' ? (legacy ? 'legacy' : 'modern') : null,
                thumbprint: facts.thumbprint,
                subject: facts.subject,
                includesKey: result.includesKey,
                chain: result.chain.issuers.map((c) => c.facts.thumbprint),
                chainComplete: result.chain.complete,
                targets: result.targets,
                commands,
              },
              null,
              2,
            )}\n`,
          );
          session.finish(twins);
          return 0;
        }
        const profile =
          format === 'pfx'
            ? legacy
              ? 'PFX, legacy profile (3DES/RC2-40, SHA-1 MAC)'
              : 'PFX (AES-256-CBC, SHA-256 MAC)'
            : 'PEM';
        session.io.stdout(
          `Wrote ${written}: ${profile}\n\n${renderProperties([
            ['Subject', facts.subject],
            ['Thumbprint', facts.thumbprint],
            ['PrivateKey', result.includesKey ? 'included (encrypted with the password)' : 'not included'],
            [
              'Chain',
              result.chain.complete
                ? [...chain, '(up to the root)']
                : [
                    ...chain,
                    `(incomplete: no certificate for "${result.chain.missingIssuer ?? ''}" in the store)`,
                  ],
            ],
          ])}\n${commands.join('\n')}\n`,
        );
        session.finish(twins);
        return 0;
      },
      noStoreYet('uccert import FILE', 'uccert request --new'),
      'read',
    );
  },
};
