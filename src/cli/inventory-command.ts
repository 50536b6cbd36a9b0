// `uccert inventory script`: the PowerShell script to run on each server. `uccert inventory import
// FILE…`: stores what the servers reported (that script's JSON, or plain Get-CsCertificate |
// ConvertTo-Json with --server), so check compares observed vs assigned vs planned.

import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileErrorReason, inputError } from '../errors.js';
import {
  type ImportedInventory,
  type InventoryFile,
  importInventoryFiles,
} from '../inventory/import-inventory.js';
import { inventoryScript } from '../inventory/inventory-script.js';
import { resolveHome } from '../store/home.js';
import { openStore } from '../store/store.js';
import type { Command } from './command.js';
import { printJson } from './io.js';
import { flagOption, stringOption } from './options.js';

/** Larger than any server's report (a few hundred KB); bounds memory on a wrong file. */
const maxInventoryBytes = 16 * 1024 * 1024;

export const inventoryCommand: Command = {
  name: 'inventory',
  usage: ['inventory script > uccert-inventory.ps1', 'inventory import FILE… [--server FQDN]'],
  optionHelp: [
    ['--server FQDN', 'import: the server that wrote plain Get-CsCertificate | ConvertTo-Json output'],
    ['--home DIR', 'the uccert store'],
    ['--json', 'import: print one JSON document'],
  ],
  examples: [
    'uccert inventory script > uccert-inventory.ps1',
    'uccert inventory import uccert-inventory-fe01.contoso.net.json uccert-inventory-edge01.contoso.net.json',
    'uccert inventory import fe01-get-cscertificate.json --server fe01.contoso.net',
    'uccert get --observed',
  ],
  options: { server: { type: 'string' } },
  async run(args, io) {
    const [verb, ...files] = args.positionals;
    if (verb === 'script' && files.length === 0) {
      io.stdout(inventoryScript);
      return 0;
    }
    if (verb !== 'import' || files.length === 0) {
      throw inputError(
        'BAD_USAGE',
        verb === 'import'
          ? 'inventory import: give the files the servers wrote'
          : 'inventory: give script, or import FILE…',
        'uccert inventory script > uccert-inventory.ps1; then uccert inventory import uccert-inventory-*.json',
      );
    }
    const inputs: InventoryFile[] = [];
    for (const path of files) inputs.push(await readInventoryFile(path, io.cwd));
    const home = resolveHome({ homeOption: stringOption(args.values, 'home'), env: io.env, cwd: io.cwd });
    const store = openStore(home);
    try {
      const imported = await importInventoryFiles(store, inputs, {
        server: stringOption(args.values, 'server') ?? null,
        now: io.now(),
      });
      if (flagOption(args.values, 'json')) printJson(io, { imported });
      else io.stdout(renderImported(imported));
      return 0;
    } finally {
      store.close();
    }
  },
};

async function readInventoryFile(path: string, cwd: string): Promise<InventoryFile> {
  const full = resolve(cwd, path);
  try {
    const info = await stat(full);
    if (info.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    if (info.size > maxInventoryBytes) {
      throw inputError(
        'UNREADABLE_INVENTORY',
        `inventory "${path}" is ${info.size} bytes, more than a server's report can be (${maxInventoryBytes})`,
        'give the JSON file `uccert inventory script` wrote on the server',
      );
    }
    return { path, bytes: await readFile(full), modifiedAt: info.mtime };
  } catch (error) {
    if (error instanceof Error && error.name === 'UccertError') throw error;
    throw inputError(
      'UNREADABLE_INVENTORY',
      `cannot read inventory "${path}": ${fileErrorReason(error)}`,
      'give the JSON files the inventory script wrote on each server',
      error,
    );
  }
}

function renderImported(imported: readonly ImportedInventory[]): string {
  const lines: string[] = [];
  for (const i of imported) {
    lines.push(
      `${i.path}: ${i.server}, observed ${i.observedAt}${i.observedAtFrom === 'file time' ? " (the file's time)" : ''}, ${i.entries.length} assignment(s) (${i.format === 'uccert-inventory' ? 'uccert inventory script' : 'Get-CsCertificate | ConvertTo-Json'})`,
    );
    for (const e of i.entries) {
      lines.push(
        `  ${e.use}: ${e.thumbprint}${e.certificateStored ? ` (certificate stored: ${e.subject ?? ''}, until ${e.notAfter ?? '?'})` : ' (thumbprint only)'}`,
      );
    }
    for (const u of i.unknown) lines.push(`  not known: ${u}`);
  }
  lines.push(
    'compare with the store and the plan: uccert check; what the servers reported: uccert get --observed',
  );
  return `${lines.join('\n')}\n`;
}
