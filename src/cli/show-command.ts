// `uccert show FILE… [--password P] [--json]`: every property of every certificate in PEM, DER,
// PFX/P12, P7B and CSR files, recognised by content; stdin as `-`.

import { inputError } from '../errors.js';
import { parseCertificateContainer } from '../x509/certificate-container.js';
import { readCertificateInput } from '../x509/read-certificate-file.js';
import type { Command } from './command.js';
import { flagOption } from './options.js';
import { pfxOpener, pfxPasswordHelp, pfxPasswordOptions } from './pfx-password.js';
import { certificateFileJson, renderCertificateFileText } from './render-certificate-file.js';

export const showCommand: Command = {
  name: 'show',
  usage: ['show FILE… [--password-file FILE] [--json]'],
  optionHelp: [
    ...pfxPasswordHelp('PFX/P12 files (and of encrypted PEM keys)'),
    [
      '--json',
      'print one JSON document: { "files": [ { path, format, certificates, requests, chain, … } ] }',
    ],
  ],
  examples: [
    'uccert show pool01.pfx --password-file pool01.pass',
    'uccert show chain.pem                  # order of the chain and who signed whom',
    'uccert show request.csr --json         # the names a request asks for',
    'cat cert.cer | uccert show -',
  ],
  options: { ...pfxPasswordOptions },
  async run(args, io) {
    if (args.positionals.length === 0) {
      throw inputError(
        'BAD_USAGE',
        'show: no file given',
        'name one or more certificate files, or - for stdin: `uccert show cert.pem`',
      );
    }
    const now = io.now();
    const openPfx = pfxOpener(args.values, io);
    const files = [];
    for (const path of args.positionals) {
      const input = await readCertificateInput(path, { cwd: io.cwd, readStdin: io.readStdin });
      files.push(
        await openPfx((password) =>
          parseCertificateContainer(input.bytes, { source: input.source, password }),
        ),
      );
    }
    if (flagOption(args.values, 'json')) {
      io.stdout(`${JSON.stringify({ files: files.map((f) => certificateFileJson(f, now)) }, null, 2)}\n`);
    } else {
      io.stdout(files.map((f) => renderCertificateFileText(f, now)).join('\n'));
    }
    return 0;
  },
};
