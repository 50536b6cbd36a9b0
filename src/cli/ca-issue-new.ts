// `ca issue --new --subject CN=… --san DNS:…,IP:…`: the key and the certificate for a device outside
// the topology in one step, then (with --out-dir) its files in the device's format. Parses the
// options, calls src/ca/device-certificate.ts, renders text or JSON.

import { join } from 'node:path';
import { labCaMissing } from '../ca/ca-context.js';
import { defaultServerDays } from '../ca/ca-issue.js';
import {
  type DeviceFormat,
  deviceFileStem,
  issueDeviceCertificate,
  packageDeviceFiles,
} from '../ca/device-certificate.js';
import { planDeviceNames } from '../ca/device-names.js';
import { inputError } from '../errors.js';
import { deviceTwins } from '../openssl/openssl-twins.js';
import type { KeyAlgorithmName } from '../store/private-key-records.js';
import type { ParsedCommandLine } from './command.js';
import { type CliIo, printJson } from './io.js';
import { createOutputDirectory, withLabCa } from './lab-ca-session.js';
import { opensslSession } from './openssl-output.js';
import { flagOption, integerOption, stringListOption, stringOption } from './options.js';
import { writeOutputFile } from './output-file.js';
import { pfxPasswordVariable, readNewPfxPassword } from './pfx-password.js';
import { issuedJson, renderIssuedText } from './render-lab-ca.js';

export interface DeviceKeyChoice {
  readonly keyAlgorithm: KeyAlgorithmName;
  readonly rsaBits: number;
}

function parseDeviceFormat(text: string | undefined): DeviceFormat {
  if (text === undefined || text === 'pem') return 'pem';
  if (text === 'pfx') return 'pfx';
  throw inputError(
    'BAD_OPTION_VALUE',
    `--format "${text}" is not pem or pfx`,
    'give --format pem (key and chain, default) or --format pfx (add --legacy for old devices)',
  );
}

export async function issueNewDevice(
  args: ParsedCommandLine,
  io: CliIo,
  key: DeviceKeyChoice,
): Promise<number> {
  if (args.positionals.length > 1) {
    throw inputError(
      'BAD_USAGE',
      `ca issue --new makes its own key: "${args.positionals[1]}" is not wanted`,
      'give either a CSR file (ca issue FILE) or --new --subject … --san …, not both',
    );
  }
  const names = planDeviceNames(stringOption(args.values, 'subject'), stringListOption(args.values, 'san'));
  const days = integerOption(args.values, 'days', 1, 36500) ?? defaultServerDays;
  const outDir = stringOption(args.values, 'out-dir');
  const format = parseDeviceFormat(stringOption(args.values, 'format'));
  const legacy = flagOption(args.values, 'legacy');
  // --password-file, $UCCERT_PFX_PASSWORD or a prompt keep it off the command line (issue 9 item 21).
  const password =
    outDir === undefined ? undefined : ((await readNewPfxPassword(args.values, io)) ?? undefined);
  if (legacy && format !== 'pfx') {
    throw inputError(
      'BAD_USAGE',
      '--legacy is a PFX profile; it does not apply to --format pem',
      'add --format pfx, or drop --legacy',
    );
  }
  if (outDir !== undefined && (password === undefined || password === '')) {
    throw inputError(
      'PASSWORD_REQUIRED',
      '--out-dir writes the private key, which needs a password to encrypt it',
      `give --password-file FILE or $${pfxPasswordVariable} (the device asks for it when you upload the key or PFX)`,
    );
  }
  if (outDir !== undefined) createOutputDirectory(io, outDir);
  return withLabCa(
    args.values,
    io,
    async (context) => {
      const issued = await issueDeviceCertificate(context, {
        names,
        keyAlgorithm: key.keyAlgorithm,
        rsaBits: key.rsaBits,
        clientAuth: flagOption(args.values, 'client-auth') || flagOption(args.values, 'client-eku'),
        days,
      });
      const written: { path: string; what: string }[] = [];
      if (outDir !== undefined && password !== undefined) {
        const files = await packageDeviceFiles(
          context,
          issued,
          deviceFileStem(names),
          format,
          legacy,
          password,
        );
        for (const file of files) {
          const path = writeOutputFile(
            io,
            join(outDir, file.name),
            file.content,
            file.secret ? 'private' : 'public',
          );
          written.push({ path, what: file.what });
        }
      }
      const session = opensslSession(io, args.values);
      const stem = deviceFileStem(names);
      const twins =
        outDir === undefined
          ? []
          : deviceTwins({
              chainPem: format === 'pem' ? join(outDir, `${stem}.pem`) : null,
              keyPem: format === 'pem' ? join(outDir, `${stem}.key`) : null,
              pfx: format === 'pfx' ? { path: join(outDir, `${stem}.pfx`), legacy } : null,
              rootDer: join(outDir, 'root.cer'),
            });
      if (flagOption(args.values, 'json')) {
        printJson(session.io, { ...(issuedJson(issued, null, context.now) as object), written });
        session.finish(twins);
        return 0;
      }
      session.io.stdout(renderIssuedText(issued, null, context.now));
      for (const file of written) session.io.stdout(`Wrote ${file.path}: ${file.what}\n`);
      if (outDir === undefined) {
        session.io.stdout(
          `The key is sealed in the store; write the device's files with \`uccert export ${issued.certificate.facts.thumbprint} --out FILE --password P\`\n`,
        );
      }
      session.finish(twins);
      return 0;
    },
    labCaMissing,
  );
}
