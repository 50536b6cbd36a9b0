// `uccert get [--server FQDN] [--type T]`: Get-CsCertificate for the whole deployment [PS-GET]:
// every assignment with every property, nothing truncated, current and previous certificates,
// and the history of changes.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readAssignmentReport } from '../assign/assignment-view.js';
import { inputError } from '../errors.js';
import { parseUseList } from '../requests/planned-certificate-lookup.js';
import { resolveHome } from '../store/home.js';
import { openStore, storeFileName } from '../store/store.js';
import type { Command } from './command.js';
import { flagOption, stringListOption, stringOption } from './options.js';
import { assignmentReportJson, renderAssignmentReportText } from './render-assignments-report.js';

export const getCommand: Command = {
  name: 'get',
  usage: ['get [--server FQDN] [--type T] [--json]'],
  optionHelp: [
    ['--server FQDN', 'only this server ("global" for OAuthTokenIssuer)'],
    ['--type T', 'only this use (a Set-CsCertificate -Type name)'],
    ['--home DIR', 'the uccert store'],
    ['--json', 'print one JSON document: assignments (certificate JSON with `use`) and history'],
  ],
  examples: ['uccert get', 'uccert get --server edge01.contoso.net --type AudioVideoAuthentication --json'],
  options: { server: { type: 'string' }, type: { type: 'string' } },
  async run(args, io) {
    if (args.positionals.length > 0) {
      throw inputError(
        'BAD_USAGE',
        `get: unexpected "${args.positionals[0]}"`,
        'filter with --server FQDN and --type T',
      );
    }
    const types = stringListOption(args.values, 'type');
    const use = types.length === 0 ? undefined : parseUseList(types, 'type');
    if (use !== undefined && use.length > 1) {
      throw inputError('BAD_USAGE', 'get --type takes one use', 'for example: --type Default');
    }
    const server = stringOption(args.values, 'server');
    if (server === '') {
      // Most likely an unset variable in a script: showing every server instead would mislead.
      throw inputError(
        'BAD_OPTION_VALUE',
        'get --server "" names no server',
        'give a server FQDN (or "global"), or leave --server out to see every server',
      );
    }
    const home = resolveHome({ homeOption: stringOption(args.values, 'home'), env: io.env, cwd: io.cwd });
    if (!existsSync(join(home, storeFileName))) {
      throw inputError(
        'NO_STORE',
        `there is no uccert store in "${home}"`,
        'request or import certificates and assign them first (uccert request, import, set), or give --home DIR',
      );
    }
    const store = openStore(home, { access: 'read' });
    try {
      const report = readAssignmentReport(
        store,
        { ...(server === undefined ? {} : { server }), ...(use?.[0] === undefined ? {} : { use: use[0] }) },
        io.now(),
      );
      io.stdout(
        flagOption(args.values, 'json')
          ? `${JSON.stringify(assignmentReportJson(report, io.now()), null, 2)}\n`
          : renderAssignmentReportText(report, io.now()),
      );
      return 0;
    } finally {
      store.close();
    }
  },
};
