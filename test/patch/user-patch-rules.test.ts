import { describe, it } from 'vitest';

import {
  alice,
  aliceWithout,
  BOB_ID,
  checkCase,
  ENTERPRISE,
  rowsOf,
  USER_ID,
  type PatchCase,
} from './patch-harness.js';

const WORK_EMAIL = { value: 'alice@example.test', type: 'work', primary: true };
const HOME_EMAIL = { value: 'alice@home.example', type: 'home' };

/** RFC 7644 §3.5.2 rules on User resources; `only` marks rows whose outcome depends on the flavour. */
const USER_CASES: PatchCase[] = [
  // Attribute paths (RFC 7644 §3.5.2.1, §3.5.2.3).
  {
    name: 'replace of a simple attribute',
    operations: [{ op: 'replace', path: 'displayName', value: 'Alice A' }],
    expected: alice({ displayName: 'Alice A' }),
  },
  {
    name: 'add of an absent simple attribute',
    operations: [{ op: 'add', path: 'nickName', value: 'Al' }],
    expected: alice({ nickName: 'Al' }),
  },
  {
    name: 'add of a present simple attribute replaces it',
    operations: [{ op: 'add', path: 'displayName', value: 'Alice B' }],
    expected: alice({ displayName: 'Alice B' }),
  },
  {
    name: 'attribute names are case-insensitive',
    operations: [{ op: 'replace', path: 'DISPLAYNAME', value: 'Alice C' }],
    expected: alice({ displayName: 'Alice C' }),
  },
  {
    name: 'core-URN-qualified path',
    operations: [
      { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:title', value: 'CTO' },
    ],
    expected: alice({ title: 'CTO' }),
  },
  {
    name: 'sub-attribute path',
    operations: [{ op: 'replace', path: 'name.givenName', value: 'Alicia' }],
    expected: alice({
      name: { givenName: 'Alicia', familyName: 'Example', formatted: 'Alice Example' },
    }),
  },
  {
    name: 'replace of a complex attribute merges sub-attributes',
    operations: [{ op: 'replace', path: 'name', value: { middleName: 'Q', GIVENNAME: 'Al' } }],
    expected: alice({
      name: { givenName: 'Al', familyName: 'Example', formatted: 'Alice Example', middleName: 'Q' },
    }),
  },
  {
    name: 'add of a complex attribute merges sub-attributes',
    operations: [{ op: 'add', path: 'name', value: { honorificPrefix: 'Dr.' } }],
    expected: alice({
      name: {
        givenName: 'Alice',
        familyName: 'Example',
        formatted: 'Alice Example',
        honorificPrefix: 'Dr.',
      },
    }),
  },
  {
    name: 'remove of a simple attribute',
    document: alice({ title: 'CTO' }),
    operations: [{ op: 'remove', path: 'title' }],
    expected: alice(),
  },
  {
    name: 'remove of an absent attribute changes nothing',
    operations: [{ op: 'remove', path: 'nickName' }],
    expected: alice(),
  },
  {
    name: 'remove of a sub-attribute',
    operations: [{ op: 'remove', path: 'name.formatted' }],
    expected: alice({ name: { givenName: 'Alice', familyName: 'Example' } }),
  },
  {
    name: 'replace with null unassigns the attribute',
    document: alice({ nickName: 'Al' }),
    operations: [{ op: 'replace', path: 'nickName', value: null }],
    expected: alice(),
  },
  {
    name: 'add with null changes nothing',
    document: alice({ nickName: 'Al' }),
    operations: [{ op: 'add', path: 'nickName', value: null }],
    expected: alice({ nickName: 'Al' }),
  },
  {
    name: 'externalId is a writable common attribute',
    operations: [{ op: 'add', path: 'externalId', value: '00u1' }],
    expected: alice({ externalId: '00u1' }),
  },

  // Multi-valued attributes without a filter.
  {
    name: 'add appends to a multi-valued attribute',
    operations: [{ op: 'add', path: 'emails', value: [HOME_EMAIL] }],
    expected: alice({ emails: [WORK_EMAIL, HOME_EMAIL] }),
  },
  {
    name: 're-adding an existing value changes nothing',
    operations: [
      { op: 'add', path: 'emails', value: [{ value: 'ALICE@example.test', type: 'work' }] },
    ],
    expected: alice(),
  },
  {
    name: 'a new primary value unsets the old one',
    operations: [{ op: 'add', path: 'emails', value: [{ ...HOME_EMAIL, primary: true }] }],
    expected: alice({
      emails: [
        { ...WORK_EMAIL, primary: false },
        { ...HOME_EMAIL, primary: true },
      ],
    }),
  },
  {
    name: 're-adding an older value as primary moves primary to it',
    document: alice({ emails: [HOME_EMAIL, WORK_EMAIL] }),
    operations: [{ op: 'add', path: 'emails', value: [{ ...HOME_EMAIL, primary: true }] }],
    expected: alice({
      emails: [
        { ...HOME_EMAIL, primary: true },
        { ...WORK_EMAIL, primary: false },
      ],
    }),
  },
  {
    name: 'add dedupes addresses whatever their key order',
    document: alice({ addresses: [{ type: 'work', locality: 'Lyon' }] }),
    operations: [{ op: 'add', path: 'addresses', value: [{ locality: 'Lyon', type: 'work' }] }],
    expected: alice({ addresses: [{ type: 'work', locality: 'Lyon' }] }),
  },
  {
    name: 'replace swaps the whole list',
    operations: [{ op: 'replace', path: 'emails', value: [HOME_EMAIL] }],
    expected: alice({ emails: [HOME_EMAIL] }),
  },
  {
    name: 'replace with an empty list clears the attribute',
    operations: [{ op: 'replace', path: 'emails', value: [] }],
    expected: aliceWithout('emails'),
  },
  {
    name: 'remove without a filter clears the attribute',
    operations: [{ op: 'remove', path: 'emails' }],
    expected: aliceWithout('emails'),
  },
  {
    name: 'remove of listed values is rejected on generic',
    only: ['generic'],
    document: alice({ emails: [WORK_EMAIL, HOME_EMAIL] }),
    operations: [{ op: 'remove', path: 'emails', value: [{ value: HOME_EMAIL.value }] }],
    error: { scimType: 'invalidSyntax', detail: 'Operations[0]: A remove of "emails"' },
  },
  {
    name: 'remove of listed values removes only those',
    only: ['okta', 'azure'],
    document: alice({ emails: [WORK_EMAIL, HOME_EMAIL] }),
    operations: [{ op: 'remove', path: 'emails', value: [{ value: HOME_EMAIL.value }] }],
    expected: alice({ emails: [WORK_EMAIL] }),
    fired: ['remove-members-by-value'],
  },
  {
    name: 'a single value for a multi-valued attribute',
    operations: [{ op: 'add', path: 'emails', value: HOME_EMAIL }],
    expected: alice({ emails: [WORK_EMAIL, HOME_EMAIL] }),
  },
  {
    name: 'a multi-valued value of the wrong type',
    operations: [{ op: 'add', path: 'emails', value: 5 }],
    error: { scimType: 'invalidValue', detail: 'Attribute "emails[0]" must be a JSON object' },
  },
  {
    name: 'a sub-attribute of every value needs a filter',
    operations: [{ op: 'replace', path: 'emails.value', value: 'x@example.test' }],
    error: { scimType: 'invalidPath', detail: 'emails[type eq "work"].value' },
  },

  // Value filters (RFC 7644 §3.5.2.2, §3.5.2.3).
  {
    name: 'replace of a sub-attribute through a filter',
    operations: [
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'alice2@example.test' },
    ],
    expected: alice({ emails: [{ ...WORK_EMAIL, value: 'alice2@example.test' }] }),
  },
  {
    name: 'filter attribute names and values follow caseExact',
    operations: [
      { op: 'replace', path: 'EMAILS[TYPE eq "WORK"].VALUE', value: 'alice3@example.test' },
    ],
    expected: alice({ emails: [{ ...WORK_EMAIL, value: 'alice3@example.test' }] }),
  },
  {
    name: 'replace of an address part through a filter',
    document: alice({ addresses: [{ type: 'work', locality: 'Lyon' }] }),
    operations: [{ op: 'replace', path: 'addresses[type eq "work"].formatted', value: 'Bldg 1' }],
    expected: alice({ addresses: [{ type: 'work', locality: 'Lyon', formatted: 'Bldg 1' }] }),
  },
  {
    name: 'replace of whole matching values',
    document: alice({ phoneNumbers: [{ type: 'mobile', value: '555-0100', display: 'old' }] }),
    operations: [
      {
        op: 'replace',
        path: 'phoneNumbers[type eq "mobile"]',
        value: { type: 'mobile', value: '555-0199' },
      },
    ],
    expected: alice({ phoneNumbers: [{ type: 'mobile', value: '555-0199' }] }),
  },
  {
    name: 'add through a filter merges into matching values',
    operations: [{ op: 'add', path: 'emails[type eq "work"]', value: { display: 'Work' } }],
    expected: alice({ emails: [{ ...WORK_EMAIL, display: 'Work' }] }),
  },
  {
    name: 'primary set through a filter unsets the old primary',
    document: alice({ emails: [WORK_EMAIL, HOME_EMAIL] }),
    operations: [{ op: 'replace', path: 'emails[type eq "home"].primary', value: true }],
    expected: alice({
      emails: [
        { ...WORK_EMAIL, primary: false },
        { ...HOME_EMAIL, primary: true },
      ],
    }),
  },
  {
    name: 'remove through a filter',
    document: alice({ emails: [WORK_EMAIL, HOME_EMAIL] }),
    operations: [{ op: 'remove', path: 'emails[type eq "home"]' }],
    expected: alice(),
  },
  {
    name: 'remove of the last value unassigns the attribute',
    operations: [{ op: 'remove', path: 'emails[value eq "alice@example.test"]' }],
    expected: aliceWithout('emails'),
  },
  {
    name: 'remove through a filter that matches nothing changes nothing',
    operations: [{ op: 'remove', path: 'emails[type eq "home"]' }],
    expected: alice(),
  },
  {
    name: 'remove of a sub-attribute through a filter',
    document: alice({ emails: [{ ...WORK_EMAIL, display: 'Work' }] }),
    operations: [{ op: 'remove', path: 'emails[type eq "work"].display' }],
    expected: alice(),
  },
  {
    name: 'remove of the value sub-attribute drops the whole value',
    document: alice({ emails: [WORK_EMAIL, HOME_EMAIL] }),
    operations: [{ op: 'remove', path: 'emails[type eq "home"].value' }],
    expected: alice(),
  },
  {
    name: 'replace through a filter that matches nothing',
    only: ['generic'],
    operations: [
      { op: 'replace', path: 'emails[type eq "home"].value', value: 'alice@home.example' },
    ],
    error: { scimType: 'noTarget', detail: 'Operations[0]: No value of "emails" matches' },
  },
  {
    name: 'add through a filter that matches nothing',
    only: ['generic'],
    operations: [{ op: 'add', path: 'emails[type eq "home"].value', value: 'alice@home.example' }],
    error: { scimType: 'noTarget', detail: '/provisioning/okta/v2 and /provisioning/azure/v2' },
  },
  {
    name: 'replace through a filter that matches nothing creates the value',
    only: ['okta', 'azure'],
    operations: [
      { op: 'replace', path: 'emails[type eq "home"].value', value: 'alice@home.example' },
    ],
    expected: alice({ emails: [WORK_EMAIL, HOME_EMAIL] }),
    fired: ['add-missing-filtered-value'],
  },
  {
    name: 'add through a filter that matches nothing creates the value',
    only: ['okta', 'azure'],
    document: aliceWithout('emails'),
    operations: [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'alice@example.test' }],
    expected: alice({ emails: [{ type: 'work', value: 'alice@example.test' }] }),
    fired: ['add-missing-filtered-value', 'op-case'],
  },
  {
    name: 'a created value takes every eq comparison of the filter',
    only: ['okta', 'azure'],
    operations: [
      {
        op: 'add',
        path: 'phoneNumbers[type eq "mobile" and primary eq true]',
        value: { value: '555-0100' },
      },
    ],
    expected: alice({ phoneNumbers: [{ type: 'mobile', primary: true, value: '555-0100' }] }),
  },
  {
    name: 'sub-attribute after a filter in any case',
    only: ['okta', 'azure'],
    operations: [
      { op: 'Replace', path: 'emails[type eq "other"].Value', value: 'alias@example.test' },
      { op: 'Replace', path: 'addresses[type eq "other"].Formatted', value: 'Desk 4' },
    ],
    expected: alice({
      emails: [WORK_EMAIL, { type: 'other', value: 'alias@example.test' }],
      addresses: [{ type: 'other', formatted: 'Desk 4' }],
    }),
  },
  {
    name: 'created address part',
    only: ['okta', 'azure'],
    operations: [{ op: 'add', path: 'addresses[type eq "work"].formatted', value: 'Bldg 1' }],
    expected: alice({ addresses: [{ type: 'work', formatted: 'Bldg 1' }] }),
  },
  {
    name: 'no value is created from a filter other than eq',
    operations: [{ op: 'replace', path: 'emails[type co "ho"].value', value: 'x@example.test' }],
    error: { scimType: 'noTarget', detail: '"eq" comparisons joined by "and"' },
  },
  {
    name: 'a filter on an unknown sub-attribute',
    operations: [{ op: 'remove', path: 'emails[kind eq "work"]' }],
    error: { scimType: 'invalidPath', detail: 'kind' },
  },
  {
    name: 'an unknown sub-attribute after a filter',
    operations: [{ op: 'replace', path: 'emails[type eq "work"].address', value: 'x' }],
    error: { scimType: 'invalidPath', detail: '"address"' },
  },

  // Path-less operations.
  {
    name: 'path-less replace of active (Okta deactivation)',
    operations: [{ op: 'replace', value: { active: false } }],
    expected: alice({ active: false }),
  },
  {
    name: 'path-less add of several attributes',
    operations: [
      {
        op: 'add',
        value: { Title: 'CTO', emails: [HOME_EMAIL], name: { middleName: 'Q' } },
      },
    ],
    expected: alice({
      title: 'CTO',
      emails: [WORK_EMAIL, HOME_EMAIL],
      name: {
        givenName: 'Alice',
        familyName: 'Example',
        formatted: 'Alice Example',
        middleName: 'Q',
      },
    }),
  },
  {
    name: 'path-less value merges the extension object',
    document: alice({ [ENTERPRISE]: { department: 'Sales', costCenter: 'C1' } }),
    operations: [{ op: 'replace', value: { [ENTERPRISE]: { department: 'Retail' } } }],
    expected: alice({ [ENTERPRISE]: { department: 'Retail', costCenter: 'C1' } }),
  },
  {
    name: 'path-less value ignores unknown attributes and notes them',
    operations: [{ op: 'replace', value: { favouriteColour: 'blue', displayName: 'A' } }],
    expected: alice({ displayName: 'A' }),
    ignored: ['favouriteColour'],
  },
  {
    name: 'path-less value ignores schemas',
    operations: [
      {
        op: 'replace',
        value: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], nickName: 'Al' },
      },
    ],
    expected: alice({ nickName: 'Al' }),
  },
  {
    name: 'path-less value must be an object',
    operations: [{ op: 'replace', value: 'Alice' }],
    error: { scimType: 'invalidValue', detail: 'without "path" must carry an object' },
  },
  {
    name: 'path-less value with a key twice in different case',
    operations: [{ op: 'replace', value: { nickName: 'A', NICKNAME: 'B' } }],
    error: { scimType: 'invalidValue', detail: 'appears twice' },
  },
  {
    name: 'path-less value carrying the own id',
    operations: [{ op: 'replace', value: { id: USER_ID, nickName: 'Al' } }],
    expected: alice({ nickName: 'Al' }),
  },
  {
    name: 'path-less value carrying another id',
    operations: [{ op: 'replace', value: { id: BOB_ID, nickName: 'Al' } }],
    error: { scimType: 'mutability', detail: BOB_ID },
  },
  {
    name: 'dotted keys are rejected on generic',
    only: ['generic'],
    operations: [{ op: 'replace', value: { 'name.givenName': 'Alicia' } }],
    error: { scimType: 'invalidPath', detail: '"name.givenName"' },
  },
  {
    name: 'dotted and URN keys expand to paths',
    only: ['okta', 'azure'],
    operations: [
      {
        op: 'replace',
        value: {
          displayName: 'Alicia Example',
          'name.givenName': 'Alicia',
          'NAME.familyName': 'Exemplary',
          [`${ENTERPRISE}:employeeNumber`]: 'E-1',
        },
      },
    ],
    expected: alice({
      displayName: 'Alicia Example',
      name: { givenName: 'Alicia', familyName: 'Exemplary', formatted: 'Alice Example' },
      [ENTERPRISE]: { employeeNumber: 'E-1' },
    }),
    fired: ['dotted-keys'],
  },

  // Enterprise extension (RFC 7643 §4.3).
  {
    name: 'URN-qualified extension attribute',
    operations: [{ op: 'add', path: `${ENTERPRISE}:department`, value: 'Retail' }],
    expected: alice({ [ENTERPRISE]: { department: 'Retail' } }),
  },
  {
    name: 'bare extension URN with an object value',
    document: alice({ [ENTERPRISE]: { division: 'North' } }),
    operations: [
      { op: 'add', path: ENTERPRISE, value: { department: 'Retail', costCenter: 'C1' } },
    ],
    expected: alice({
      [ENTERPRISE]: { division: 'North', department: 'Retail', costCenter: 'C1' },
    }),
  },
  {
    name: 'unqualified extension attribute in a path',
    operations: [{ op: 'replace', path: 'department', value: 'Retail' }],
    expected: alice({ [ENTERPRISE]: { department: 'Retail' } }),
  },
  {
    name: 'core schema URN as a path',
    operations: [
      {
        op: 'add',
        path: 'urn:ietf:params:scim:schemas:core:2.0:User',
        value: { nickName: 'Al', [ENTERPRISE]: { division: 'North' } },
      },
    ],
    expected: alice({ nickName: 'Al', [ENTERPRISE]: { division: 'North' } }),
  },
  {
    name: 'remove of the core schema URN',
    operations: [{ op: 'remove', path: 'urn:ietf:params:scim:schemas:core:2.0:User' }],
    error: { scimType: 'invalidPath', detail: 'whole core schema' },
  },
  {
    name: 'schema URN of another resource type',
    operations: [{ op: 'remove', path: 'urn:ietf:params:scim:schemas:core:2.0:Group' }],
    error: { scimType: 'invalidPath', detail: 'User resources do not use' },
  },
  {
    name: 'remove of a bare extension URN',
    document: alice({ [ENTERPRISE]: { division: 'North' } }),
    operations: [{ op: 'remove', path: ENTERPRISE }],
    expected: alice(),
  },
  {
    name: 'removing the last extension attribute removes the extension',
    document: alice({ [ENTERPRISE]: { division: 'North' } }),
    operations: [{ op: 'remove', path: `${ENTERPRISE}:division` }],
    expected: alice(),
  },
  {
    name: 'manager as an object',
    operations: [{ op: 'replace', path: `${ENTERPRISE}:manager`, value: { value: BOB_ID } }],
    expected: alice({ [ENTERPRISE]: { manager: { value: BOB_ID } } }),
  },
  {
    name: 'manager as a bare string is rejected on generic',
    only: ['generic'],
    operations: [{ op: 'replace', path: `${ENTERPRISE}:manager`, value: BOB_ID }],
    error: { scimType: 'invalidValue', detail: 'bare string' },
  },
  {
    name: 'manager as a bare string',
    only: ['okta', 'azure'],
    operations: [{ op: 'Add', path: `${ENTERPRISE}:manager`, value: BOB_ID }],
    expected: alice({ [ENTERPRISE]: { manager: { value: BOB_ID } } }),
    fired: ['bare-value-string'],
  },
  {
    name: 'manager.value sub-attribute',
    operations: [{ op: 'replace', path: `${ENTERPRISE}:manager.value`, value: BOB_ID }],
    expected: alice({ [ENTERPRISE]: { manager: { value: BOB_ID } } }),
  },
  {
    name: 'manager.displayName is read-only',
    operations: [{ op: 'replace', path: `${ENTERPRISE}:manager.displayName`, value: 'Bob' }],
    error: { scimType: 'mutability', detail: 'manager.displayName' },
  },
  {
    name: 'manager removal by filter is rejected on generic',
    only: ['generic'],
    document: alice({ [ENTERPRISE]: { manager: { value: BOB_ID } } }),
    operations: [{ op: 'remove', path: `manager[value eq "${BOB_ID}"]` }],
    error: { scimType: 'invalidPath', detail: 'single-valued' },
  },
  {
    name: 'manager removal by a matching filter',
    only: ['okta', 'azure'],
    document: alice({ [ENTERPRISE]: { manager: { value: BOB_ID }, department: 'Retail' } }),
    operations: [{ op: 'Remove', path: `${ENTERPRISE}:manager[value eq "${BOB_ID}"]` }],
    expected: alice({ [ENTERPRISE]: { department: 'Retail' } }),
    fired: ['remove-manager-by-filter'],
  },
  {
    name: 'manager removal by a filter that does not match',
    only: ['okta', 'azure'],
    document: alice({ [ENTERPRISE]: { manager: { value: BOB_ID } } }),
    operations: [{ op: 'remove', path: 'manager[value eq "a-ffffffff61716688"]' }],
    expected: alice({ [ENTERPRISE]: { manager: { value: BOB_ID } } }),
  },
  {
    name: 'filter on a single-valued attribute for replace',
    operations: [{ op: 'replace', path: 'manager[value eq "x"]', value: { value: BOB_ID } }],
    error: { scimType: 'invalidPath', detail: 'single-valued' },
  },

  // Mutability and required attributes.
  {
    name: 'groups are read-only',
    operations: [{ op: 'add', path: 'groups', value: [{ value: 'r-1f2e3d4c61716688' }] }],
    error: { scimType: 'mutability', detail: 'Operations[0]: Attribute "groups" is read-only' },
  },
  {
    name: 'groups in a path-less value are read-only',
    operations: [{ op: 'replace', value: { groups: [] } }],
    error: { scimType: 'mutability', detail: '"groups"' },
  },
  {
    name: 'meta is read-only',
    operations: [{ op: 'replace', path: 'meta.lastModified', value: '2024-01-01T00:00:00Z' }],
    error: { scimType: 'mutability', detail: '"meta"' },
  },
  {
    name: 'schemas cannot be patched',
    operations: [{ op: 'replace', path: 'schemas', value: [] }],
    error: { scimType: 'mutability', detail: '"schemas"' },
  },
  {
    name: 'replace of id with the own id changes nothing',
    operations: [{ op: 'replace', path: 'id', value: USER_ID }],
    expected: alice(),
  },
  {
    name: 'remove of id',
    operations: [{ op: 'remove', path: 'id' }],
    error: { scimType: 'mutability', detail: '"id"' },
  },
  {
    name: 'remove of userName',
    operations: [{ op: 'remove', path: 'userName' }],
    error: { scimType: 'mutability', detail: '"userName" is required' },
  },
  {
    name: 'remove of name.givenName',
    operations: [{ op: 'remove', path: 'name.givenName' }],
    error: { scimType: 'mutability', detail: '"name.givenName" is required' },
  },
  {
    name: 'remove of name',
    operations: [{ op: 'remove', path: 'name' }],
    error: { scimType: 'mutability', detail: 'is required' },
  },
  {
    name: 'blank family name',
    operations: [{ op: 'replace', path: 'name.familyName', value: '  ' }],
    error: {
      scimType: 'invalidValue',
      detail: '"name.familyName" is required and cannot be blank',
    },
  },
  {
    name: 'remove of active',
    operations: [{ op: 'remove', path: 'active' }],
    error: { scimType: 'mutability', detail: '"active"' },
  },

  // Types, through the same validation as POST and PUT.
  {
    name: 'a string for a string attribute only',
    operations: [{ op: 'replace', path: 'displayName', value: 5 }],
    error: {
      scimType: 'invalidValue',
      detail: 'Operations[0]: Attribute "displayName" must be a string',
    },
  },
  {
    name: 'boolean as a string is rejected on generic',
    only: ['generic'],
    operations: [{ op: 'replace', path: 'active', value: 'False' }],
    error: { scimType: 'invalidValue', detail: 'JSON boolean' },
  },
  {
    name: 'boolean as a string (Entra without aadOptscim062020)',
    only: ['okta', 'azure'],
    operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    expected: alice({ active: false }),
    fired: ['string-boolean', 'op-case'],
  },
  {
    name: 'JSON boolean (Entra with aadOptscim062020)',
    operations: [{ op: 'replace', path: 'active', value: false }],
    expected: alice({ active: false }),
  },
  {
    name: 'read-only sub-attributes in a value are dropped',
    operations: [
      {
        op: 'replace',
        path: `${ENTERPRISE}:manager`,
        value: { value: BOB_ID, displayName: 'Bob' },
      },
    ],
    expected: alice({ [ENTERPRISE]: { manager: { value: BOB_ID } } }),
  },

  // Unknown paths.
  {
    name: 'unknown attribute in a path',
    operations: [{ op: 'replace', path: 'favouriteColour', value: 'blue' }],
    error: { scimType: 'invalidPath', detail: '"favouriteColour" is not defined' },
  },
  {
    name: 'unknown sub-attribute in a path',
    operations: [{ op: 'replace', path: 'name.nickname', value: 'x' }],
    error: { scimType: 'invalidPath', detail: '"nickname" is not a sub-attribute of "name"' },
  },
  {
    name: 'unknown schema URN in a path',
    operations: [
      { op: 'add', path: 'urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge', value: 'x' },
    ],
    error: { scimType: 'invalidPath', detail: 'is not a schema of User resources' },
  },

  // Password (write-only).
  {
    name: 'replace of password',
    operations: [{ op: 'replace', path: 'password', value: 'correct horse' }],
    expected: alice(),
    password: 'correct horse',
  },
  {
    name: 'path-less password (Okta password sync)',
    operations: [{ op: 'replace', value: { password: 'battery staple' } }],
    expected: alice(),
    password: 'battery staple',
  },
  {
    name: 'remove of password',
    operations: [{ op: 'remove', path: 'password' }],
    error: { scimType: 'mutability', detail: '"password" is write-only' },
  },

  // Several operations in one request.
  {
    name: 'operations apply in order',
    operations: [
      { op: 'add', path: 'nickName', value: 'Al' },
      { op: 'replace', path: 'nickName', value: 'Ally' },
      { op: 'add', path: 'emails', value: [HOME_EMAIL] },
      { op: 'remove', path: 'emails[type eq "work"]' },
    ],
    expected: alice({ nickName: 'Ally', emails: [HOME_EMAIL] }),
  },
  {
    name: 'the error names the index of the failing operation',
    operations: [
      { op: 'add', path: 'nickName', value: 'Al' },
      { op: 'replace', path: 'title', value: 'CTO' },
      { op: 'replace', path: 'groups', value: [] },
    ],
    error: { scimType: 'mutability', detail: 'Operations[2]: ' },
  },
];

describe('PATCH on users', () => {
  it.each(rowsOf(USER_CASES))('%s', (_title, flavour, patchCase) => {
    checkCase('User', flavour, patchCase);
  });
});
