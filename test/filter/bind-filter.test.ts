import { describe, expect, it } from 'vitest';

import { bindFilter } from '../../src/filter/bind-filter.js';
import { parseFilter, type FilterParseOptions } from '../../src/filter/parse-filter.js';
import {
  GROUP_RESOURCE_TYPE,
  USER_RESOURCE_TYPE,
  type ResourceType,
} from '../../src/schema/resource-type.js';
import { ENTERPRISE } from './support/fixtures.js';
import { catchScimError } from './support/show-filter.js';

const TOLERANT: FilterParseOptions = { allowBareValues: true };

function bind(text: string, type: ResourceType = USER_RESOURCE_TYPE, options = {}) {
  return bindFilter(parseFilter(text, options), type);
}

describe('bindFilter errors', () => {
  // [filter, position, text the detail must contain]
  const invalid: [string, number, string][] = [
    ['fooBar eq "x"', 0, '"fooBar" is not an attribute of the User resource type'],
    ['title pr and fooBar pr', 13, '"fooBar" is not an attribute of the User resource type'],
    ['name.foo eq "x"', 5, '"name" has no sub-attribute "foo"; its sub-attributes are formatted'],
    ['emails.foo pr', 7, '"emails" has no sub-attribute "foo"'],
    ['userName.foo eq "x"', 9, '"userName" has no sub-attributes'],
    [
      'urn:example:schema:department eq "x"',
      0,
      '"urn:example:schema" is not a schema of the User resource type',
    ],
    [`${ENTERPRISE} pr`, 0, 'is a schema, not an attribute'],
    [`${ENTERPRISE}:userName eq "x"`, 0, 'is not an attribute of the User resource type'],
    ['password eq "x"', 0, '"password" is never returned'],
    ['password pr', 0, '"password" is never returned'],
    ['members pr', 0, '"members" is not an attribute of the User resource type'],
    ['active gt true', 7, 'the operator "gt" does not apply to "active", a boolean attribute'],
    ['active co "t"', 7, 'use eq, ne, pr'],
    ['emails.primary sw "t"', 15, '"emails.primary", a boolean attribute'],
    ['meta.created co "2024"', 13, 'does not apply to "meta.created", a dateTime attribute'],
    ['meta.lastModified ew "Z"', 18, 'a dateTime attribute'],
    ['x509Certificates.value gt "a"', 23, 'a binary attribute'],
    [
      'active eq "yes"',
      10,
      '"active" is a boolean attribute; compare it with true or false, not "yes"',
    ],
    ['active eq 1', 10, 'not 1'],
    ['meta.created gt "yesterday"', 16, 'not an RFC 3339 date-time'],
    ['meta.created gt "2024-01-02"', 16, 'not an RFC 3339 date-time'],
    ['meta.created gt "2024-02-30T00:00:00Z"', 16, 'not an RFC 3339 date-time'],
    ['meta.created gt "2024-01-02T24:00:00Z"', 16, 'not an RFC 3339 date-time'],
    ['meta.created gt "2024-01-02T00:00:00+24:00"', 16, 'not an RFC 3339 date-time'],
    ['meta.created gt 5', 16, 'not an RFC 3339 date-time'],
    ['userName eq 12', 12, 'is not a string; write it in double quotes, as "12"'],
    ['userName eq true', 12, 'write it in double quotes, as "true"'],
    ['schemas eq 1', 11, 'is not a string'],
    ['name eq "x"', 0, '"name" is a complex attribute; compare one of its sub-attributes'],
    ['meta eq "x"', 0, '"meta" is a complex attribute'],
    [`${ENTERPRISE}:manager eq "a-1"`, 0, 'is a complex attribute'],
    ['meta.location eq "https://x"', 0, '"meta.location" depends on the URL'],
    ['groups.$ref co "x"', 0, '"groups.$ref" depends on the URL'],
    ['groups[$ref co "x"]', 7, '"groups.$ref" depends on the URL'],
    ['title gt null', 9, 'null can only be compared with eq or ne, not "gt"'],
    ['emails[foo eq "x"]', 7, '"emails" has no sub-attribute "foo"'],
    ['emails[emails.value eq "x"]', 7, 'inside "emails[...]" name a sub-attribute of emails'],
    ['userName[value eq "x"]', 0, 'applies to complex attributes such as emails or members'],
    ['name.givenName[x eq "y"]', 0, 'applies to complex attributes'],
    ['emails.value[x eq "y"]', 0, 'applies to complex attributes'],
    ['schemas[x eq "y"]', 0, 'applies to complex attributes'],
  ];

  it.each(invalid)('rejects %s', (text, position, fragment) => {
    const error = catchScimError(() => bind(text));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toContain(`Invalid filter at position ${position}: `);
    expect(error.detail).toContain(fragment);
  });

  it('rejects User attributes on groups', () => {
    const error = catchScimError(() => bind('userName eq "x"', GROUP_RESOURCE_TYPE));
    expect(error.detail).toContain('"userName" is not an attribute of the Group resource type');
  });

  it('rejects member references on groups', () => {
    const error = catchScimError(() => bind('members.$ref eq "x"', GROUP_RESOURCE_TYPE));
    expect(error.detail).toContain('"members.$ref" depends on the URL');
  });

  it('rejects bare words that are not booleans', () => {
    const error = catchScimError(() => bind('active eq yes', USER_RESOURCE_TYPE, TOLERANT));
    expect(error.detail).toContain('"active" is a boolean attribute');
  });

  it('rejects bare words that are not date-times', () => {
    const error = catchScimError(() => bind('meta.created gt soon', USER_RESOURCE_TYPE, TOLERANT));
    expect(error.detail).toContain('not an RFC 3339 date-time');
  });
});

describe('bindFilter', () => {
  it('turns ne into a negated eq', () => {
    expect(bind('title ne "x"')).toMatchObject({
      kind: 'not',
      operand: { kind: 'compare', operator: 'eq', attribute: { path: 'title' } },
    });
  });

  it('resolves names to canonical spelling', () => {
    expect(bind('NAME.GIVENNAME eq "x"')).toMatchObject({
      kind: 'compare',
      attribute: { keys: ['name', 'givenName'], path: 'name.givenName' },
    });
  });

  it('places extension attributes under their URN', () => {
    expect(bind(`${ENTERPRISE.toLowerCase()}:DEPARTMENT pr`)).toMatchObject({
      kind: 'present',
      attribute: { keys: [ENTERPRISE, 'department'] },
    });
  });

  it('reads multi-valued paths element by element', () => {
    expect(bind('emails.value eq "x"')).toMatchObject({
      kind: 'some',
      attribute: { path: 'emails' },
      filter: { kind: 'compare', attribute: { keys: ['value'], scope: 'emails' } },
    });
  });

  it('compares a multi-valued attribute by its value', () => {
    expect(bind('emails co "x"')).toMatchObject({
      kind: 'some',
      filter: { kind: 'compare', operator: 'co', attribute: { path: 'value' } },
    });
  });

  it('turns eq null into not pr', () => {
    expect(bind('title eq null')).toEqual({ kind: 'not', operand: bind('title pr') });
  });

  it('expands pr on a complex attribute', () => {
    const bound = bind('name pr');
    expect(bound.kind).toBe('or');
    expect(bound).toMatchObject({ operands: { length: 6 } });
  });

  it('accepts common attributes under the core URN', () => {
    expect(bind('urn:ietf:params:scim:schemas:core:2.0:User:meta.created pr')).toMatchObject({
      kind: 'present',
      attribute: { path: 'meta.created' },
    });
  });

  it('folds schemas comparisons to constants', () => {
    expect(bind('schemas eq "urn:ietf:params:scim:schemas:core:2.0:User"')).toEqual({
      kind: 'constant',
      value: true,
    });
    expect(bind(`schemas eq "${ENTERPRISE}"`)).toEqual({ kind: 'schemaListed', urn: ENTERPRISE });
    expect(bind('schemas eq "urn:other"')).toEqual({ kind: 'constant', value: false });
  });

  it('flattens chains of and', () => {
    expect(bind('title pr and nickName pr and userType pr')).toMatchObject({
      kind: 'and',
      operands: { length: 3 },
    });
  });

  it('coerces bare booleans in any case', () => {
    expect(bind('active eq TRUE', USER_RESOURCE_TYPE, TOLERANT)).toMatchObject({
      value: { type: 'boolean', value: true },
    });
  });

  it('caches per tree and resource type', () => {
    const node = parseFilter('displayName pr');
    expect(bindFilter(node, USER_RESOURCE_TYPE)).toBe(bindFilter(node, USER_RESOURCE_TYPE));
    expect(bindFilter(node, GROUP_RESOURCE_TYPE)).not.toBe(bindFilter(node, USER_RESOURCE_TYPE));
  });
});
