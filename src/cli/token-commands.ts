import type { Command } from 'commander';

import { isProvider, PROVIDERS } from '../flavours/provider.js';
import type { TokenRecord } from '../storage/token-repository.js';
import { createToken, revokeToken, rotateToken } from '../tokens/token-service.js';
import { CliError, openLocalStore, type LocalStore } from './local-store.js';
import { formatTable } from './print-table.js';
import { withStoreOptions, type StoreFlags } from './store-options.js';

async function withStore<T>(
  flags: StoreFlags,
  work: (local: LocalStore) => Promise<T>,
): Promise<T> {
  const local = await openLocalStore(flags);
  try {
    return await work(local);
  } finally {
    await local.close();
  }
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Returns the fields of a token that listings may show; never its hash. */
export function describeToken(token: TokenRecord) {
  return {
    id: token.id,
    kind: token.kind,
    provider: token.provider,
    label: token.label,
    secretEndsWith: token.secretHint,
    created: token.created,
    lastUsed: token.lastUsed,
    revoked: token.revoked,
  };
}

/** `rolecall token create|list|rotate|revoke`. Secrets are printed once, on create and rotate. */
export function addTokenCommands(program: Command): void {
  const token = program.command('token').description('manage provisioning tokens');

  withStoreOptions(token.command('create'))
    .description('create a provisioning token and print its secret once')
    .requiredOption(
      '--provider <provider>',
      `IdP flavour the token marks resources with: ${PROVIDERS.join(', ')}`,
    )
    .option('--label <text>', 'note to tell tokens apart')
    .option('--json', 'print JSON')
    .action(async (flags: StoreFlags & { provider: string; label?: string; json?: boolean }) => {
      if (!isProvider(flags.provider)) {
        throw new CliError(
          `Invalid --provider "${flags.provider}": expected one of ${PROVIDERS.join(', ')}.`,
        );
      }
      const provider = flags.provider;
      const issued = await withStore(flags, (local) =>
        createToken(local, {
          organizationId: local.organizationId,
          kind: 'provisioning',
          provider,
          label: flags.label ?? null,
        }),
      );
      if (flags.json) return printJson({ ...describeToken(issued.token), secret: issued.secret });
      process.stdout.write(
        `Created token ${issued.token.id} for provider ${provider}. Its secret is shown only now:\n${issued.secret}\n`,
      );
    });

  withStoreOptions(token.command('list'))
    .description('list tokens (secrets are never shown)')
    .option('--json', 'print JSON')
    .action(async (flags: StoreFlags & { json?: boolean }) => {
      const tokens = await withStore(flags, (local) =>
        local.store.tokens.list(local.organizationId),
      );
      if (flags.json) return printJson(tokens.map(describeToken));
      const rows = tokens.map((item) => [
        item.id,
        item.kind,
        item.provider ?? '-',
        `...${item.secretHint}`,
        item.created,
        item.lastUsed ?? '-',
        item.revoked === null ? 'active' : `revoked ${item.revoked}`,
        item.label ?? '',
      ]);
      process.stdout.write(
        `${formatTable(['ID', 'KIND', 'PROVIDER', 'SECRET', 'CREATED', 'LAST USED', 'STATUS', 'LABEL'], rows)}\n`,
      );
    });

  withStoreOptions(token.command('rotate'))
    .description('give a token a new secret; the old secret stops working at once')
    .argument('<id>', 'token id')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: StoreFlags & { json?: boolean }) => {
      const issued = await withStore(flags, (local) =>
        rotateToken(local, local.organizationId, id),
      );
      if (issued === undefined)
        throw new CliError(`Token ${id} not found or revoked; see "rolecall token list".`);
      if (flags.json) return printJson({ ...describeToken(issued.token), secret: issued.secret });
      process.stdout.write(
        `Rotated token ${id}. Its new secret is shown only now:\n${issued.secret}\n`,
      );
    });

  withStoreOptions(token.command('revoke'))
    .description('revoke a token; requests with it get 401 from now on')
    .argument('<id>', 'token id')
    .action(async (id: string, flags: StoreFlags) => {
      const revoked = await withStore(flags, (local) =>
        revokeToken(local, local.organizationId, id),
      );
      if (!revoked)
        throw new CliError(`Token ${id} not found or already revoked; see "rolecall token list".`);
      process.stdout.write(`Revoked token ${id}.\n`);
    });
}

export { withStore, printJson };
