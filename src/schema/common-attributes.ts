import { defineAttribute as attr, deepFreeze, type AttributeDefinition } from './attribute.js';

/**
 * Attributes every resource has (RFC 7643 §3.1). They belong to no schema URN, so /Schemas does
 * not list them, but filters, sorting and projection resolve them like any other attribute.
 */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = deepFreeze([
  attr('id', 'string', 'Identifier issued by the server.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attr('externalId', 'string', 'Identifier issued by the provisioning client.', {
    caseExact: true,
  }),
  attr('meta', 'complex', 'Resource metadata.', {
    mutability: 'readOnly',
    subAttributes: [
      attr('resourceType', 'string', 'Name of the resource type.', {
        caseExact: true,
        mutability: 'readOnly',
      }),
      attr('created', 'dateTime', 'When the resource was created.', { mutability: 'readOnly' }),
      attr('lastModified', 'dateTime', 'When the resource was last changed.', {
        mutability: 'readOnly',
      }),
      attr('location', 'reference', 'URI of the resource.', {
        caseExact: true,
        mutability: 'readOnly',
      }),
      attr('version', 'string', "Weak entity tag of the resource's current version.", {
        caseExact: true,
        mutability: 'readOnly',
      }),
    ],
  }),
]);
