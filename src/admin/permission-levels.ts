/**
 * Permission levels an administrator can give a user. `user` is the default of every new user,
 * and SCIM never sets or changes a level. `auditor` reads the activity log and settings without
 * changing them, `database-admin` manages data-source access, and `admin` manages everything.
 */
export const PERMISSION_LEVELS = ['user', 'auditor', 'database-admin', 'admin'] as const;

export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

export const DEFAULT_PERMISSION_LEVEL: PermissionLevel = 'user';

export function isPermissionLevel(value: unknown): value is PermissionLevel {
  return typeof value === 'string' && (PERMISSION_LEVELS as readonly string[]).includes(value);
}
