import type { Command } from 'commander';

import type { describeToken } from '../admin/admin-views.js';
import { isProvider, PROVIDERS } from '../flavours/provider.js';
import { printJson, printLine, withAdminOptions, type AdminFlags } from './admin-options.js';
import { sendAdmin } from './admin-transport.js';
import { CliError } from './local-store.js';
import { formatTable } from './print-table.js';

type TokenView = ReturnType<typeof describeToken>;

interface CreateFlags extends AdminFlags {
  provider?: string;
  kind?: string;
  label?: string;
}

/**
 * `rolecall token create|list|rotate|revoke`, on the local database or with --server on a
 * server's admin API. Secrets are printed once, on create and rotate.
 */
export function addTokenCommands(program: Command): void {
  const token = program.command('token').description('manage provisioning and admin tokens');

  withAdminOptions(token.command('create'))
    .description('create a token and print its secret once')
    .option(
      '--provider <provider>',
      `IdP flavour a provisioning token marks resources with: ${PROVIDERS.join(', ')}`,
    )
    .option('--kind <kind>', 'provisioning (default) or admin')
    .option('--label <text>', 'note to tell tokens apart')
    .action(createToken);

  withAdminOptions(token.command('list'))
    .description('list tokens (secrets are never shown)')
    .action(async (flags: AdminFlags) => {
      const { tokens } = (await sendAdmin(flags, 'GET', '/tokens')) as { tokens: TokenView[] };
      if (flags.json) return printJson(tokens);
      const rows = tokens.map((item) => [
        item.id,
        item.kind,
        item.provider ?? '-',
        `...${item.secretEndsWith}`,
        item.created,
        item.lastUsed ?? '-',
        item.revoked === null ? 'active' : `revoked ${item.revoked}`,
        item.label ?? '',
      ]);
      const columns = [
        'ID',
        'KIND',
        'PROVIDER',
        'SECRET',
        'CREATED',
        'LAST USED',
        'STATUS',
        'LABEL',
      ];
      printLine(formatTable(columns, rows));
    });

  withAdminOptions(token.command('rotate'))
    .description('give a token a new secret; the old secret stops working at once')
    .argument('<id>', 'token id')
    .action(async (id: string, flags: AdminFlags) => {
      const issued = await sendAdmin(flags, 'POST', `/tokens/${encodeURIComponent(id)}/rotate`);
      if (flags.json) return printJson({ ...issued.token, secret: issued.secret });
      printLine(`Rotated token ${id}. Its new secret is shown only now:\n${issued.secret}`);
    });

  withAdminOptions(token.command('revoke'))
    .description('revoke a token; requests with it get 401 from now on')
    .argument('<id>', 'token id')
    .action(async (id: string, flags: AdminFlags) => {
      const revoked = await sendAdmin(flags, 'POST', `/tokens/${encodeURIComponent(id)}/revoke`);
      if (flags.json) return printJson(revoked.token);
      printLine(`Revoked token ${id}.`);
    });
}

async function createToken(flags: CreateFlags): Promise<void> {
  const kind = flags.kind ?? 'provisioning';
  if (kind === 'provisioning' && !isProvider(flags.provider)) {
    const shown = flags.provider === undefined ? 'missing' : `"${flags.provider}"`;
    throw new CliError(`Invalid --provider ${shown}: expected one of ${PROVIDERS.join(', ')}.`);
  }
  const body = { kind, provider: flags.provider, label: flags.label };
  const issued = await sendAdmin(flags, 'POST', '/tokens', body);
  if (flags.json) return printJson({ ...issued.token, secret: issued.secret });
  const what =
    issued.token.kind === 'admin'
      ? `admin token ${issued.token.id}`
      : `token ${issued.token.id} for provider ${issued.token.provider}`;
  printLine(`Created ${what}. Its secret is shown only now:\n${issued.secret}`);
}
