import { defineAttribute as attr, deepFreeze, type SchemaDefinition } from './attribute.js';

export const GROUP_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** The core Group schema (RFC 7643 §4.2). Groups are the product's roles. */
export const GROUP_SCHEMA: SchemaDefinition = deepFreeze({
  id: GROUP_SCHEMA_ID,
  name: 'Group',
  description: 'Group',
  attributes: [
    attr('displayName', 'string', 'Name of the role, unique in the organization.', {
      required: true,
      uniqueness: 'server',
    }),
    attr('members', 'complex', 'Users that belong to the role. Nested groups are not supported.', {
      multiValued: true,
      subAttributes: [
        attr('value', 'string', 'Identifier of the member user.', { mutability: 'immutable' }),
        attr('$ref', 'reference', 'URI of the member user.', {
          mutability: 'immutable',
          referenceTypes: ['User'],
        }),
        attr('display', 'string', 'Display name of the member user.', {
          mutability: 'immutable',
        }),
        attr('type', 'string', 'Type of the member; only "User" is supported.', {
          mutability: 'immutable',
          canonicalValues: ['User'],
        }),
      ],
    }),
  ],
});
