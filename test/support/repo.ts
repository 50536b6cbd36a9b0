// Paths inside the repository, from a test compiled into dist/test/….

import { fileURLToPath } from 'node:url';

/** The repository root, with a trailing slash. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function repoPath(relative: string): string {
  return repoRoot + relative;
}
