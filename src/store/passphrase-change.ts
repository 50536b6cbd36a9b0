// `uccert store passphrase`: every private key re-sealed under a new passphrase, with the new
// keyring row, in one transaction. A process killed at any moment leaves the old passphrase
// working (nothing committed) or the new one (everything committed), never neither (issue 9,
// item 22). Both scrypt derivations run before the write lock.

import { inputError } from '../errors.js';
import { createKeyring, type RandomSource, unlockKeyring } from '../secrets/key-encryption.js';
import { readKeyringParameters, replaceKeyring } from './keyring-records.js';
import { resealPrivateKeys } from './private-key-records.js';
import type { Store } from './store.js';

export interface PassphraseChange {
  readonly keys: number;
}

export async function changeStorePassphrase(
  store: Store,
  passphrases: { readonly current: string; readonly next: string },
  now: Date,
  random?: RandomSource,
): Promise<PassphraseChange> {
  const before = store.read(() => readKeyringParameters(store.db));
  if (before === null) {
    throw inputError(
      'NO_KEYRING',
      `the uccert store "${store.path}" holds no private key yet, so it has no passphrase to change`,
      'the first command that stores a key (request, import with a key, ca init) sets the passphrase',
    );
  }
  const current = unlockKeyring(passphrases.current, before, random);
  const next = createKeyring(passphrases.next, random);
  return store.write(() => {
    // Another command may have changed the passphrase meanwhile: unlock what is there now.
    const inside = readKeyringParameters(store.db);
    const from =
      inside === null ||
      inside.verifier.length !== before.verifier.length ||
      !sameBytes(inside.verifier, before.verifier)
        ? unlockKeyring(passphrases.current, inside ?? before, random)
        : current;
    const keys = resealPrivateKeys(store.db, from, next.keyring);
    replaceKeyring(store.db, next.parameters, now);
    return { keys };
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.every((byte, i) => byte === b[i]);
}
