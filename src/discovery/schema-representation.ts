import type { AttributeDefinition, SchemaDefinition } from '../schema/attribute.js';

export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** Renders an attribute definition as RFC 7643 §7 lists it in /Schemas. */
function renderAttribute(attribute: AttributeDefinition): Record<string, unknown> {
  const rendered: Record<string, unknown> = {
    name: attribute.name,
    type: attribute.type,
    multiValued: attribute.multiValued,
    description: attribute.description,
    required: attribute.required,
    caseExact: attribute.caseExact,
    mutability: attribute.mutability,
    returned: attribute.returned,
    uniqueness: attribute.uniqueness,
  };
  if (attribute.canonicalValues !== undefined && attribute.canonicalValues.length > 0) {
    rendered.canonicalValues = attribute.canonicalValues;
  }
  if (attribute.referenceTypes !== undefined) rendered.referenceTypes = attribute.referenceTypes;
  if (attribute.subAttributes !== undefined) {
    rendered.subAttributes = attribute.subAttributes.map(renderAttribute);
  }
  return rendered;
}

/** Renders a schema resource (RFC 7643 §7) from the definitions the server validates against. */
export function renderSchema(schema: SchemaDefinition, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(renderAttribute),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  };
}
