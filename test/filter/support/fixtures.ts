import type { TestRole, TestUser } from './resource-rows.js';

/* A few hand-made users and roles that the evaluator and compiler tables share. */

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** A user with most attributes set. */
export const BARBARA: TestUser = {
  id: 'a-00000000659c3a01',
  suspended: false,
  version: 3,
  created: '2024-01-01T08:00:00.000Z',
  lastModified: '2024-03-01T12:30:45.123Z',
  attributes: {
    userName: 'Bjensen@Example.com',
    externalId: 'ext-BJ',
    name: { givenName: 'Barbara', familyName: "O'Malley", formatted: "Barbara O'Malley" },
    displayName: 'Babs Jensen',
    title: 'Tour Guide',
    userType: 'Employee',
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    ims: [{ value: 'babs@foo.com', type: 'xmpp' }],
    [ENTERPRISE]: { department: 'Sales', manager: { value: 'a-00000000659c3a02' } },
  },
};

/** A suspended user with few attributes and non-ASCII text. */
export const ELEVE: TestUser = {
  id: 'a-00000000659c3a02',
  suspended: true,
  version: 12,
  created: '2024-01-02T00:00:00.000Z',
  lastModified: '2024-03-02T00:00:00.500Z',
  attributes: {
    userName: 'Élève',
    name: { givenName: 'Zoë', familyName: 'Ørsted' },
    displayName: 'Zoë Ørsted',
    userType: 'Intern',
    title: '',
    emails: [{ value: 'eleve@example.org', type: 'home', primary: false }],
  },
};

/** A user whose stored values contain LIKE wildcards and whose enterprise object is empty. */
export const WILDCARD: TestUser = {
  id: 'a-00000000659c3a03',
  suspended: false,
  version: 1,
  created: '2024-01-03T00:00:00.000Z',
  lastModified: '2024-01-03T00:00:00.000Z',
  attributes: {
    userName: '50%_off\\deal',
    displayName: 'Percent_User',
    [ENTERPRISE]: {},
  },
};

export const USERS: readonly TestUser[] = [BARBARA, ELEVE, WILDCARD];

export const ADMINS: TestRole = {
  id: 'r-00000000659c3a01',
  name: 'Admins',
  externalId: 'okta-admins',
  version: 2,
  created: '2024-02-01T00:00:00.000Z',
  lastModified: '2024-02-05T00:00:00.000Z',
  members: [{ userId: BARBARA.id }, { userId: ELEVE.id, label: 'Eleve (label)' }],
};

export const EMPTY_ROLE: TestRole = {
  id: 'r-00000000659c3a02',
  name: 'Empty Role',
  version: 1,
  created: '2024-02-02T00:00:00.000Z',
  lastModified: '2024-02-02T00:00:00.000Z',
  members: [],
};

export const ROLES: readonly TestRole[] = [ADMINS, EMPTY_ROLE];
