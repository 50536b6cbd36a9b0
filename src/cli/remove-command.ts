// `uccert remove --server FQDN --type T,… [--previous]`: Remove-CsCertificate in the store [PS-REM].
// The certificate stays in the store; only the assignment goes (or, with --previous, the rolled-out
// certificate kept beside it).

import { unassignCertificate } from '../assign/remove-assignment.js';
import { inputError } from '../errors.js';
import { parseUseList } from '../requests/planned-certificate-lookup.js';
import { resolveHome } from '../store/home.js';
import { openStore } from '../store/store.js';
import type { Command } from './command.js';
import { noStoreYet, requireStoreFile } from './lab-ca-session.js';
import { flagOption, stringListOption, stringOption } from './options.js';

export const removeCommand: Command = {
  name: 'remove',
  usage: ['remove --server FQDN --type T,… [--previous]'],
  optionHelp: [
    ['--server FQDN', 'the server ("global" for OAuthTokenIssuer)'],
    ['--type T,…', 'the uses to un-assign'],
    ['--previous', 'remove only the previous (rolled-out) certificate, once the old one has expired'],
    ['--home DIR', 'the uccert store'],
    ['--json', 'print one JSON document'],
  ],
  examples: [
    'uccert remove --server fe01.contoso.net --type Default,WebServicesInternal,WebServicesExternal',
    'uccert remove --server edge01.contoso.net --type AudioVideoAuthentication --previous',
  ],
  options: {
    server: { type: 'string' },
    type: { type: 'string', multiple: true },
    previous: { type: 'boolean' },
  },
  async run(args, io) {
    const server = stringOption(args.values, 'server');
    // An empty --server ("$SERVER" unset in a script) is as good as none.
    if (args.positionals.length > 0 || server === undefined || server === '') {
      throw inputError(
        'BAD_USAGE',
        server === undefined || server === ''
          ? 'remove needs --server'
          : `remove: unexpected "${args.positionals[0]}"`,
        'for example: uccert remove --server fe01.contoso.net --type Default',
      );
    }
    const uses = parseUseList(stringListOption(args.values, 'type'), 'type');
    const previous = flagOption(args.values, 'previous');
    const home = resolveHome({ homeOption: stringOption(args.values, 'home'), env: io.env, cwd: io.cwd });
    requireStoreFile(home, noStoreYet('uccert set'));
    const store = openStore(home);
    try {
      const result = await unassignCertificate(store, server, uses, previous, io.now());
      if (flagOption(args.values, 'json')) {
        io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        const what = previous ? 'the previous certificate of' : '';
        const lines = result.removed.map((r) => `  ${r.use}: ${r.thumbprint}`);
        io.stdout(
          `Removed ${what}${what === '' ? '' : ' '}these uses on ${result.server} (the certificates stay in the store):\n${lines.join('\n')}\n\nOn the server: ${result.command}\n`,
        );
      }
      return 0;
    } finally {
      store.close();
    }
  },
};
