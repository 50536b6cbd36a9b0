// Reads the bytes of a certificate file named on the command line (`-` is stdin), turning every
// way that fails (missing, a directory, unreadable, empty, huge) into one input error that names
// the file and what to do.

import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { environmentError, inputError, UccertError } from '../errors.js';
import { inputLimits } from '../input-limits.js';

/** Certificate files are kilobytes; a PFX with a long chain is under 100 KB. */
export const maxCertificateFileBytes = inputLimits.certificateFileBytes.max;

export interface CertificateInput {
  /** The name to show: the path as given, or `<stdin>`. */
  readonly source: string;
  readonly bytes: Uint8Array;
}

export interface FileReadContext {
  readonly cwd: string;
  readonly readStdin: () => Promise<Buffer>;
}

const reasons: Readonly<Record<string, (path: string) => readonly [string, string]>> = {
  ENOENT: (p) => [`"${p}" does not exist`, 'check the path (it is relative to the current directory)'],
  EACCES: (p) => [
    `"${p}" cannot be read: permission denied`,
    'give uccert read access to it, or copy it somewhere readable',
  ],
  EPERM: (p) => [
    `"${p}" cannot be read: permission denied`,
    'give uccert read access to it, or copy it somewhere readable',
  ],
  EISDIR: (p) => [`"${p}" is a directory, not a certificate file`, `name the files in it, e.g. ${p}/*.pem`],
  ENOTDIR: (p) => [`"${p}" does not exist (a part of the path is a file)`, 'check the path'],
};

/** Errors that say the machine is short of something (file handles, memory, I/O), not that the file is bad. */
const exhausted = new Set(['EMFILE', 'ENFILE', 'ENOMEM', 'EAGAIN', 'EIO', 'EINTR']);

/** Reads `path` (or stdin for `-`). Throws UccertError with exit code 2 when it cannot. */
export async function readCertificateInput(
  path: string,
  context: FileReadContext,
): Promise<CertificateInput> {
  if (path === '-') {
    const bytes = await context.readStdin();
    if (bytes.length === 0) {
      throw inputError(
        'EMPTY_INPUT',
        'stdin is empty',
        'pipe a certificate file into uccert, e.g. `uccert show - < cert.pem`',
      );
    }
    if (bytes.length > maxCertificateFileBytes) {
      throw inputError(
        'FILE_TOO_LARGE',
        `stdin holds more than ${maxCertificateFileBytes} bytes, too large to be a certificate file`,
        'pipe the certificate, PFX, P7B or CSR file itself',
      );
    }
    return { source: '<stdin>', bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }
  const full = resolve(context.cwd, path);
  try {
    const info = await stat(full);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (info.size > maxCertificateFileBytes) {
      throw inputError(
        'FILE_TOO_LARGE',
        `"${path}" is ${info.size} bytes, too large to be a certificate file (limit ${maxCertificateFileBytes})`,
        'give the certificate, PFX, P7B or CSR file itself',
      );
    }
    const bytes = await readFile(full);
    if (bytes.length === 0) {
      throw inputError(
        'EMPTY_FILE',
        `"${path}" is empty`,
        'give a certificate file; uccert reads PEM, DER, PFX/P12, P7B and CSR files',
      );
    }
    return { source: path, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (error instanceof UccertError || !/^E[A-Z]+$/.test(code)) throw error;
    const reason =
      reasons[code] ?? ((p: string) => [`"${p}" cannot be read (${code})`, 'check the file and try again']);
    if (exhausted.has(code)) {
      // The machine, not the file: a busy machine runs out of these (issue 9 item 11).
      throw environmentError(
        'SYSTEM_RESOURCES',
        `"${path}" could not be read: the system is out of resources (${code})`,
        'close other programs or wait for the load to drop, then run the command again',
        error,
      );
    }
    const [message, hint] = reason(path);
    throw inputError('UNREADABLE_FILE', message, hint, error);
  }
}
