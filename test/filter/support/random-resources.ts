import fc from 'fast-check';

import { foldCase } from '../../../src/storage/open-database.js';
import { ENTERPRISE } from './fixtures.js';
import type { TestRole, TestUser } from './resource-rows.js';

/*
 * Random users and roles for property tests. Strings mix ASCII letters in both cases, LIKE
 * wildcards, the escape character and non-ASCII letters whose lower case JavaScript and
 * PostgreSQL's lower() agree on (so no final sigma, no U+0130).
 */

const ALPHABET = [
  'a', 'b', 'A', 'B', 'z', 'Z', '0', '5', '@', '.', '-', ' ', '%', '_', '\\', '"',
  'é', 'É', 'ß', 'ø', 'Ø', 'ж', 'Ж', 'ǅ', 'ａ', 'Ａ', '漢', '😀',
]; // prettier-ignore

export const randomText = fc
  .array(fc.constantFrom(...ALPHABET), { maxLength: 6 })
  .map((chars) => chars.join(''));

const nonEmptyText = fc
  .array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 6 })
  .map((chars) => chars.join(''));

/** Timestamps as the stores write them; few, so that filters hit equal instants. */
export const TIMESTAMPS = [
  '1999-12-31T23:59:59.000Z',
  '2024-01-01T00:00:00.000Z',
  '2024-01-01T00:00:00.001Z',
  '2024-06-15T12:34:56.789Z',
  '2025-12-31T23:59:59.999Z',
];

const timestamp = fc.oneof(
  fc.constantFrom(...TIMESTAMPS),
  fc
    .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) })
    .map((ms) => new Date(ms).toISOString()),
);

/** Mostly text, sometimes JSON null or a number where the schema expects a string. */
const looseText = fc.oneof(
  { weight: 8, arbitrary: randomText },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant(7) },
);

const email = fc.record(
  {
    value: randomText,
    type: fc.constantFrom('work', 'home', 'Work', 'other'),
    primary: fc.boolean(),
    display: randomText,
  },
  { requiredKeys: [] },
);

/** Instant messaging addresses, sometimes with elements that are not objects. */
const ims = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: fc.record({ value: randomText, type: fc.constantFrom('xmpp', 'aim') }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>('loose', null) },
  ),
  { maxLength: 2 },
); // prettier-ignore

const enterprise = fc.record(
  {
    department: randomText,
    costCenter: randomText,
    manager: fc.record({ value: randomText, displayName: randomText }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

const userAttributes = fc.record(
  {
    userName: nonEmptyText,
    name: fc.record(
      { givenName: randomText, familyName: randomText, formatted: randomText },
      { requiredKeys: [] },
    ),
    displayName: randomText,
    nickName: looseText,
    title: looseText,
    userType: fc.constantFrom('Employee', 'employee', 'Intern', '', 'Contractor'),
    externalId: randomText,
    emails: fc.array(email, { maxLength: 3 }),
    ims,
    [ENTERPRISE]: enterprise,
  },
  { requiredKeys: ['userName'] },
);

const userFields = fc.record({
  attributes: userAttributes,
  suspended: fc.boolean(),
  version: fc.integer({ min: 1, max: 30 }),
  created: timestamp,
  lastModified: timestamp,
});

/** A set of users with unique folded userNames, and roles with members among them. */
export const randomDataset = fc
  .uniqueArray(userFields, {
    maxLength: 7,
    selector: (user) => foldCase(user.attributes.userName),
  })
  .chain((fields) => {
    const users: TestUser[] = fields.map((user, index) => ({
      ...user,
      id: `a-${(0x1000 + index).toString(16).padStart(16, '0')}`,
    }));
    const role = fc.record({
      name: nonEmptyText,
      externalId: fc.option(randomText, { nil: undefined }),
      members: fc.subarray(users.map((user) => user.id)),
      labels: fc.array(fc.option(randomText, { nil: undefined }), { minLength: 7, maxLength: 7 }),
      version: fc.integer({ min: 1, max: 30 }),
      created: timestamp,
      lastModified: timestamp,
    });
    const roles = fc
      .uniqueArray(role, { maxLength: 3, selector: (candidate) => foldCase(candidate.name) })
      .map((drafts) =>
        drafts.map((draft, index): TestRole => {
          const { labels, members, externalId, ...rest } = draft;
          return {
            ...rest,
            ...(externalId === undefined ? {} : { externalId }),
            id: `r-${(0x2000 + index).toString(16).padStart(16, '0')}`,
            members: members.map((userId, position) => {
              const label = labels[position];
              return label === undefined ? { userId } : { userId, label };
            }),
          };
        }),
      );
    return roles.map((generated) => ({ users, roles: generated }));
  });

export type Dataset = { users: TestUser[]; roles: TestRole[] };

/** Collects every string stored in a dataset, as candidates for comparison values. */
export function datasetStrings(dataset: Dataset): string[] {
  const strings = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') strings.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  visit(dataset.users);
  visit(dataset.roles);
  return [...strings];
}
