import type { Command } from 'commander';

import type { AdminWarning } from '../admin/managed-warning.js';
import { ADMIN_TOKEN_VARIABLE, type TargetFlags } from './admin-transport.js';
import { CliError } from './local-store.js';
import { withStoreOptions } from './store-options.js';

/** Flags every admin command accepts. */
export interface AdminFlags extends TargetFlags {
  json?: boolean;
}

/**
 * Adds the flags that choose the target (the local database, or `--server` with an admin
 * token) and `--json`.
 */
export function withAdminOptions(command: Command): Command {
  return withStoreOptions(command)
    .option('--server <url>', "run on a server's admin API instead of the local database")
    .option('--admin-token <token>', `admin token for --server (${ADMIN_TOKEN_VARIABLE})`)
    .option('--json', 'print JSON');
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Prints the response's warnings to stderr, so they reach a person even with --json. */
export function printWarnings(warnings: readonly AdminWarning[] | undefined): void {
  for (const warning of warnings ?? []) process.stderr.write(`warning: ${warning.message}\n`);
}

/** Builds `?name=value&...` from the defined values, or an empty string. */
export function queryString(values: Readonly<Record<string, string | number | undefined>>): string {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') parameters.set(name, String(value));
  }
  const text = parameters.toString();
  return text === '' ? '' : `?${text}`;
}

/** Reads a non-negative integer flag; commander passes flag values as strings. */
export function integerFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) {
    throw new CliError(`Invalid --${name} "${text}": expected a non-negative integer.`);
  }
  return Number(text);
}

/** Prints a write's result: JSON with --json, else one line; warnings go to stderr either way. */
export function printChange(
  flags: AdminFlags,
  response: { warnings?: readonly AdminWarning[] },
  message: string,
): void {
  printWarnings(response.warnings);
  if (flags.json) printJson(response);
  else printLine(message);
}
