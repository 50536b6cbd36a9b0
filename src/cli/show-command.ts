// `uccert show FILE… [--password P] [--json]`: every property of every certificate in PEM, DER,
// PFX/P12, P7B, CSR and CRL files, recognised by content; stdin as `-`. A PEM bundle of more than
// 1 MiB is streamed (issue 9 item 10): read in passes and printed one certificate at a time, so
// memory follows the largest certificate and not the file, with the same output byte for byte.

import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { inputError } from '../errors.js';
import { showTwins } from '../openssl/openssl-twins.js';
import { type CertificateContainer, parseCertificateContainer } from '../x509/certificate-container.js';
import {
  indexPemBundle,
  type PemBundleIndex,
  readPemBundleCertificates,
  streamThresholdBytes,
} from '../x509/pem-bundle-stream.js';
import { maxCertificateFileBytes, readCertificateInput } from '../x509/read-certificate-file.js';
import type { Command } from './command.js';
import type { CliIo } from './io.js';
import { fileViewOf, opensslOption, opensslOptionHelp, opensslSession } from './openssl-output.js';
import { flagOption } from './options.js';
import { pfxOpener, pfxPasswordHelp, pfxPasswordOptions } from './pfx-password.js';
import {
  certificateEntryJson,
  certificateFileJson,
  chainJson,
  type FileOutline,
  renderCertificateEntryText,
  renderCertificateFileText,
  renderFileHeaderText,
} from './render-certificate-file.js';

export const showCommand: Command = {
  name: 'show',
  usage: ['show FILE… [--password-file FILE] [--json] [--openssl]'],
  optionHelp: [
    ...pfxPasswordHelp('PFX/P12 files (and of encrypted PEM keys)'),
    opensslOptionHelp,
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
  options: { ...pfxPasswordOptions, ...opensslOption },
  async run(args, io) {
    if (args.positionals.length === 0) {
      throw inputError(
        'BAD_USAGE',
        'show: no file given',
        'name one or more certificate files, or - for stdin: `uccert show cert.pem`',
      );
    }
    const now = io.now();
    // Every file is read (a bundle indexed) before anything is printed, so a bad file stops the
    // command with its message and no half-printed output.
    const openPfx = pfxOpener(args.values, io);
    const files: ShownFile[] = [];
    for (const path of args.positionals) {
      const bundle = await streamableBundle(path, io.cwd);
      if (bundle !== null) {
        files.push({ kind: 'bundle', source: path, bundle });
        continue;
      }
      const input = await readCertificateInput(path, { cwd: io.cwd, readStdin: io.readStdin });
      files.push({
        kind: 'whole',
        file: await openPfx((password) =>
          parseCertificateContainer(input.bytes, { source: input.source, password }),
        ),
      });
    }
    const session = opensslSession(io, args.values);
    if (flagOption(args.values, 'json')) await printJson(files, session.io, now);
    else await printText(files, session.io, now);
    session.finish(
      files.flatMap((f) =>
        showTwins(
          f.kind === 'whole'
            ? fileViewOf(f.file, f.file.source === '<stdin>' ? '-' : f.file.source)
            : {
                path: f.source,
                kind: 'pem',
                binary: false,
                certificateCount: f.bundle.count,
                legacyPfx: false,
              },
        ),
      ),
    );
    return 0;
  },
};

type ShownFile =
  | { readonly kind: 'whole'; readonly file: CertificateContainer }
  | { readonly kind: 'bundle'; readonly source: string; readonly bundle: PemBundleIndex };

/** The index of a PEM bundle worth streaming, or null to read the file whole. */
async function streamableBundle(path: string, cwd: string): Promise<PemBundleIndex | null> {
  if (path === '-') return null;
  const full = resolve(cwd, path);
  try {
    const info = await stat(full);
    if (!info.isFile() || info.size <= streamThresholdBytes || info.size > maxCertificateFileBytes)
      return null;
  } catch {
    return null; // readCertificateInput says what is wrong with the path
  }
  return indexPemBundle(full);
}

function outlineOfBundle(source: string, bundle: PemBundleIndex): FileOutline {
  return {
    source,
    format: 'pem',
    encoding: 'pem',
    certificateCount: bundle.count,
    requestCount: 0,
    crlCount: 0,
    keys: [],
    protection: null,
    ignored: [],
    chain: bundle.chain,
    subjectOf: (i) => bundle.subjects[i]!,
    issuerOf: (i) => bundle.issuers[i]!,
  };
}

/** Writes what renderCertificateFileText returns for each file, joined by blank lines. */
async function printText(files: readonly ShownFile[], io: CliIo, now: Date): Promise<void> {
  for (const [n, shown] of files.entries()) {
    const gap = n === 0 ? '' : '\n';
    if (shown.kind === 'whole') {
      io.stdout(gap + renderCertificateFileText(shown.file, now));
      continue;
    }
    const { bundle } = shown;
    io.stdout(gap + renderFileHeaderText(outlineOfBundle(shown.source, bundle)));
    let i = 0;
    for await (const facts of readPemBundleCertificates(bundle)) {
      io.stdout(`\n${renderCertificateEntryText(facts, null, i++, bundle.count, now)}`);
    }
    io.stdout('\n');
  }
}

const indent = (text: string, spaces: number) => text.replace(/^/gm, ' '.repeat(spaces));

/** Writes exactly `JSON.stringify({ files }, null, 2)`, a streamed bundle's certificates one at a time. */
async function printJson(files: readonly ShownFile[], io: CliIo, now: Date): Promise<void> {
  io.stdout('{\n  "files": [\n');
  for (const [n, shown] of files.entries()) {
    if (n > 0) io.stdout(',\n');
    if (shown.kind === 'whole') {
      io.stdout(indent(JSON.stringify(certificateFileJson(shown.file, now), null, 2), 4));
      continue;
    }
    const { bundle, source } = shown;
    const outline = outlineOfBundle(source, bundle);
    const rest = {
      path: source,
      format: outline.format,
      encoding: outline.encoding,
      certificates: [],
      requests: [],
      crls: [],
      privateKeys: [],
      chain: chainJson(outline),
      protection: null,
      ignored: [],
    };
    const [head, tail] = indent(JSON.stringify(rest, null, 2), 4).split('"certificates": []') as [
      string,
      string,
    ];
    io.stdout(`${head}"certificates": [`);
    let i = 0;
    for await (const facts of readPemBundleCertificates(bundle)) {
      const entry = certificateEntryJson(facts, null, `${source} certificate ${i + 1}`, now);
      io.stdout(`${i++ === 0 ? '\n' : ',\n'}${indent(JSON.stringify(entry, null, 2), 8)}`);
    }
    io.stdout(`\n      ]${tail}`);
  }
  io.stdout('\n  ]\n}\n');
}
