/*
 * Table types for kysely. Both backends store timestamps as ISO 8601 UTC text with millisecond
 * precision (so text order is time order), flags as integers 0/1, and SCIM attributes as a JSON
 * document (TEXT on SQLite, JSONB on PostgreSQL; the stores parse either form). On PostgreSQL
 * `attributes_text` keeps the document as written, with its key order, and reads prefer it.
 */

export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface TokensTable {
  id: string;
  organization_id: string;
  /** `provisioning` tokens authenticate SCIM requests; `admin` tokens the admin API. */
  kind: 'provisioning' | 'admin';
  /** IdP flavour whose name marks resources as managed; null for admin tokens. */
  provider: string | null;
  /** SHA-256 of the secret, hex. */
  secret_hash: string;
  /** Last four characters of the secret, to tell tokens apart in listings. */
  secret_hint: string;
  label: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface UsersTable {
  id: string;
  organization_id: string;
  user_name: string;
  /** `user_name` folded to lower case: the uniqueness key and the case-insensitive filter column. */
  user_name_fold: string;
  /** The primary email if the client gave one, else the userName. */
  email: string;
  email_fold: string;
  given_name: string;
  family_name: string;
  display_name: string;
  display_name_fold: string;
  external_id: string | null;
  suspended: number;
  permission_level: string;
  managed_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** SCIM attributes as stored, canonical names, without id, meta, groups, schemas and password. */
  attributes: unknown;
  /** PostgreSQL: `attributes` as written, or NULL where an older version wrote the row. SQLite: NULL. */
  attributes_text: string | null;
  password_hash: string | null;
}

export interface RolesTable {
  id: string;
  organization_id: string;
  name: string;
  name_fold: string;
  external_id: string | null;
  managed_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** SCIM attributes other than members (displayName, externalId). */
  attributes: unknown;
  /** PostgreSQL: `attributes` as written, or NULL where an older version wrote the row. SQLite: NULL. */
  attributes_text: string | null;
}

export interface RoleMembersTable {
  role_id: string;
  user_id: string;
  /** Display label a client sent with the member, if any. */
  display_label: string | null;
  added_at: string;
}

export interface Database {
  organizations: OrganizationsTable;
  tokens: TokensTable;
  users: UsersTable;
  roles: RolesTable;
  role_members: RoleMembersTable;
}
