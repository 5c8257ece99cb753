import fc from 'fast-check';

import { ENTERPRISE } from './fixtures.js';
import { randomText, TIMESTAMPS } from './random-resources.js';

/*
 * Random filter text over the User and Group schemas: every operator, and, or, not, value paths,
 * null, and names in random case. Values come from the data so that comparisons hit, and
 * date-times use other offsets and more fractional digits than the stored ones.
 */

const STRING_OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
const DATE_OPERATORS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;

interface FilterSchema {
  readonly strings: readonly string[];
  readonly booleans: readonly string[];
  readonly dates: readonly string[];
  /** Attributes that only `pr` applies to, or that are worth testing with it. */
  readonly present: readonly string[];
  /** Complex attributes with the paths their value filters may use. */
  readonly valuePaths: Readonly<Record<string, FilterSchema>>;
}

const NO_VALUE_PATHS = {};

export const USER_FILTER_SCHEMA: FilterSchema = {
  strings: [
    'userName', 'displayName', 'nickName', 'title', 'userType', 'externalId', 'id',
    'name.givenName', 'name.familyName', 'name.formatted', 'emails', 'emails.value',
    'emails.type', 'emails.display', 'ims.value', 'ims.type', `${ENTERPRISE}:department`,
    `${ENTERPRISE}:costCenter`, `${ENTERPRISE}:manager.value`, `${ENTERPRISE}:manager.displayName`,
    'groups', 'groups.value', 'groups.display', 'groups.type', 'meta.version', 'meta.resourceType',
    'schemas', 'urn:ietf:params:scim:schemas:core:2.0:User:userName',
  ],
  booleans: ['active', 'emails.primary'],
  dates: ['meta.created', 'meta.lastModified'],
  present: [
    'name', 'emails', 'ims', 'groups', `${ENTERPRISE}:manager`, 'meta', 'meta.location',
    'groups.$ref', 'phoneNumbers', 'addresses.country', 'schemas',
  ],
  valuePaths: {
    emails: {
      strings: ['value', 'type', 'display'],
      booleans: ['primary'],
      dates: [],
      present: [],
      valuePaths: NO_VALUE_PATHS,
    },
    ims: { strings: ['value', 'type'], booleans: [], dates: [], present: [], valuePaths: NO_VALUE_PATHS },
    groups: { strings: ['value', 'display', 'type'], booleans: [], dates: [], present: ['$ref'], valuePaths: NO_VALUE_PATHS },
    name: { strings: ['givenName', 'familyName'], booleans: [], dates: [], present: [], valuePaths: NO_VALUE_PATHS },
    [`${ENTERPRISE}:manager`]: { strings: ['value', 'displayName'], booleans: [], dates: [], present: ['$ref'], valuePaths: NO_VALUE_PATHS },
  },
}; // prettier-ignore

export const GROUP_FILTER_SCHEMA: FilterSchema = {
  strings: [
    'displayName', 'externalId', 'id', 'members', 'members.value', 'members.display',
    'members.type', 'meta.version', 'meta.resourceType', 'schemas',
  ],
  booleans: [],
  dates: ['meta.created', 'meta.lastModified'],
  present: ['members', 'members.$ref', 'meta', 'schemas'],
  valuePaths: {
    members: { strings: ['value', 'display', 'type'], booleans: [], dates: [], present: ['$ref'], valuePaths: NO_VALUE_PATHS },
  },
}; // prettier-ignore

/** Writes a JSON string, sometimes with every non-ASCII character as a \u escape. */
function quote(value: string, escapeAll: boolean): string {
  const json = JSON.stringify(value);
  if (!escapeAll) return json;
  return json.replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Changes the case of a name at random; names are case-insensitive (RFC 7643 §2.1). */
const nameCase = fc.constantFrom(
  (name: string) => name,
  (name: string) => name.toUpperCase(),
  (name: string) => name.toLowerCase(),
);

/** Comparison values: stored strings, their case variants and pieces, or new text. */
function stringValue(strings: readonly string[]): fc.Arbitrary<string> {
  const stored = strings.length === 0 ? randomText : fc.constantFrom(...strings);
  const variant = fc
    .tuple(stored, fc.constantFrom('same', 'upper', 'lower', 'prefix', 'suffix'))
    .map(([text, how]) => {
      if (how === 'upper') return text.toUpperCase();
      if (how === 'lower') return text.toLowerCase();
      // Slicing code points keeps surrogate pairs whole.
      if (how === 'prefix') return Array.from(text).slice(0, 2).join('');
      if (how === 'suffix') return Array.from(text).slice(-2).join('');
      return text;
    });
  return fc.oneof({ weight: 4, arbitrary: variant }, { weight: 1, arbitrary: randomText });
}

/** The same instant as a stored timestamp written another way, or a nearby one. */
const dateValue = fc
  .tuple(
    fc.constantFrom(...TIMESTAMPS),
    fc.constantFrom(0, 60, -300, 330),
    fc.constantFrom('', '0', '0000', '4', '9999'),
    fc.integer({ min: -1, max: 1 }),
  )
  .map(([stored, offsetMinutes, extraDigits, shiftMs]) => {
    const instant = Date.parse(stored) + shiftMs;
    const local = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, 23);
    const sign = offsetMinutes < 0 ? '-' : '+';
    const absolute = Math.abs(offsetMinutes);
    const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
    const minutes = String(absolute % 60).padStart(2, '0');
    const offset = offsetMinutes === 0 ? 'Z' : `${sign}${hours}:${minutes}`;
    return `${local}${extraDigits}${offset}`;
  });

function comparison(schema: FilterSchema, strings: readonly string[]): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [];
  if (schema.strings.length > 0) {
    options.push(
      fc
        .tuple(
          fc.constantFrom(...schema.strings),
          nameCase,
          fc.constantFrom(...STRING_OPERATORS),
          stringValue(strings),
          fc.boolean(),
        )
        .map(
          ([path, cased, operator, value, escape]) =>
            `${cased(path)} ${operator} ${quote(value, escape)}`,
        ),
    );
    options.push(
      fc
        .tuple(fc.constantFrom(...schema.strings), fc.constantFrom('eq', 'ne'))
        .map(([path, operator]) => `${path} ${operator} null`),
    );
  }
  if (schema.booleans.length > 0) {
    options.push(
      fc
        .tuple(fc.constantFrom(...schema.booleans), fc.constantFrom('eq', 'ne'), fc.boolean())
        .map(([path, operator, value]) => `${path} ${operator} ${value}`),
    );
  }
  if (schema.dates.length > 0) {
    options.push(
      fc
        .tuple(fc.constantFrom(...schema.dates), fc.constantFrom(...DATE_OPERATORS), dateValue)
        .map(([path, operator, value]) => `${path} ${operator} "${value}"`),
    );
  }
  const presentPaths = [...schema.strings, ...schema.booleans, ...schema.dates, ...schema.present];
  options.push(fc.constantFrom(...presentPaths).map((path) => `${path} pr`));
  return fc.oneof(...options);
}

/** Filter text of bounded depth over `schema`, with values taken from `strings`. */
export function randomFilter(
  schema: FilterSchema,
  strings: readonly string[],
): fc.Arbitrary<string> {
  const valuePaths = Object.entries(schema.valuePaths).map(([path, inner]) =>
    logical(comparison(inner, strings), 1).map((filter) => `${path}[${filter}]`),
  );
  const leaf = fc.oneof(
    { weight: 4, arbitrary: comparison(schema, strings) },
    ...valuePaths.map((arbitrary) => ({ weight: 1, arbitrary })),
  );
  return logical(leaf, 3);
}

function logical(leaf: fc.Arbitrary<string>, depth: number): fc.Arbitrary<string> {
  if (depth === 0) return leaf;
  const inner = logical(leaf, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: fc.tuple(inner, inner).map(([left, right]) => `${left} and ${right}`) },
    {
      weight: 1,
      arbitrary: fc.tuple(inner, inner).map(([left, right]) => `(${left} or ${right})`),
    },
    { weight: 1, arbitrary: fc.tuple(inner, inner).map(([left, right]) => `${left} or ${right}`) },
    { weight: 1, arbitrary: inner.map((filter) => `not (${filter})`) },
  );
}
