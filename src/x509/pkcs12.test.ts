import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, test } from 'node:test';
import {
  certificateDer,
  keyDer,
  makePkiMaterial,
  makeScratch,
  opensslView,
  runOpenssl,
} from '../../test/support/pkcs12-openssl.js';
import { toHex } from './der.js';
import {
  encodeExplicit,
  encodeInteger,
  encodeNull,
  encodeOctetString,
  encodeOid,
  encodeSequence,
} from './der-writer.js';
import { type Pkcs12Contents, Pkcs12Error, parsePkcs12 } from './pkcs12.js';

// Every PFX here is written by `openssl pkcs12 -export` at test time; what we read must equal
// what openssl reads back from the same file and the DER openssl makes of the original files.
const s = makeScratch('pkcs12');
after(() => s.remove());
const pki = makePkiMaterial(s);

const aes256 = 'PBES2 AES-256-CBC PBKDF2-HMAC-SHA256';
const tripleDes = 'pbeWithSHAAnd3-KeyTripleDES-CBC';
const rc2_40 = 'pbeWithSHAAnd40BitRC2-CBC';

interface Case {
  name: string;
  key: string;
  chain: boolean;
  password: string;
  args: string[];
  mac: string | null;
  encryption: string[];
}

const cases: Case[] = [
  {
    name: 'OpenSSL 3 default, RSA',
    key: pki.rsa,
    chain: false,
    password: 'Pa55-wörd',
    args: [],
    mac: 'sha256',
    encryption: [aes256],
  },
  {
    name: 'legacy profile, RSA',
    key: pki.rsa,
    chain: false,
    password: 'secret',
    args: ['-legacy'],
    mac: 'sha1',
    encryption: [rc2_40, tripleDes],
  },
  {
    name: 'OpenSSL 3 default, P-256 with chain',
    key: pki.leaf,
    chain: true,
    password: 'uccert-test',
    args: [],
    mac: 'sha256',
    encryption: [aes256],
  },
  {
    name: 'legacy profile, P-256 with chain',
    key: pki.leaf,
    chain: true,
    password: 'uccert-test',
    args: ['-legacy'],
    mac: 'sha1',
    encryption: [rc2_40, tripleDes],
  },
  {
    name: 'P-256 self-signed',
    key: pki.ec,
    chain: false,
    password: 'x',
    args: [],
    mac: 'sha256',
    encryption: [aes256],
  },
  {
    name: '-descert (3DES certificates, AES key)',
    key: pki.rsa,
    chain: false,
    password: 'secret',
    args: ['-descert'],
    mac: 'sha256',
    encryption: [tripleDes, aes256],
  },
  {
    name: 'PBES2 AES-128 key, AES-192 certificates',
    key: pki.leaf,
    chain: true,
    password: 'secret',
    args: ['-keypbe', 'AES-128-CBC', '-certpbe', 'AES-192-CBC'],
    mac: 'sha256',
    encryption: ['PBES2 AES-192-CBC PBKDF2-HMAC-SHA256', 'PBES2 AES-128-CBC PBKDF2-HMAC-SHA256'],
  },
  {
    name: 'PBES2 3DES both bags, SHA-512 MAC',
    key: pki.rsa,
    chain: false,
    password: 'secret',
    args: ['-keypbe', 'DES-EDE3-CBC', '-certpbe', 'DES-EDE3-CBC', '-macalg', 'sha512'],
    mac: 'sha512',
    encryption: ['PBES2 DES-EDE3-CBC PBKDF2-HMAC-SHA256'],
  },
  {
    name: 'legacy 2-key 3DES key, RC2-128 certificates',
    key: pki.ec,
    chain: false,
    password: 'secret',
    args: ['-legacy', '-keypbe', 'PBE-SHA1-2DES', '-certpbe', 'PBE-SHA1-RC2-128'],
    mac: 'sha1',
    encryption: ['pbeWithSHAAnd128BitRC2-CBC', 'pbeWithSHAAnd2-KeyTripleDES-CBC'],
  },
  {
    name: 'unencrypted keyBag and certificates, with a MAC',
    key: pki.rsa,
    chain: false,
    password: 'secret',
    args: ['-keypbe', 'NONE', '-certpbe', 'NONE'],
    mac: 'sha256',
    encryption: [],
  },
  {
    name: 'no encryption and no MAC',
    key: pki.leaf,
    chain: true,
    password: '',
    args: ['-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac'],
    mac: null,
    encryption: [],
  },
  {
    name: 'empty password',
    key: pki.ec,
    chain: false,
    password: '',
    args: [],
    mac: 'sha256',
    encryption: [aes256],
  },
  {
    name: 'empty password, legacy',
    key: pki.rsa,
    chain: false,
    password: '',
    args: ['-legacy'],
    mac: 'sha1',
    encryption: [rc2_40, tripleDes],
  },
];

function exportPfx(c: Case, file: string): void {
  runOpenssl(
    [
      'pkcs12',
      '-export',
      '-in',
      `${c.key}.pem`,
      '-inkey',
      `${c.key}.key`,
      '-name',
      `${c.key} friendly`,
      ...(c.chain ? ['-certfile', pki.chainFile] : []),
      '-passout',
      `pass:${c.password}`,
      '-out',
      file,
      ...c.args,
    ],
    s.dir,
  );
}

function expectedCertificates(c: Case): Buffer[] {
  const names = c.chain ? [c.key, pki.intermediate, pki.root] : [c.key];
  return names.map((n) => certificateDer(s, n));
}

cases.forEach((c, i) => {
  test(`reads a PFX written by openssl: ${c.name}`, () => {
    const file = `case-${i}.pfx`;
    exportPfx(c, file);
    const bytes = s.read(file);
    const got = parsePkcs12(bytes, c.password === '' ? undefined : c.password);
    const view = opensslView(s, file, c.password);

    const leafId = toHex(createHash('sha1').update(certificateDer(s, c.key)).digest());
    assert.deepEqual(
      got.certificates.map((x) => Buffer.from(x.der)),
      view.certificates,
      'certificates as openssl reads them',
    );
    assert.deepEqual(
      new Set(got.certificates.map((x) => Buffer.from(x.der).toString('hex'))),
      new Set(expectedCertificates(c).map((x) => x.toString('hex'))),
      'certificates equal openssl x509 -outform DER',
    );
    assert.equal(got.keys.length, 1);
    assert.deepEqual(
      Buffer.from(got.keys[0]!.pkcs8),
      keyDer(s, c.key),
      'key equals openssl pkcs8 -topk8 -outform DER',
    );
    assert.deepEqual(Buffer.from(got.keys[0]!.pkcs8), view.keys[0]);
    const leaf = got.certificates.find((x) => x.localKeyId !== null);
    assert.equal(leaf?.friendlyName, `${c.key} friendly`);
    assert.equal(leaf?.localKeyId, leafId);
    assert.match(view.info, new RegExp(`friendlyName: ${c.key} friendly`));
    assert.equal(got.keys[0]!.friendlyName, `${c.key} friendly`);
    assert.equal(got.keys[0]!.localKeyId, leafId);
    assert.equal(got.macAlgorithm, c.mac);
    assert.deepEqual(got.encryption, c.encryption);
    if (c.password === '')
      assert.deepEqual(parsePkcs12(bytes, ''), got, 'an explicit empty password reads the same');
  });
});

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof Pkcs12Error) return error.reason;
    throw error;
  }
  return 'no error';
}

test('a wrong password is wrong-password, a missing one password-required, in both profiles', () => {
  for (const [i, args] of [[], ['-legacy']].entries()) {
    const file = `pw-${i}.pfx`;
    exportPfx({ ...cases[0]!, args, password: 'right' }, file);
    const bytes = s.read(file);
    assert.equal(
      reasonOf(() => parsePkcs12(bytes, 'wrong')),
      'wrong-password',
    );
    assert.equal(
      reasonOf(() => parsePkcs12(bytes, '')),
      'wrong-password',
    );
    assert.equal(
      reasonOf(() => parsePkcs12(bytes, undefined)),
      'password-required',
    );
    assert.equal(parsePkcs12(bytes, 'right').keys.length, 1);
  }
});

test('without a MAC, a wrong password is still caught by the bag decryption', () => {
  for (const [i, args] of [['-nomac'], ['-nomac', '-legacy']].entries()) {
    const file = `nomac-${i}.pfx`;
    exportPfx({ ...cases[0]!, args, password: 'right' }, file);
    const bytes = s.read(file);
    const got: Pkcs12Contents = parsePkcs12(bytes, 'right');
    assert.equal(got.macAlgorithm, null);
    assert.equal(got.keys.length, 1);
    assert.equal(
      reasonOf(() => parsePkcs12(bytes, 'wrong')),
      'wrong-password',
    );
    assert.equal(
      reasonOf(() => parsePkcs12(bytes, undefined)),
      'password-required',
    );
  }
});

test('a PFX re-encoded as BER (indefinite lengths, chunked OCTET STRINGs) reads the same', () => {
  exportPfx(cases[3]!, 'ber-source.pfx');
  const der = s.read('ber-source.pfx');
  const ber = toBer(der);
  assert.notDeepEqual(ber, der);
  assert.deepEqual(parsePkcs12(ber, 'uccert-test'), parsePkcs12(der, 'uccert-test'));
});

/**
 * Rewrites DER as BER the way streaming encoders do: every constructed node gets an indefinite
 * length and every OCTET STRING of 16 bytes or more is split into constructed 16-byte segments.
 * (The inner DER documents, such as the AuthenticatedSafe inside its OCTET STRING, stay DER.)
 */
function toBer(der: Uint8Array): Uint8Array {
  const out: number[] = [];
  const walk = (at: number, end: number) => {
    while (at < end) {
      const tag = der[at]!;
      let pos = at + 1;
      let len = der[pos++]!;
      if (len & 0x80) {
        const n = len & 0x7f;
        len = 0;
        for (let k = 0; k < n; k++) len = len * 256 + der[pos++]!;
      }
      const contentEnd = pos + len;
      if (tag & 0x20) {
        out.push(tag, 0x80);
        walk(pos, contentEnd);
        out.push(0, 0);
      } else if ((tag === 0x04 || tag === 0x80) && len >= 16) {
        out.push(tag | 0x20, 0x80);
        for (let p = pos; p < contentEnd; p += 16) {
          const piece = der.subarray(p, Math.min(p + 16, contentEnd));
          out.push(0x04, piece.length, ...piece);
        }
        out.push(0, 0);
      } else {
        out.push(...der.subarray(at, contentEnd));
      }
      at = contentEnd;
    }
  };
  walk(0, der.length);
  return Uint8Array.from(out);
}

test('iteration counts a hostile file could use to hang us are refused quickly', () => {
  const authSafe = encodeSequence([
    encodeOid('1.2.840.113549.1.7.1'),
    encodeExplicit(0, encodeOctetString(encodeSequence([]))),
  ]);
  const pfx = (iterations: number) =>
    encodeSequence([
      encodeInteger(3),
      authSafe,
      encodeSequence([
        encodeSequence([
          encodeSequence([encodeOid('1.3.14.3.2.26'), encodeNull()]),
          encodeOctetString(new Uint8Array(20)),
        ]),
        encodeOctetString(new Uint8Array(8)),
        encodeInteger(iterations),
      ]),
    ]);
  const started = performance.now();
  assert.equal(
    reasonOf(() => parsePkcs12(pfx(50_000_000), 'x')),
    'unsupported',
  );
  assert.equal(
    reasonOf(() => parsePkcs12(pfx(2 ** 40), 'x')),
    'unsupported',
  );
  assert.ok(performance.now() - started < 100, 'refused before deriving anything');
  // A sane count is tried: the all-zero MAC does not verify.
  assert.equal(
    reasonOf(() => parsePkcs12(pfx(1), 'x')),
    'wrong-password',
  );
});

test('garbage and non-PFX DER are malformed, signedData integrity is unsupported', () => {
  assert.equal(
    reasonOf(() => parsePkcs12(new Uint8Array(0), 'x')),
    'malformed',
  );
  assert.equal(
    reasonOf(() => parsePkcs12(Buffer.from('-----BEGIN CERTIFICATE-----'), 'x')),
    'malformed',
  );
  assert.equal(
    reasonOf(() => parsePkcs12(certificateDer(s, pki.rsa), 'x')),
    'malformed',
  );
  const signed = encodeSequence([
    encodeInteger(3),
    encodeSequence([encodeOid('1.2.840.113549.1.7.2'), encodeExplicit(0, encodeSequence([]))]),
  ]);
  assert.equal(
    reasonOf(() => parsePkcs12(signed, 'x')),
    'unsupported',
  );
});
