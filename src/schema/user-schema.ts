import {
  defineAttribute as attr,
  deepFreeze,
  type AttributeDefinition,
  type SchemaDefinition,
} from './attribute.js';

export const USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** `type`, `primary`, `display` and `value`: the usual sub-attributes of multi-valued attributes (RFC 7643 §2.4). */
function multiValuedParts(
  valueType: 'string' | 'reference' | 'binary',
  valueDescription: string,
  typeValues: readonly string[],
  referenceTypes?: readonly string[],
): AttributeDefinition[] {
  const value =
    referenceTypes === undefined
      ? attr('value', valueType, valueDescription)
      : attr('value', valueType, valueDescription, { referenceTypes });
  return [
    value,
    attr('display', 'string', 'Human-readable label of the value.'),
    attr('type', 'string', "Label of the value's function.", { canonicalValues: typeValues }),
    attr(
      'primary',
      'boolean',
      'Whether this is the preferred value; at most one value is primary.',
    ),
  ];
}

const NAME_PARTS = [
  attr('formatted', 'string', 'Full name for display, including titles and suffixes.'),
  attr('familyName', 'string', 'Family name (last name in most Western languages).', {
    required: true,
  }),
  attr('givenName', 'string', 'Given name (first name in most Western languages).', {
    required: true,
  }),
  attr('middleName', 'string', 'Middle name or names.'),
  attr('honorificPrefix', 'string', 'Honorific prefix such as "Ms.".'),
  attr('honorificSuffix', 'string', 'Honorific suffix such as "III".'),
];

const ADDRESS_PARTS = [
  attr('formatted', 'string', 'Full mailing address for display.'),
  attr('streetAddress', 'string', 'Street address, possibly with several lines.'),
  attr('locality', 'string', 'City or locality.'),
  attr('region', 'string', 'State or region.'),
  attr('postalCode', 'string', 'Zip or postal code.'),
  attr('country', 'string', 'Country as an ISO 3166-1 alpha-2 code.'),
  attr('type', 'string', "Label of the address's function.", {
    canonicalValues: ['work', 'home', 'other'],
  }),
  attr('primary', 'boolean', 'Whether this is the preferred mailing address.'),
];

/** The core User schema (RFC 7643 §4.1), without the common attributes id, externalId and meta. */
export const USER_SCHEMA: SchemaDefinition = deepFreeze({
  id: USER_SCHEMA_ID,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr('userName', 'string', 'Unique identifier of the user, usually an email address.', {
      required: true,
      uniqueness: 'server',
    }),
    attr(
      'name',
      'complex',
      "Components of the user's name; givenName and familyName are required.",
      {
        required: true,
        subAttributes: NAME_PARTS,
      },
    ),
    attr('displayName', 'string', 'Name of the user for display to end users.'),
    attr('nickName', 'string', 'Casual name of the user.'),
    attr('profileUrl', 'reference', "URL of the user's online profile.", {
      referenceTypes: ['external'],
    }),
    attr('title', 'string', 'Job title, such as "Vice President".'),
    attr('userType', 'string', 'Relationship between the organization and the user.'),
    attr('preferredLanguage', 'string', 'Preferred written or spoken language (RFC 7231 §5.3.5).'),
    attr('locale', 'string', 'Default location for localizing dates and numbers, such as "en-US".'),
    attr('timezone', 'string', 'Time zone in IANA format, such as "America/Los_Angeles".'),
    attr('active', 'boolean', 'Whether the user may sign in; false means suspended.'),
    attr(
      'password',
      'string',
      'Clear-text password on input; never stored in clear nor returned.',
      {
        mutability: 'writeOnly',
        returned: 'never',
      },
    ),
    attr('emails', 'complex', 'Email addresses of the user.', {
      multiValued: true,
      subAttributes: multiValuedParts('string', 'Email address.', ['work', 'home', 'other']),
    }),
    attr('phoneNumbers', 'complex', 'Phone numbers of the user.', {
      multiValued: true,
      subAttributes: multiValuedParts('string', 'Phone number (RFC 3966).', [
        'work',
        'home',
        'mobile',
        'fax',
        'pager',
        'other',
      ]),
    }),
    attr('ims', 'complex', 'Instant messaging addresses of the user.', {
      multiValued: true,
      subAttributes: multiValuedParts('string', 'Instant messaging address.', [
        'aim',
        'gtalk',
        'icq',
        'xmpp',
        'msn',
        'skype',
        'qq',
        'yahoo',
      ]),
    }),
    attr('photos', 'complex', 'URLs of images of the user.', {
      multiValued: true,
      subAttributes: multiValuedParts(
        'reference',
        'URL of an image.',
        ['photo', 'thumbnail'],
        ['external'],
      ),
    }),
    attr('addresses', 'complex', 'Physical mailing addresses of the user.', {
      multiValued: true,
      subAttributes: ADDRESS_PARTS,
    }),
    attr(
      'groups',
      'complex',
      'Roles the user belongs to; change them through the Group resource.',
      {
        multiValued: true,
        mutability: 'readOnly',
        subAttributes: [
          attr('value', 'string', 'Identifier of the role.', { mutability: 'readOnly' }),
          attr('$ref', 'reference', 'URI of the role.', {
            mutability: 'readOnly',
            referenceTypes: ['Group'],
          }),
          attr('display', 'string', 'Name of the role.', { mutability: 'readOnly' }),
          attr('type', 'string', 'How the user belongs to the role.', {
            mutability: 'readOnly',
            canonicalValues: ['direct', 'indirect'],
          }),
        ],
      },
    ),
    attr('entitlements', 'complex', 'Entitlements of the user.', {
      multiValued: true,
      subAttributes: multiValuedParts('string', 'Entitlement.', []),
    }),
    attr('roles', 'complex', 'Roles of the user as the identity provider describes them.', {
      multiValued: true,
      subAttributes: multiValuedParts('string', 'Role.', []),
    }),
    attr('x509Certificates', 'complex', 'X.509 certificates of the user.', {
      multiValued: true,
      subAttributes: multiValuedParts('binary', 'DER-encoded certificate, base64.', []),
    }),
  ],
});
