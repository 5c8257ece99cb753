import { describe, it } from 'vitest';

import {
  BOB_ID,
  CAROL_ID,
  checkCase,
  engTeam,
  ROLE_ID,
  rowsOf,
  USER_ID,
  type PatchCase,
} from './patch-harness.js';

const ROLE_NAME_EMPTY =
  'could not update role name: cannot update role: invalid operation: name cannot be empty';

/** RFC 7644 §3.5.2 rules on Group resources (the product's roles). */
const GROUP_CASES: PatchCase[] = [
  // displayName and externalId.
  {
    name: 'rename',
    operations: [{ op: 'replace', path: 'displayName', value: 'Platform Team' }],
    expected: engTeam({ displayName: 'Platform Team' }),
  },
  {
    name: 'rename by a path-less value carrying the own id (Okta)',
    operations: [{ op: 'replace', value: { id: ROLE_ID, displayName: 'Platform Team' } }],
    expected: engTeam({ displayName: 'Platform Team' }),
  },
  {
    name: 'rename by a path-less value carrying another id',
    operations: [
      { op: 'replace', value: { id: 'r-0000000061716688', displayName: 'Platform Team' } },
    ],
    error: { scimType: 'mutability', detail: 'r-0000000061716688' },
  },
  {
    name: 'rename to an empty name',
    operations: [{ op: 'replace', path: 'displayName', value: '' }],
    error: { scimType: undefined, detail: ROLE_NAME_EMPTY },
  },
  {
    name: 'rename to a blank name',
    operations: [{ op: 'replace', value: { displayName: '   ' } }],
    error: { scimType: undefined, detail: ROLE_NAME_EMPTY },
  },
  {
    name: 'rename to null',
    operations: [{ op: 'replace', path: 'displayName', value: null }],
    error: { scimType: undefined, detail: ROLE_NAME_EMPTY },
  },
  {
    name: 'remove of displayName',
    operations: [{ op: 'remove', path: 'displayName' }],
    error: { scimType: undefined, detail: ROLE_NAME_EMPTY },
  },
  {
    name: 'replace of externalId',
    operations: [{ op: 'replace', path: 'externalId', value: 'okta-00g2' }],
    expected: engTeam({ externalId: 'okta-00g2' }),
  },
  {
    name: 'remove of externalId',
    operations: [{ op: 'remove', path: 'externalId' }],
    expected: { displayName: 'Eng Team' },
  },
  {
    name: 'unknown attribute in a path',
    operations: [{ op: 'replace', path: 'description', value: 'x' }],
    error: { scimType: 'invalidPath', detail: '"description" is not defined' },
  },

  // Members: additions and replacement.
  {
    name: 'add of members',
    operations: [
      {
        op: 'add',
        path: 'members',
        value: [{ value: USER_ID, display: 'alice@example.test' }, { value: BOB_ID }],
      },
    ],
    memberChanges: [
      {
        kind: 'add',
        members: [
          { value: USER_ID, display: 'alice@example.test' },
          { value: BOB_ID, display: undefined },
        ],
      },
    ],
  },
  {
    name: 'add of members with $ref null and no type (Entra)',
    operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: USER_ID }] }],
    only: ['okta', 'azure'],
    memberChanges: [{ kind: 'add', members: [{ value: USER_ID, display: undefined }] }],
  },
  {
    name: 'add of the same member twice in one operation',
    operations: [{ op: 'add', path: 'members', value: [{ value: USER_ID }, { value: USER_ID }] }],
    memberChanges: [{ kind: 'add', members: [{ value: USER_ID, display: undefined }] }],
  },
  {
    name: 'add of an empty member list changes nothing',
    operations: [{ op: 'add', path: 'members', value: [] }],
  },
  {
    name: 'path-less add of members',
    operations: [{ op: 'add', value: { members: [{ value: USER_ID, type: 'User' }] } }],
    memberChanges: [{ kind: 'add', members: [{ value: USER_ID, display: undefined }] }],
  },
  {
    name: 'replace of members',
    operations: [
      { op: 'replace', path: 'members', value: [{ value: USER_ID }, { value: BOB_ID }] },
    ],
    memberChanges: [
      {
        kind: 'replace',
        members: [
          { value: USER_ID, display: undefined },
          { value: BOB_ID, display: undefined },
        ],
      },
    ],
  },
  {
    name: 'replace of members with an empty list (Okta push of an empty group)',
    operations: [{ op: 'replace', path: 'members', value: [] }],
    memberChanges: [{ kind: 'replace', members: [] }],
  },
  {
    name: 'path-less replace of name and members',
    operations: [
      { op: 'replace', value: { displayName: 'Platform Team', members: [{ value: CAROL_ID }] } },
    ],
    expected: engTeam({ displayName: 'Platform Team' }),
    memberChanges: [{ kind: 'replace', members: [{ value: CAROL_ID, display: undefined }] }],
  },
  {
    name: 'member displayName is ignored outside azure',
    only: ['generic', 'okta'],
    operations: [{ op: 'add', path: 'members', value: [{ value: USER_ID, displayName: 'Alice' }] }],
    memberChanges: [{ kind: 'add', members: [{ value: USER_ID, display: undefined }] }],
    ignored: ['members[0].displayName'],
  },
  {
    name: 'member displayName is the display label on azure',
    only: ['azure'],
    operations: [{ op: 'add', path: 'members', value: [{ value: USER_ID, displayName: 'Alice' }] }],
    memberChanges: [{ kind: 'add', members: [{ value: USER_ID, display: 'Alice' }] }],
    fired: ['member-display-label'],
  },

  // Members: invalid ids (checked for form only; the service checks existence).
  {
    name: 'malformed member id',
    operations: [{ op: 'add', path: 'members', value: [{ value: 'string id 1' }] }],
    error: { scimType: undefined, detail: 'cannot parse member id: string id 1' },
  },
  {
    name: 'role id as a member',
    operations: [{ op: 'add', path: 'members', value: [{ value: ROLE_ID }] }],
    error: { scimType: 'invalidValue', detail: `Member "${ROLE_ID}" is a group` },
  },
  {
    name: 'member of type Group',
    operations: [{ op: 'add', path: 'members', value: [{ value: USER_ID, type: 'Group' }] }],
    error: { scimType: 'invalidValue', detail: 'is a group' },
  },
  {
    name: 'member type in any case',
    operations: [{ op: 'add', path: 'members', value: [{ value: USER_ID, type: 'user' }] }],
    memberChanges: [{ kind: 'add', members: [{ value: USER_ID, display: undefined }] }],
  },
  {
    name: 'member without value',
    operations: [{ op: 'add', path: 'members', value: [{ display: 'Alice' }] }],
    error: { scimType: undefined, detail: 'cannot parse member id: null' },
  },
  {
    name: 'member id that is not a string',
    operations: [{ op: 'add', path: 'members', value: [{ value: 42 }] }],
    error: { scimType: 'invalidValue', detail: 'Attribute "members[0].value" must be a string' },
  },
  {
    name: 'bare member id is rejected on generic',
    only: ['generic'],
    operations: [{ op: 'add', path: 'members', value: [USER_ID] }],
    error: { scimType: 'invalidValue', detail: 'bare string' },
  },
  {
    name: 'bare member id',
    only: ['okta', 'azure'],
    operations: [{ op: 'add', path: 'members', value: [USER_ID] }],
    memberChanges: [{ kind: 'add', members: [{ value: USER_ID, display: undefined }] }],
    fired: ['bare-value-string'],
  },
  {
    name: 'one member object instead of a list',
    operations: [{ op: 'add', path: 'members', value: { value: USER_ID } }],
    memberChanges: [{ kind: 'add', members: [{ value: USER_ID, display: undefined }] }],
  },
  {
    name: 'bare malformed member id',
    only: ['okta', 'azure'],
    operations: [{ op: 'add', path: 'members', value: 'string id 1' }],
    error: { scimType: undefined, detail: 'cannot parse member id: string id 1' },
  },
  {
    name: 'malformed member id in a remove filter',
    operations: [{ op: 'remove', path: 'members[value eq "42"]' }],
    error: { scimType: undefined, detail: 'cannot parse member id: 42' },
  },

  // Members: removals.
  {
    name: 'remove of one member by filter',
    operations: [{ op: 'remove', path: `members[value eq "${USER_ID}"]` }],
    memberChanges: [{ kind: 'remove', ids: [USER_ID] }],
  },
  {
    name: 'remove of several members by an or filter',
    operations: [{ op: 'remove', path: `members[value eq "${USER_ID}" or value eq "${BOB_ID}"]` }],
    memberChanges: [{ kind: 'remove', ids: [USER_ID, BOB_ID] }],
  },
  {
    name: 'remove of all members',
    operations: [{ op: 'remove', path: 'members' }],
    memberChanges: [{ kind: 'removeAll' }],
  },
  {
    name: 'remove of listed members is rejected on generic',
    only: ['generic'],
    operations: [{ op: 'remove', path: 'members', value: [{ $ref: null, value: USER_ID }] }],
    error: {
      scimType: 'invalidSyntax',
      detail: '/provisioning/okta/v2 and /provisioning/azure/v2',
    },
  },
  {
    name: 'remove of listed members (Entra without aadOptscim062020)',
    only: ['okta', 'azure'],
    operations: [
      { op: 'Remove', path: 'members', value: [{ $ref: null, value: USER_ID }, { value: BOB_ID }] },
    ],
    memberChanges: [{ kind: 'remove', ids: [USER_ID, BOB_ID] }],
    fired: ['remove-members-by-value', 'op-case'],
  },
  {
    name: 'members filter on display',
    operations: [{ op: 'remove', path: 'members[display eq "Alice"]' }],
    error: { scimType: 'invalidFilter', detail: 'compare "value" with "eq"' },
  },
  {
    name: 'members filter with ne',
    operations: [{ op: 'remove', path: `members[value ne "${USER_ID}"]` }],
    error: { scimType: 'invalidFilter', detail: 'compare "value" with "eq"' },
  },
  {
    name: 'members filter with and',
    operations: [{ op: 'remove', path: `members[value eq "${USER_ID}" and value eq "${BOB_ID}"]` }],
    error: { scimType: 'invalidFilter', detail: 'joined by "or"' },
  },
  {
    name: 'add through a members filter',
    operations: [{ op: 'add', path: `members[value eq "${USER_ID}"]`, value: { value: USER_ID } }],
    error: { scimType: 'invalidPath', detail: 'only with "remove"' },
  },
  {
    name: 'member sub-attributes cannot change',
    operations: [{ op: 'replace', path: `members[value eq "${USER_ID}"].display`, value: 'Alice' }],
    error: { scimType: 'mutability', detail: 'sub-attribute of members' },
  },

  // Okta group push: rename first, then membership changes, in one request.
  {
    name: 'membership changes keep request order',
    operations: [
      { op: 'replace', value: { id: ROLE_ID, displayName: 'Eng Team' } },
      { op: 'remove', path: `members[value eq "${BOB_ID}"]` },
      { op: 'add', path: 'members', value: [{ value: USER_ID, display: 'alice@example.test' }] },
    ],
    memberChanges: [
      { kind: 'remove', ids: [BOB_ID] },
      { kind: 'add', members: [{ value: USER_ID, display: 'alice@example.test' }] },
    ],
  },
];

describe('PATCH on groups', () => {
  it.each(rowsOf(GROUP_CASES))('%s', (_title, flavour, patchCase) => {
    checkCase('Group', flavour, patchCase);
  });
});
