import { sql, type RawBuilder } from 'kysely';

import type { ResourceType } from '../schema/resource-type.js';
import type { BoundAttribute } from './bound-filter.js';
import type { ElementRows, RowScope, ValueSource } from './sql-value-source.js';

/*
 * How the rendered representation maps onto the tables of src/storage/database-schema.ts. Indexed
 * columns serve id, externalId, userName, displayName, active and meta. The `attributes` JSON
 * document serves every other stored attribute, and `role_members` serves Group members and
 * User groups. Values that a resource renders the same way on every row are fixed sources.
 */

/** The JSON operations the scopes need from a dialect. */
export interface JsonElementSql {
  /** `from` item that yields one row per element of the JSON array at `keys`. */
  arrayElements(
    document: RawBuilder<unknown>,
    keys: readonly string[],
    alias: string,
  ): RawBuilder<unknown>;
  /** The JSON document of the current element row, or NULL if the element is not an object. */
  elementDocument(alias: string): RawBuilder<unknown>;
}

export interface RowScopeOptions {
  /**
   * Group member `display` is the label the client sent with the member when it sent one, else
   * the user's display name (the representation's `memberLabels` mode). Off: always the user's.
   */
  readonly memberLabels?: boolean;
}

/** Stands for values that exist on every element but cannot be compared, like `$ref`. */
const ALWAYS_PRESENT = 'always present';

/** Builds the scope of the resource row for `users` or `roles`. */
export function resourceRowScope(
  resourceType: ResourceType,
  json: JsonElementSql,
  options: RowScopeOptions,
): RowScope {
  return resourceType.id === 'User' ? userRowScope(json) : groupRowScope(json, options);
}

function userRowScope(json: JsonElementSql): RowScope {
  const document = sql.ref('users.attributes');
  const columns: Readonly<Record<string, ValueSource>> = {
    ...commonColumns('users', 'User'),
    userName: folded('users.user_name_fold'),
    displayName: folded('users.display_name_fold'),
    active: { kind: 'flag', expression: sql.ref('users.suspended'), inverted: true },
  };
  return {
    document,
    value: (attribute) => columns[attribute.path] ?? jsonValue(document, attribute),
    elements: (attribute, alias) =>
      attribute.path === 'groups'
        ? userGroupRows(alias)
        : jsonElementRows(json, document, attribute, alias),
  };
}

function groupRowScope(json: JsonElementSql, options: RowScopeOptions): RowScope {
  const document = sql.ref('roles.attributes');
  const columns: Readonly<Record<string, ValueSource>> = {
    ...commonColumns('roles', 'Group'),
    displayName: folded('roles.name_fold'),
  };
  return {
    document,
    value: (attribute) => columns[attribute.path] ?? jsonValue(document, attribute),
    elements: (attribute, alias) =>
      attribute.path === 'members'
        ? groupMemberRows(alias, options)
        : jsonElementRows(json, document, attribute, alias),
  };
}

function commonColumns(
  table: 'users' | 'roles',
  resourceType: string,
): Record<string, ValueSource> {
  const version = sql.ref(`${table}.version`);
  return {
    id: exact(`${table}.id`, false),
    externalId: exact(`${table}.external_id`, true),
    'meta.created': exact(`${table}.created_at`, false),
    'meta.lastModified': exact(`${table}.updated_at`, false),
    'meta.version': {
      kind: 'text',
      expression: sql`('W/"' || cast(${version} as text) || '"')`,
      stored: 'exact',
      nullable: false,
      orderBy: version,
    },
    'meta.resourceType': { kind: 'fixed', value: resourceType },
    'meta.location': { kind: 'fixed', value: ALWAYS_PRESENT },
  };
}

/**
 * `groups` of a user: one row per role membership. Ids are lowercase hex by construction, so
 * folding `role_id` would change nothing and the stored column serves as its own fold.
 */
function userGroupRows(alias: string): ElementRows {
  const members = `${alias}_m`;
  const roles = `${alias}_r`;
  const sources: Readonly<Record<string, ValueSource>> = {
    value: folded(`${members}.role_id`),
    display: folded(`${roles}.name_fold`),
    $ref: { kind: 'fixed', value: ALWAYS_PRESENT },
  };
  return {
    from: sql`role_members as ${sql.id(members)} join roles as ${sql.id(roles)} on ${sql.ref(`${roles}.id`)} = ${sql.ref(`${members}.role_id`)}`,
    correlation: sql`${sql.ref(`${members}.user_id`)} = ${sql.ref('users.id')}`,
    scope: fixedElementScope(sources),
  };
}

/** `members` of a group: one row per member user; member ids are lowercase like role ids. */
function groupMemberRows(alias: string, options: RowScopeOptions): ElementRows {
  const members = `${alias}_m`;
  const users = `${alias}_u`;
  const display: ValueSource = options.memberLabels
    ? {
        kind: 'text',
        expression: sql`coalesce(${sql.ref(`${members}.display_label`)}, ${sql.ref(`${users}.display_name`)})`,
        stored: 'exact',
        nullable: false,
      }
    : folded(`${users}.display_name_fold`);
  const sources: Readonly<Record<string, ValueSource>> = {
    value: folded(`${members}.user_id`),
    display,
    type: { kind: 'fixed', value: 'User' },
    $ref: { kind: 'fixed', value: ALWAYS_PRESENT },
  };
  return {
    from: sql`role_members as ${sql.id(members)} join users as ${sql.id(users)} on ${sql.ref(`${users}.id`)} = ${sql.ref(`${members}.user_id`)}`,
    correlation: sql`${sql.ref(`${members}.role_id`)} = ${sql.ref('roles.id')}`,
    scope: fixedElementScope(sources),
  };
}

/** Element scope of a membership; sub-attributes the representation never renders are absent. */
function fixedElementScope(sources: Readonly<Record<string, ValueSource>>): RowScope {
  return {
    document: sql`null`,
    value: (attribute) => sources[attribute.path] ?? { kind: 'fixed', value: undefined },
    elements: () => {
      throw new Error('membership elements have no multi-valued sub-attributes');
    },
  };
}

function jsonElementRows(
  json: JsonElementSql,
  document: RawBuilder<unknown>,
  attribute: BoundAttribute,
  alias: string,
): ElementRows {
  const element = json.elementDocument(alias);
  return {
    from: json.arrayElements(document, attribute.keys, alias),
    correlation: undefined,
    scope: {
      document: element,
      value: (sub) => jsonValue(element, sub),
      elements: () => {
        throw new Error('JSON elements have no multi-valued sub-attributes');
      },
    },
  };
}

function jsonValue(document: RawBuilder<unknown>, attribute: BoundAttribute): ValueSource {
  return { kind: 'json', document, keys: attribute.keys };
}

function folded(column: string): ValueSource {
  return { kind: 'text', expression: sql.ref(column), stored: 'folded', nullable: false };
}

function exact(column: string, nullable: boolean): ValueSource {
  return { kind: 'text', expression: sql.ref(column), stored: 'exact', nullable };
}
