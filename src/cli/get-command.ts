// `uccert get [--server FQDN] [--type T]`: Get-CsCertificate for the whole deployment [PS-GET]:
// every assignment with every property, nothing truncated, current and previous certificates,
// and the history of changes.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readAssignmentReport } from '../assign/assignment-view.js';
import { inputError } from '../errors.js';
import { parseUseList } from '../requests/planned-certificate-lookup.js';
import { readAssignment } from '../store/assignment-records.js';
import { findCertificateById } from '../store/certificate-records.js';
import { resolveHome } from '../store/home.js';
import { listLatestObserved } from '../store/observed-assignment-records.js';
import { openStore, storeFileName } from '../store/store.js';
import type { Command } from './command.js';
import { flagOption, stringListOption, stringOption } from './options.js';
import { assignmentReportJson, renderAssignmentReportText } from './render-assignments-report.js';
import { observedJson, renderObservedText } from './render-observed.js';

export const getCommand: Command = {
  name: 'get',
  usage: [
    'get [--server FQDN] [--type T] [--json]',
    'get --observed [--server FQDN] [--json]   (what the servers reported: uccert inventory import)',
  ],
  optionHelp: [
    ['--server FQDN', 'only this server ("global" for OAuthTokenIssuer)'],
    ['--type T', 'only this use (a Set-CsCertificate -Type name)'],
    ['--observed', 'what the servers reported (uccert inventory import), beside what the store assigns'],
    ['--home DIR', 'the uccert store'],
    ['--json', 'print one JSON document: assignments (certificate JSON with `use`) and history'],
  ],
  examples: [
    'uccert get',
    'uccert get --server edge01.contoso.net --type AudioVideoAuthentication --json',
    'uccert get --observed',
  ],
  options: { server: { type: 'string' }, type: { type: 'string' }, observed: { type: 'boolean' } },
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
      if (flagOption(args.values, 'observed')) {
        const rows = store.read(() =>
          listLatestObserved(store.db, server)
            .filter((o) => use?.[0] === undefined || o.use === use[0])
            .map((observed) => ({
              observed,
              assigned: readAssignment(store.db, observed.server, observed.use),
              certificate:
                observed.certificateId === null
                  ? null
                  : findCertificateById(store.db, observed.certificateId),
            })),
        );
        io.stdout(
          flagOption(args.values, 'json')
            ? `${JSON.stringify(observedJson(rows, io.now()), null, 2)}\n`
            : renderObservedText(rows),
        );
        return 0;
      }
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
