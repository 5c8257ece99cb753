import type { SchemaDefinition } from './attribute.js';
import { ENTERPRISE_USER_SCHEMA } from './enterprise-user-schema.js';
import { GROUP_SCHEMA } from './group-schema.js';
import { USER_SCHEMA } from './user-schema.js';

export type ResourceTypeId = 'User' | 'Group';

/** A resource type (RFC 7643 §6): an endpoint, its core schema and its extensions. */
export interface ResourceType {
  readonly id: ResourceTypeId;
  readonly name: ResourceTypeId;
  readonly endpoint: '/Users' | '/Groups';
  readonly description: string;
  readonly schema: SchemaDefinition;
  readonly extensions: readonly { readonly schema: SchemaDefinition; readonly required: boolean }[];
}

export const USER_RESOURCE_TYPE: ResourceType = Object.freeze({
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: USER_SCHEMA,
  extensions: Object.freeze([Object.freeze({ schema: ENTERPRISE_USER_SCHEMA, required: false })]),
});

export const GROUP_RESOURCE_TYPE: ResourceType = Object.freeze({
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group, served as a role of the organization',
  schema: GROUP_SCHEMA,
  extensions: Object.freeze([]),
});

export const RESOURCE_TYPES: readonly ResourceType[] = Object.freeze([
  USER_RESOURCE_TYPE,
  GROUP_RESOURCE_TYPE,
]);

/** Every schema the server implements, in the order /Schemas lists them. */
export const ALL_SCHEMAS: readonly SchemaDefinition[] = Object.freeze([
  USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
]);

/** Schemas of a resource type: the core schema first, then its extensions. */
export function schemasOf(resourceType: ResourceType): SchemaDefinition[] {
  return [resourceType.schema, ...resourceType.extensions.map((extension) => extension.schema)];
}
