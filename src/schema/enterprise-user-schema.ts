import { defineAttribute as attr, deepFreeze, type SchemaDefinition } from './attribute.js';

export const ENTERPRISE_USER_SCHEMA_ID =
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The enterprise User extension (RFC 7643 §4.3). */
export const ENTERPRISE_USER_SCHEMA: SchemaDefinition = deepFreeze({
  id: ENTERPRISE_USER_SCHEMA_ID,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attr('employeeNumber', 'string', 'Identifier of the user within the organization.'),
    attr('costCenter', 'string', 'Name of a cost center.'),
    attr('organization', 'string', 'Name of an organization.'),
    attr('division', 'string', 'Name of a division.'),
    attr('department', 'string', 'Name of a department.'),
    attr('manager', 'complex', "The user's manager.", {
      subAttributes: [
        attr('value', 'string', "Identifier of the manager's User resource."),
        attr('$ref', 'reference', "URI of the manager's User resource.", {
          referenceTypes: ['User'],
        }),
        attr('displayName', 'string', 'Display name of the manager.', {
          mutability: 'readOnly',
        }),
      ],
    }),
  ],
});
