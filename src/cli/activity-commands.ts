import { writeFileSync } from 'node:fs';

import type { Command } from 'commander';

import type { describeActivity } from '../admin/admin-views.js';
import {
  printJson,
  printLine,
  queryString,
  withAdminOptions,
  type AdminFlags,
} from './admin-options.js';
import { sendAdmin } from './admin-transport.js';
import { CliError } from './local-store.js';
import { formatTable } from './print-table.js';

type ActivityView = ReturnType<typeof describeActivity> & { requestBody?: unknown };

interface FilterFlags extends AdminFlags {
  resource?: string;
  status?: string;
  provider?: string;
  source?: string;
  method?: string;
  since?: string;
  until?: string;
  limit?: string;
}

interface ListFlags extends FilterFlags {
  cursor?: string;
}

interface ExportFlags extends FilterFlags {
  output?: string;
}

/** `rolecall activity list|show|export`. */
export function addActivityCommands(program: Command): void {
  const activity = program
    .command('activity')
    .description('read the activity log of SCIM, admin API and CLI requests');

  withFilterOptions(withAdminOptions(activity.command('list')))
    .description('list activity entries, newest first')
    .option('--cursor <cursor>', 'continue after the last page (printed below it)')
    .action(async (flags: ListFlags) => {
      const response = await sendAdmin(
        flags,
        'GET',
        `/activity${filterQuery(flags, flags.cursor)}`,
      );
      if (flags.json) return printJson(response);
      printEntries(response.entries);
      if (response.nextCursor !== null) printLine(`More entries: --cursor ${response.nextCursor}`);
    });

  withAdminOptions(activity.command('show'))
    .description('show one entry with its redacted request body')
    .argument('<id>', 'entry id (the request id)')
    .action(async (id: string, flags: AdminFlags) => {
      const { entry } = await sendAdmin(flags, 'GET', `/activity/${encodeURIComponent(id)}`);
      if (flags.json) return printJson(entry);
      printEntry(entry);
    });

  withFilterOptions(withAdminOptions(activity.command('export')))
    .description('export matching SCIM requests, oldest first, as a replay session (JSON)')
    .option('--output <file>', 'write the session to a file instead of standard output')
    .action(async (flags: ExportFlags) => {
      const session = await sendAdmin(
        flags,
        'GET',
        `/activity/export${filterQuery(flags, undefined)}`,
      );
      const text = `${JSON.stringify(session, null, 2)}\n`;
      if (flags.output === undefined) return void process.stdout.write(text);
      try {
        writeFileSync(flags.output, text);
      } catch (error) {
        throw new CliError(`Could not write ${flags.output}: ${(error as Error).message}.`);
      }
      const steps = session.steps.length;
      process.stderr.write(
        `Wrote ${steps} replay step${steps === 1 ? '' : 's'} to ${flags.output}.\n`,
      );
    });
}

function withFilterOptions(command: Command): Command {
  return command
    .option('--resource <id>', 'only entries that touched this user, role or token id')
    .option('--status <list>', 'statuses or classes, e.g. 404 or 4xx,5xx')
    .option('--provider <list>', 'token providers, e.g. okta')
    .option('--source <list>', 'scim, admin or cli')
    .option('--method <list>', 'HTTP methods, e.g. POST,PATCH')
    .option('--since <time>', 'ISO 8601 time, or a duration before now such as 15m, 24h, 7d')
    .option('--until <time>', 'ISO 8601 time (exclusive), or a duration before now')
    .option('--limit <n>', 'maximum entries (list: default 50, at most 500; export: default 1000)');
}

function filterQuery(flags: FilterFlags, cursor: string | undefined): string {
  return queryString({
    resourceId: flags.resource,
    status: flags.status,
    provider: flags.provider,
    source: flags.source,
    method: flags.method,
    since: flags.since,
    until: flags.until,
    limit: flags.limit,
    cursor,
  });
}

function printEntries(entries: readonly ActivityView[]): void {
  const rows = entries.map((entry) => [
    entry.time,
    entry.source,
    entry.provider ?? '-',
    entry.method,
    entry.path,
    String(entry.status),
    entry.durationMs.toFixed(1),
    entry.resourceIds.join(' ') || '-',
    entry.error?.code ?? '',
  ]);
  printLine(
    formatTable(
      ['TIME', 'SOURCE', 'PROVIDER', 'METHOD', 'PATH', 'STATUS', 'MS', 'RESOURCES', 'ERROR'],
      rows,
    ),
  );
}

function printEntry(entry: ActivityView): void {
  const rows = [
    ['id', entry.id],
    ['time', entry.time],
    ['source', entry.source],
    ['provider', entry.provider ?? '-'],
    ['flavour', entry.flavour ?? '-'],
    ['actor', entry.actor ?? '-'],
    ['request', `${entry.method} ${entry.path}`],
    ['status', String(entry.status)],
    ['duration', `${entry.durationMs} ms`],
    ['resources', entry.resourceIds.join(', ') || '-'],
    ['rules fired', entry.rules.join(', ') || '-'],
    ['ignored', entry.ignoredAttributes.join(', ') || '-'],
    ['error', entry.error === null ? '-' : `${entry.error.code}: ${entry.error.detail}`],
  ];
  printLine(rows.map(([label, value]) => `${label!.padEnd(13)}${value}`).join('\n'));
  if (entry.bodyTruncated) printLine('body         (too large to keep)');
  else if (entry.requestBody !== null && entry.requestBody !== undefined) {
    printLine(`body\n${JSON.stringify(entry.requestBody, null, 2)}`);
  }
}
