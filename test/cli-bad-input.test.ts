// A sweep of every command with hostile or mistaken input: missing files, directories, junk,
// topologies of the wrong shape, files of the wrong kind, bad flags and values, unreachable
// servers. The contract (architecture.md, "Command line"): exit 0–3, never "internal error" (70),
// never a stack trace, and for exit 2/3 a message that names the input and says what to do.

import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { makeLab, runWithHome, scrubVarying, testPassphrase } from './ca-test-support.js';
import { runUccert, type Transcript } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';

const topology = 'examples/contoso.yaml';
const certificate = 'test/fixtures/rsa-leaf.pem';
const csr = 'test/fixtures/request.csr';
const keyOnly = 'test/fixtures/rsa-leaf.key';
const xmlTopology = 'test/fixtures/topology/standard-edition.xml';
/** Loopback, a port nobody listens on: refused at once. */
const deadEndpoint = '127.0.0.1:1';
const fast = ['--timeout', '300'];

const lab = makeLab('bad-input');
const files = {
  missing: join(lab.dir, 'no-such-file.yaml'),
  directory: join(lab.dir, 'a-directory'),
  empty: join(lab.dir, 'empty.yaml'),
  binary: join(lab.dir, 'junk.bin'),
  notYaml: join(lab.dir, 'not-yaml.yaml'),
  yamlList: join(lab.dir, 'list.yaml'),
  yamlNumber: join(lab.dir, 'number.yaml'),
  yamlString: join(lab.dir, 'string.yaml'),
  wrongTypes: join(lab.dir, 'wrong-types.yaml'),
  yamlBomb: join(lab.dir, 'bomb.yaml'),
  yamlBadAlias: join(lab.dir, 'bad-alias.yaml'),
  xmlJunk: join(lab.dir, 'junk.xml'),
  truncatedDer: join(lab.dir, 'truncated.der'),
  pemBadDer: join(lab.dir, 'bad-der.pem'),
  pfxNoPassword: 'test/fixtures/modern.pfx',
  certificate,
  topology,
  csr,
  keyOnly,
} as const;
type BadFile = keyof typeof files;

/** Every top-level and nested field of a topology with a value of the wrong type. */
const wrongTypes = `version: "one"
product: 2015
sipDomains: contoso.com
simpleUrls: [https://meet.contoso.com]
mobility: "yes"
autoLogon: 7
xmppDomains: {a: 1}
pools:
  - fqdn: 12
    role: [frontEnd]
    edition: true
    servers: fe01.contoso.net
    webServices: "webint"
  - "a string pool"
  - null
reverseProxy: [1, 2]
`;

let thumbprint = '';

before(async () => {
  mkdirSync(files.directory);
  writeFileSync(files.empty, '');
  // Deterministic junk: NULs, high bytes, a stray PEM armour line and invalid UTF-8.
  const junk = Buffer.alloc(4096);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 131 + 7) % 256;
  writeFileSync(
    files.binary,
    Buffer.concat([junk, Buffer.from('\n-----BEGIN CERTIFICATE-----\n\xff\xfe\n')]),
  );
  writeFileSync(files.notYaml, 'pools: [unclosed\n  : : :\n\tversion: 1\n');
  writeFileSync(files.yamlList, '- fe01.contoso.net\n- fe02.contoso.net\n');
  writeFileSync(files.yamlNumber, '42\n');
  writeFileSync(files.yamlString, 'just a string\n');
  writeFileSync(files.wrongTypes, wrongTypes);
  // Aliases that expand to 9^6 strings ("billion laughs").
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (const [i, n] of ['b', 'c', 'd', 'e', 'f'].entries())
    bomb.push(`${n}: &${n} [${`*${'abcdef'[i]},`.repeat(9).slice(0, -1)}]`);
  writeFileSync(files.yamlBomb, `${bomb.join('\n')}\n`);
  writeFileSync(files.yamlBadAlias, 'version: 1\nsipDomains: *nowhere\n');
  writeFileSync(
    files.xmlJunk,
    '<?xml version="1.0"?>\n<Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.WritableTopology.2008"><Sites><Site',
  );
  writeFileSync(files.truncatedDer, readFileSync('test/fixtures/rsa-leaf.der').subarray(0, 300));
  // Valid PEM armour and base64 around bytes that are not DER.
  const notDer = Buffer.from('30820400' + 'ff'.repeat(64), 'hex').toString('base64');
  writeFileSync(files.pemBadDer, `-----BEGIN CERTIFICATE-----\n${notDer}\n-----END CERTIFICATE-----\n`);
  assert.equal((await run(['ca', 'init', '--key-alg', 'ECDH_P256'])).exitCode, 0);
  const issued = await run([
    'request',
    '--new',
    '--type',
    'Default,WebServicesInternal,WebServicesExternal',
    '--server',
    'fe01.contoso.net',
    '--topology',
    topology,
    '--key-alg',
    'ECDH_P256',
    '--ca',
    'local',
  ]);
  assert.equal(issued.exitCode, 0, issued.stderr);
  thumbprint = /--thumbprint ([0-9A-F]{40})/.exec(issued.stdout)?.[1] ?? '';
  assert.notEqual(thumbprint, '', issued.stdout);
});

function run(args: readonly string[], env?: Readonly<Record<string, string>>): Promise<Transcript> {
  return runWithHome(lab.home, args, env ?? { UCCERT_PASSPHRASE: testPassphrase });
}

/** Where a command reads a file: the file goes in place of `F`. */
const fileSlots: Readonly<Record<string, (f: string) => readonly string[]>> = {
  show: (f) => ['show', f],
  plan: (f) => ['plan', f],
  'plan --extra': (f) => ['plan', xmlTopology, '--extra', f],
  check: (f) => ['check', f],
  'check --cert': (f) => ['check', topology, '--server', 'fe01.contoso.net', '--use', 'Default', '--cert', f],
  'check --ca': (f) => [
    'check',
    topology,
    '--server',
    'fe01.contoso.net',
    '--use',
    'Default',
    '--cert',
    certificate,
    '--ca',
    f,
  ],
  'probe --ca': (f) => ['probe', deadEndpoint, '--ca', f, ...fast],
  'discover --topology': (f) => [
    'discover',
    'contoso.com',
    '--topology',
    f,
    '--dns-only',
    '--dns-server',
    deadEndpoint,
    ...fast,
  ],
  'discover --ca': (f) => [
    'discover',
    'contoso.com',
    '--ca',
    f,
    '--dns-only',
    '--dns-server',
    deadEndpoint,
    ...fast,
  ],
  'ca issue': (f) => ['ca', 'issue', f],
  'request --topology': (f) => [
    'request',
    '--new',
    '--type',
    'Default',
    '--server',
    'fe01.contoso.net',
    '--topology',
    f,
    '--output',
    join(lab.dir, 'out.csr'),
  ],
  import: (f) => ['import', f],
  'set --topology': (f) => [
    'set',
    '--server',
    'fe01.contoso.net',
    '--type',
    'Default',
    '--thumbprint',
    thumbprint,
    '--topology',
    f,
  ],
  'demo --topology': (f) => ['demo', '--topology', f],
  'serve --topology': (f) => ['serve', '--topology', f],
};

/** The bad files worth giving each slot: all but the one kind the slot is made for. */
const slotSkips: Readonly<Record<string, readonly BadFile[]>> = {
  show: ['certificate', 'csr', 'keyOnly'],
  plan: ['topology'],
  'plan --extra': ['topology'],
  check: ['topology'],
  'check --cert': ['certificate'],
  'check --ca': ['certificate'],
  'probe --ca': ['certificate'],
  'discover --topology': ['topology'],
  'discover --ca': ['certificate'],
  'ca issue': ['csr'],
  'request --topology': ['topology'],
  import: ['certificate'],
  'set --topology': ['topology'],
  'demo --topology': ['topology', 'missing'],
  // A good topology starts the console (a server that runs until Ctrl-C).
  'serve --topology': ['topology'],
};

interface Case {
  readonly name: string;
  readonly args: () => readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Run against an empty home rather than the lab's (which has a CA and one certificate). */
  readonly fresh?: true;
  /** What `-` reads. */
  readonly stdin?: Buffer;
}

const fileCases: Case[] = Object.entries(fileSlots).flatMap(([slot, build]) =>
  (Object.keys(files) as BadFile[])
    .filter((kind) => !(slotSkips[slot] ?? []).includes(kind))
    .map((kind) => ({ name: `${slot} ← ${kind}`, args: () => build(files[kind]) })),
);

const flagCases: Case[] = [
  // Unknown flags and flags without their value, one per command.
  ...[
    'show',
    'probe',
    'plan',
    'check',
    'discover',
    'ca',
    'client-cert',
    'request',
    'import',
    'export',
    'set',
    'get',
    'remove',
    'demo',
    'serve',
  ].flatMap((command): Case[] => [
    { name: `${command} --no-such-flag`, args: () => [command, '--no-such-flag'] },
    { name: `${command} --home (no value)`, args: () => [command, '--json', '--home'] },
  ]),
  { name: 'nonsense command', args: () => ['frobnicate'] },
  { name: 'show (no file)', args: () => ['show'] },
  { name: 'show --password (no value)', args: () => ['show', certificate, '--password'] },
  { name: 'probe (no endpoint)', args: () => ['probe'] },
  { name: 'probe --timeout (no value)', args: () => ['probe', deadEndpoint, '--timeout'] },
  { name: 'check --server (no value)', args: () => ['check', topology, '--server'] },
  { name: 'plan --format (no value)', args: () => ['plan', topology, '--format'] },
  // Numbers out of range.
  { name: 'probe --timeout -1', args: () => ['probe', deadEndpoint, '--timeout', '-1'] },
  { name: 'probe --timeout x', args: () => ['probe', deadEndpoint, '--timeout', 'x'] },
  { name: 'probe --timeout 0', args: () => ['probe', deadEndpoint, '--timeout', '0'] },
  { name: 'probe --timeout 1e99', args: () => ['probe', deadEndpoint, '--timeout', '1e99'] },
  { name: 'check --timeout -1', args: () => ['check', topology, '--live', '--timeout', '-1'] },
  { name: 'check --warn-days x', args: () => ['check', topology, '--warn-days', 'x'] },
  { name: 'check --warn-days -5', args: () => ['check', topology, '--warn-days', '-5'] },
  { name: 'probe --timeout=-1', args: () => ['probe', deadEndpoint, '--timeout=-1'] },
  { name: 'check --warn-days=-5', args: () => ['check', topology, '--warn-days=-5'] },
  { name: 'ca init --validity-years=-3', fresh: true, args: () => ['ca', 'init', '--validity-years=-3'] },
  { name: 'get --json=yes', args: () => ['get', '--json=yes'] },
  { name: 'check --now notadate', args: () => ['check', topology, '--now', 'notadate'] },
  { name: 'check --fail-on panic', args: () => ['check', topology, '--fail-on', 'panic'] },
  { name: 'discover --warn-days x', args: () => ['discover', 'contoso.com', '--warn-days', 'x'] },
  { name: 'discover --timeout -1', args: () => ['discover', 'contoso.com', '--timeout', '-1'] },
  { name: 'discover --https-port 70000', args: () => ['discover', 'contoso.com', '--https-port', '70000'] },
  { name: 'ca init --key-size 3000', fresh: true, args: () => ['ca', 'init', '--key-size', '3000'] },
  { name: 'ca init --key-alg DSA', fresh: true, args: () => ['ca', 'init', '--key-alg', 'DSA'] },
  { name: 'ca init --validity-years -3', fresh: true, args: () => ['ca', 'init', '--validity-years', '-3'] },
  {
    name: 'ca init --base-url not a url',
    fresh: true,
    args: () => ['ca', 'init', '--base-url', 'not a url'],
  },
  { name: 'ca init twice', args: () => ['ca', 'init'] },
  { name: 'ca issue --days 0', args: () => ['ca', 'issue', csr, '--days', '0'] },
  { name: 'ca issue --days x', args: () => ['ca', 'issue', csr, '--days', 'x'] },
  { name: 'ca issue --use Nonsense', args: () => ['ca', 'issue', csr, '--use', 'Nonsense'] },
  { name: 'ca issue --out directory', args: () => ['ca', 'issue', csr, '--out', files.directory] },
  { name: 'ca revoke (nothing)', args: () => ['ca', 'revoke'] },
  { name: 'ca revoke ""', args: () => ['ca', 'revoke', ''] },
  { name: 'ca revoke --reason nonsense', args: () => ['ca', 'revoke', thumbprint, '--reason', 'nonsense'] },
  { name: 'ca crl --serve 70000', args: () => ['ca', 'crl', '--serve', '70000'] },
  { name: 'ca crl --serve x', args: () => ['ca', 'crl', '--serve', 'x'] },
  { name: 'ca crl --out directory', args: () => ['ca', 'crl', '--out', files.directory] },
  { name: 'ca (no subcommand)', args: () => ['ca'] },
  { name: 'client-cert issue not-a-uri', args: () => ['client-cert', 'issue', 'alice'] },
  {
    name: 'client-cert issue --days -1',
    args: () => ['client-cert', 'issue', 'sip:alice@contoso.com', '--days', '-1'],
  },
  { name: 'client-cert list --user ""', args: () => ['client-cert', 'list', '--user', ''] },
  { name: 'client-cert revoke unknown', args: () => ['client-cert', 'revoke', 'ABCDEF'] },
  { name: 'request --key-size 3000', args: () => [...newRequest(), '--key-size', '3000'] },
  { name: 'request --key-alg DSA', args: () => [...newRequest(), '--key-alg', 'DSA'] },
  {
    name: 'request --type ""',
    args: () => [
      'request',
      '--new',
      '--type',
      '',
      '--server',
      'fe01.contoso.net',
      '--topology',
      topology,
      '--ca',
      'local',
    ],
  },
  {
    name: 'request --type Nonsense',
    args: () => [
      'request',
      '--new',
      '--type',
      'Nonsense',
      '--server',
      'fe01.contoso.net',
      '--topology',
      topology,
      '--ca',
      'local',
    ],
  },
  {
    name: 'request --server ""',
    args: () => [
      'request',
      '--new',
      '--type',
      'Default',
      '--server',
      '',
      '--topology',
      topology,
      '--ca',
      'local',
    ],
  },
  {
    name: 'request --server unknown',
    args: () => [
      'request',
      '--new',
      '--type',
      'Default',
      '--server',
      'nobody.contoso.net',
      '--topology',
      topology,
      '--ca',
      'local',
    ],
  },
  {
    name: 'request --ca other',
    args: () => [
      'request',
      '--new',
      '--type',
      'Default',
      '--server',
      'fe01.contoso.net',
      '--topology',
      topology,
      '--ca',
      'ca01\\Contoso',
    ],
  },
  {
    name: 'request --output directory',
    args: () => [
      'request',
      '--new',
      '--type',
      'Default',
      '--server',
      'fe01.contoso.net',
      '--topology',
      topology,
      '--output',
      files.directory,
    ],
  },
  { name: 'request --country USA', args: () => [...newRequest(), '--country', 'USA'] },
  { name: 'request (no action)', args: () => ['request'] },
  {
    name: 'request --retrieve --request-id 999',
    args: () => ['request', '--retrieve', '--request-id', '999'],
  },
  { name: 'request --retrieve --request-id x', args: () => ['request', '--retrieve', '--request-id', 'x'] },
  { name: 'request --clear (no id)', args: () => ['request', '--clear'] },
  { name: 'request --clear --request-id -1', args: () => ['request', '--clear', '--request-id', '-1'] },
  {
    name: 'export to a directory',
    args: () => ['export', thumbprint, '--out', files.directory, '--password', 'p'],
  },
  {
    name: 'export to a missing directory',
    args: () => ['export', thumbprint, '--out', join(files.missing, 'x.pfx'), '--password', 'p'],
  },
  {
    name: 'export --format p12',
    args: () => ['export', thumbprint, '--out', join(lab.dir, 'x.pfx'), '--format', 'p12'],
  },
  {
    name: 'export unknown thumbprint',
    args: () => ['export', 'ABCDEF', '--out', join(lab.dir, 'x.pfx'), '--password', 'p'],
  },
  {
    name: 'export "" thumbprint',
    args: () => ['export', '', '--out', join(lab.dir, 'x.pfx'), '--password', 'p'],
  },
  { name: 'export (no --out)', args: () => ['export', thumbprint, '--password', 'p'] },
  {
    name: 'set --server ""',
    args: () => ['set', '--server', '', '--type', 'Default', '--thumbprint', thumbprint],
  },
  {
    name: 'set --type ""',
    args: () => ['set', '--server', 'fe01.contoso.net', '--type', '', '--thumbprint', thumbprint],
  },
  {
    name: 'set --thumbprint ""',
    args: () => ['set', '--server', 'fe01.contoso.net', '--type', 'Default', '--thumbprint', ''],
  },
  {
    name: 'set --type Nonsense',
    args: () => ['set', '--server', 'fe01.contoso.net', '--type', 'Nonsense', '--thumbprint', thumbprint],
  },
  {
    name: 'set unknown thumbprint',
    args: () => ['set', '--server', 'fe01.contoso.net', '--type', 'Default', '--thumbprint', 'ABCDEF0123'],
  },
  {
    name: 'set unknown server',
    args: () => [
      'set',
      '--server',
      'nobody.contoso.net',
      '--type',
      'Default',
      '--thumbprint',
      thumbprint,
      '--topology',
      topology,
    ],
  },
  {
    name: 'set --roll without --effective-date',
    args: () => [
      'set',
      '--server',
      'fe01.contoso.net',
      '--type',
      'Default',
      '--thumbprint',
      thumbprint,
      '--roll',
    ],
  },
  {
    name: 'set --effective-date notadate',
    args: () => [
      'set',
      '--server',
      'fe01.contoso.net',
      '--type',
      'Default',
      '--thumbprint',
      thumbprint,
      '--roll',
      '--effective-date',
      'notadate',
    ],
  },
  {
    name: 'set --effective-date without zone',
    args: () => [
      'set',
      '--server',
      'fe01.contoso.net',
      '--type',
      'Default',
      '--thumbprint',
      thumbprint,
      '--roll',
      '--effective-date',
      '2026-07-01T06:00:00',
    ],
  },
  { name: 'get --server ""', args: () => ['get', '--server', ''] },
  { name: 'get --type ""', args: () => ['get', '--type', ''] },
  { name: 'get --type Nonsense', args: () => ['get', '--type', 'Nonsense'] },
  { name: 'remove --server ""', args: () => ['remove', '--server', '', '--type', 'Default'] },
  { name: 'remove --type ""', args: () => ['remove', '--server', 'fe01.contoso.net', '--type', ''] },
  {
    name: 'remove unknown server',
    args: () => ['remove', '--server', 'nobody.contoso.net', '--type', 'Default'],
  },
  {
    name: 'remove --type Nonsense',
    args: () => ['remove', '--server', 'fe01.contoso.net', '--type', 'Nonsense'],
  },
  { name: 'plan --server unknown', args: () => ['plan', topology, '--server', 'nobody.contoso.net'] },
  { name: 'plan --server ""', args: () => ['plan', topology, '--server', ''] },
  { name: 'plan --format pdf', args: () => ['plan', topology, '--format', 'pdf'] },
  {
    name: 'plan --domain-name "*.*"',
    args: () => ['plan', topology, '--server', 'fe01.contoso.net', '--domain-name', '*.*,'],
  },
  { name: 'plan --product lync2007', args: () => ['plan', xmlTopology, '--product', 'lync2007'] },
  {
    name: 'check --use Nonsense',
    args: () => [
      'check',
      topology,
      '--server',
      'fe01.contoso.net',
      '--use',
      'Nonsense',
      '--cert',
      certificate,
    ],
  },
  { name: 'check --cert without --server', args: () => ['check', topology, '--cert', certificate] },
  // PFX passwords, stdin, topology XML that is not one.
  { name: 'show PFX wrong password', args: () => ['show', files.pfxNoPassword, '--password', 'wrong'] },
  { name: 'import PFX wrong password', args: () => ['import', files.pfxNoPassword, '--password', 'wrong'] },
  {
    name: 'check --cert PFX wrong password',
    args: () => [
      'check',
      topology,
      '--server',
      'fe01.contoso.net',
      '--use',
      'Default',
      '--cert',
      files.pfxNoPassword,
      '--password',
      'wrong',
    ],
  },
  {
    name: 'show - (junk on stdin)',
    args: () => ['show', '-'],
    stdin: Buffer.from([0, 1, 2, 0xff, 0x30, 0x82]),
  },
  { name: 'show - (nothing on stdin)', args: () => ['show', '-'], stdin: Buffer.alloc(0) },
  { name: 'import - (a CSR on stdin)', args: () => ['import', '-'], stdin: readFileSync(csr) },
  { name: 'plan not-topology.xml', args: () => ['plan', 'test/fixtures/topology/not-topology.xml'] },
  // Wrong passphrase and no passphrase.
  {
    name: 'export without passphrase',
    args: () => ['export', thumbprint, '--out', join(lab.dir, 'x.pfx'), '--password', 'p'],
    env: {},
  },
  {
    name: 'ca issue wrong passphrase',
    args: () => ['ca', 'issue', csr],
    env: { UCCERT_PASSPHRASE: 'wrong' },
  },
  // Malformed endpoints.
  ...[':443', '[::1', 'host:99999', 'a b', '', '127.0.0.1:', '[::1]:0', 'https://127.0.0.1/'].map(
    (endpoint): Case => ({ name: `probe "${endpoint}"`, args: () => ['probe', endpoint, ...fast] }),
  ),
  { name: 'probe --sni ""', args: () => ['probe', deadEndpoint, '--sni', '', ...fast] },
  { name: 'probe refused (loopback)', args: () => ['probe', deadEndpoint, ...fast] },
  // DNS: invalid SIP domains, an unreachable DNS server.
  ...['-contoso..com', 'contoso', 'a b.com', '', `${'x'.repeat(64)}.com`, 'sip:contoso.com'].map(
    (domain): Case => ({
      name: `discover "${domain}"`,
      args: () => ['discover', domain, '--dns-server', deadEndpoint, ...fast],
    }),
  ),
  { name: 'discover (no domain)', args: () => ['discover'] },
  {
    name: 'discover unreachable DNS',
    args: () => ['discover', 'contoso.com', '--dns-server', deadEndpoint, ...fast],
  },
  {
    name: 'discover --dns-server junk',
    args: () => ['discover', 'contoso.com', '--dns-server', 'not an ip', ...fast],
  },
  {
    name: 'discover --dns-server :53',
    args: () => ['discover', 'contoso.com', '--dns-server', '127.0.0.1:99999', ...fast],
  },
  {
    name: 'check --dns-server junk',
    args: () => ['check', topology, '--live', '--dns-server', 'nope', ...fast],
  },
  // check --resolve / --connect-to malformed.
  ...[
    'pool01.contoso.net',
    'pool01.contoso.net:5061',
    'pool01.contoso.net:x:127.0.0.1',
    ':5061:127.0.0.1',
    'pool01.contoso.net:5061:not-an-ip',
    '',
  ].map(
    (resolve): Case => ({
      name: `check --resolve "${resolve}"`,
      args: () => ['check', topology, '--live', '--resolve', resolve, ...fast],
    }),
  ),
  ...['a:1:b', 'a:1:b:99999', ''].map(
    (connectTo): Case => ({
      name: `check --connect-to "${connectTo}"`,
      args: () => ['check', topology, '--live', '--connect-to', connectTo, ...fast],
    }),
  ),
];

function newRequest(): string[] {
  return [
    'request',
    '--new',
    '--type',
    'Default',
    '--server',
    'fe01.contoso.net',
    '--topology',
    topology,
    '--ca',
    'local',
  ];
}

const stackLine = /^\s{4}at /m;

async function runCase(c: Case): Promise<Transcript> {
  const args = c.args();
  const t =
    c.fresh === true
      ? await runWithHome(makeLab('bad-input-fresh').home, args, c.env)
      : c.stdin !== undefined
        ? await runUccert([...args, '--home', lab.home], {
            env: { UCCERT_PASSPHRASE: testPassphrase },
            stdin: c.stdin,
          })
        : await run(args, c.env);
  const dump = process.env.SWEEP_DUMP;
  if (dump !== undefined)
    appendFileSync(dump, `### ${c.name}\n$ ${t.args.join(' ')}\n${t.stderr}--- exit ${t.exitCode}\n\n`);
  const shown = `${c.name}: exit ${t.exitCode}\n${t.stderr}`;
  assert.ok(t.exitCode >= 0 && t.exitCode <= 3, shown);
  assert.doesNotMatch(t.stderr, /internal error/, shown);
  assert.doesNotMatch(t.stderr, stackLine, shown);
  // Warnings (--password on the command line) may come first; then the error and its hint.
  if (t.exitCode >= 2) assert.match(t.stderr, /^(?:warning: .*\n)*uccert: \S.*\n {2}\S/, shown);
  return t;
}

test('every command refuses bad files with a message, never a crash', async (t) => {
  for (const c of fileCases) await t.test(c.name, async () => void (await runCase(c)));
});

test('every command refuses bad flags, values and endpoints with a message, never a crash', async (t) => {
  for (const c of flagCases) await t.test(c.name, async () => void (await runCase(c)));
});

/** The most instructive messages, kept word for word: one per kind of mistake. */
const goldenCases: Readonly<Record<string, string>> = {
  'bad-input-topology-is-certificate': 'plan ← certificate',
  'bad-input-topology-alias-bomb': 'plan ← yamlBomb',
  'bad-input-import-key-only': 'import ← keyOnly',
  'bad-input-flag-negative-value': 'probe --timeout -1',
  'bad-input-probe-ipv6': 'probe "[::1"',
  'bad-input-check-resolve': 'check --resolve "pool01.contoso.net:5061"',
  'bad-input-set-roll-no-date': 'set --roll without --effective-date',
  'bad-input-export-directory': 'export to a directory',
  'bad-input-discover-dns-unreachable': 'discover unreachable DNS',
};

test('the most instructive messages, word for word', async () => {
  const scrub = scrubVarying(lab.dir);
  const all = new Map([...fileCases, ...flagCases].map((c) => [c.name, c]));
  for (const [golden, name] of Object.entries(goldenCases)) {
    const c = all.get(name);
    assert.ok(c !== undefined, `no case named ${name}`);
    const t = await runCase(c);
    assert.ok(t.exitCode === 2 || t.exitCode === 3, `${name}: exit ${t.exitCode}`);
    assertGolden(golden, t, (text) => scrub(text).replaceAll(thumbprint, '<THUMBPRINT>'));
  }
});
