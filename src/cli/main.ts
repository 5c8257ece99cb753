import { Command, CommanderError } from 'commander';

import { ConfigError, LOG_LEVELS } from '../config.js';
import { addActivityCommands } from './activity-commands.js';
import { addTokenCommands } from './admin-token-commands.js';
import { CliError } from './local-store.js';
import { addOrganizationCommands } from './organization-commands.js';
import { addRoleCommands } from './role-commands.js';
import { serve } from './serve-command.js';
import { withStoreOptions } from './store-options.js';
import { addUserCommands } from './user-commands.js';

function buildProgram(): Command {
  const program = new Command('rolecall')
    .description('SCIM 2.0 provisioning server for users and roles')
    .showHelpAfterError();

  withStoreOptions(program.command('serve'))
    .description('start the SCIM server')
    .option('--host <host>', 'address to listen on (ROLECALL_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (ROLECALL_PORT, default 8080)')
    .option('--public-url <url>', 'origin used in absolute URLs (ROLECALL_PUBLIC_URL)')
    .option(
      '--log-level <level>',
      `one of ${LOG_LEVELS.join(', ')} (ROLECALL_LOG_LEVEL, default info)`,
    )
    .option(
      '--activity-retention-days <days>',
      'days the activity log keeps entries (ROLECALL_ACTIVITY_RETENTION_DAYS, default 30)',
    )
    .action(serve);

  addTokenCommands(program);
  addUserCommands(program);
  addRoleCommands(program);
  addActivityCommands(program);
  addOrganizationCommands(program);
  return program;
}

/** Runs the CLI; expected failures print one line to stderr and exit with 1. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof CliError || error instanceof ConfigError) {
      process.stderr.write(`rolecall: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    // Anything else, such as a database that cannot be reached: one line, and the stack only
    // when asked for, since it rarely helps an operator.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`rolecall: failed: ${message}\n`);
    if (process.env.ROLECALL_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    process.exitCode = 1;
  }
}
