// `uccert show FILE… [--password P] [--json]`: every property of every certificate in PEM, DER,
// PFX/P12, P7B and CSR files, recognised by content; stdin as `-`.

import { inputError } from '../errors.js';
import { showTwins } from '../openssl/openssl-twins.js';
import { parseCertificateContainer } from '../x509/certificate-container.js';
import { readCertificateInput } from '../x509/read-certificate-file.js';
import type { Command } from './command.js';
import { fileViewOf, opensslOption, opensslOptionHelp, opensslSession } from './openssl-output.js';
import { flagOption, stringOption } from './options.js';
import { certificateFileJson, renderCertificateFileText } from './render-certificate-file.js';

export const showCommand: Command = {
  name: 'show',
  usage: ['show FILE… [--password P] [--json] [--openssl]'],
  optionHelp: [
    ['--password P', 'the password of PFX/P12 files (and of encrypted PEM keys)'],
    opensslOptionHelp,
    [
      '--json',
      'print one JSON document: { "files": [ { path, format, certificates, requests, chain, … } ] }',
    ],
  ],
  examples: [
    'uccert show pool01.pfx --password "$PFX_PASSWORD"',
    'uccert show chain.pem                  # order of the chain and who signed whom',
    'uccert show request.csr --json         # the names a request asks for',
    'cat cert.cer | uccert show -',
  ],
  options: {
    password: { type: 'string' },
    ...opensslOption,
  },
  async run(args, io) {
    if (args.positionals.length === 0) {
      throw inputError(
        'BAD_USAGE',
        'show: no file given',
        'name one or more certificate files, or - for stdin: `uccert show cert.pem`',
      );
    }
    const password = stringOption(args.values, 'password');
    const now = io.now();
    const files = [];
    for (const path of args.positionals) {
      const input = await readCertificateInput(path, { cwd: io.cwd, readStdin: io.readStdin });
      files.push(parseCertificateContainer(input.bytes, { source: input.source, password }));
    }
    const session = opensslSession(io, args.values);
    if (flagOption(args.values, 'json')) {
      session.io.stdout(
        `${JSON.stringify({ files: files.map((f) => certificateFileJson(f, now)) }, null, 2)}\n`,
      );
    } else {
      session.io.stdout(files.map((f) => renderCertificateFileText(f, now)).join('\n'));
    }
    session.finish(files.flatMap((f, i) => showTwins(fileViewOf(f, args.positionals[i] ?? '-'))));
    return 0;
  },
};
