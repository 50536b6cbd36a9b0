// A stored certificate with its chain and key, as a TLS server needs them (the demo's listeners do
// the same, src/demo/lab-endpoints.ts): for tests that serve what the lab CA issued.

import { createPrivateKey } from 'node:crypto';
import { encodePem } from '../../src/ca/pem-encoding.js';
import { buildStoredChain } from '../../src/requests/stored-chain.js';
import { findCertificateByThumbprint } from '../../src/store/certificate-records.js';
import { openKeyring } from '../../src/store/keyring-records.js';
import { readPrivateKeyPkcs8 } from '../../src/store/private-key-records.js';
import { openStore } from '../../src/store/store.js';

export interface TlsIdentity {
  readonly cert: string;
  readonly key: string;
}

export function readStoredIdentity(
  home: string,
  passphrase: string,
  thumbprint: string,
  now: Date,
): TlsIdentity {
  const store = openStore(home);
  try {
    return store.read(() => {
      const leaf = findCertificateByThumbprint(store.db, thumbprint);
      if (leaf === null || leaf.privateKeyId === null)
        throw new Error(`${thumbprint} with a key is not in the store`);
      const keyring = openKeyring(store.db, passphrase, now);
      const issuers = buildStoredChain(store.db, leaf).issuers.filter((c) => !c.facts.selfSigned);
      return {
        cert: [leaf, ...issuers].map((c) => encodePem('CERTIFICATE', c.der)).join(''),
        key: createPrivateKey({
          key: Buffer.from(readPrivateKeyPkcs8(store.db, keyring, leaf.privateKeyId)),
          format: 'der',
          type: 'pkcs8',
        })
          .export({ format: 'pem', type: 'pkcs8' })
          .toString(),
      };
    });
  } finally {
    store.close();
  }
}
