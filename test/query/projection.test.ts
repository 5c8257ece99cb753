import { describe, expect, it } from 'vitest';

import {
  defaultProjection,
  parseProjection,
  projectionIncludes,
  projectResource,
} from '../../src/query/projection.js';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../src/schema/resource-type.js';
import { catchScimError } from '../filter/support/show-filter.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const TOLERANT = { allowValueFilterInAttributes: true };

const META = {
  resourceType: 'User',
  created: '2024-01-01T00:00:00.000Z',
  lastModified: '2024-01-02T00:00:00.000Z',
  location: 'https://scim.example.test/Users/a-1',
  version: 'W/"2"',
};

const USER: Readonly<Record<string, unknown>> = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: 'a-1',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  displayName: 'Babs',
  emails: [
    { value: 'b@work.test', type: 'work', primary: true },
    { value: 'b@home.test', type: 'home' },
    { type: 'other' },
  ],
  password: 'secret',
  active: true,
  groups: [{ value: 'r-1', display: 'Admins', $ref: 'https://scim.example.test/Groups/r-1' }],
  [ENTERPRISE]: { department: 'Sales', manager: { value: 'a-2', displayName: 'Boss' } },
  meta: META,
};

const ALWAYS = { schemas: USER.schemas, id: 'a-1', meta: META };

function project(attributes?: string | string[], excluded?: string | string[], options = {}) {
  const projection = parseProjection(attributes, excluded, USER_RESOURCE_TYPE, options);
  return projectResource(USER, projection);
}

describe('projectResource with attributes', () => {
  it('returns only the listed attributes and the always returned ones', () => {
    expect(project('userName,displayName')).toEqual({
      ...ALWAYS,
      userName: 'bjensen',
      displayName: 'Babs',
    });
  });

  it('selects a sub-attribute of a complex attribute', () => {
    expect(project('name.givenName')).toEqual({ ...ALWAYS, name: { givenName: 'Barbara' } });
  });

  it('selects a sub-attribute in every element', () => {
    expect(project('emails.value')).toEqual({
      ...ALWAYS,
      emails: [{ value: 'b@work.test' }, { value: 'b@home.test' }],
    });
  });

  it('merges sub-attributes of one attribute', () => {
    expect(project('emails.value, emails.type')).toEqual({
      ...ALWAYS,
      emails: [
        { value: 'b@work.test', type: 'work' },
        { value: 'b@home.test', type: 'home' },
        { type: 'other' },
      ],
    });
  });

  it('lets a whole attribute cover its sub-attributes', () => {
    const expected = { ...ALWAYS, name: USER.name };
    expect(project('name.givenName,name')).toEqual(expected);
    expect(project('name,name.givenName')).toEqual(expected);
  });

  it('matches names case-insensitively and keeps canonical keys', () => {
    expect(project('USERNAME,Name.GivenName')).toEqual({
      ...ALWAYS,
      userName: 'bjensen',
      name: { givenName: 'Barbara' },
    });
  });

  it('selects a URN-qualified extension attribute', () => {
    expect(project(`${ENTERPRISE}:department`)).toEqual({
      ...ALWAYS,
      [ENTERPRISE]: { department: 'Sales' },
    });
  });

  it('selects a sub-attribute of an extension attribute', () => {
    expect(project(`${ENTERPRISE.toLowerCase()}:manager.value`)).toEqual({
      ...ALWAYS,
      [ENTERPRISE]: { manager: { value: 'a-2' } },
    });
  });

  it('selects a whole extension by its URN', () => {
    expect(project(ENTERPRISE)).toEqual({ ...ALWAYS, [ENTERPRISE]: USER[ENTERPRISE] });
  });

  it('selects core attributes by URN', () => {
    expect(project('urn:ietf:params:scim:schemas:core:2.0:User:userName')).toEqual({
      ...ALWAYS,
      userName: 'bjensen',
    });
  });

  it('returns only the always returned ones for schemas', () => {
    expect(project('schemas,id,meta.created')).toEqual(ALWAYS);
  });

  it('never returns password', () => {
    expect(project('password,userName')).toEqual({ ...ALWAYS, userName: 'bjensen' });
  });

  it('omits attributes the resource lacks', () => {
    expect(project('title,nickName')).toEqual(ALWAYS);
  });

  it('accepts arrays and skips empty names', () => {
    expect(project(['userName', '', ' displayName ,'])).toEqual({
      ...ALWAYS,
      userName: 'bjensen',
      displayName: 'Babs',
    });
  });

  it('selects read-only groups', () => {
    expect(project('groups.display')).toEqual({ ...ALWAYS, groups: [{ display: 'Admins' }] });
  });
});

describe('projectResource with excludedAttributes', () => {
  it('removes the listed attributes', () => {
    const projected = project(undefined, 'emails,groups');
    expect(projected).not.toHaveProperty('emails');
    expect(projected).not.toHaveProperty('groups');
    expect(projected.userName).toBe('bjensen');
  });

  it('removes a sub-attribute in every element', () => {
    expect(project(undefined, 'emails.value').emails).toEqual([
      { type: 'work', primary: true },
      { type: 'home' },
      { type: 'other' },
    ]);
  });

  it('removes an extension sub-attribute', () => {
    expect(project(undefined, `${ENTERPRISE}:manager`)[ENTERPRISE]).toEqual({
      department: 'Sales',
    });
  });

  it('removes a whole extension', () => {
    expect(project(undefined, ENTERPRISE)).not.toHaveProperty(ENTERPRISE);
  });

  it('keeps the always returned attributes', () => {
    expect(project(undefined, 'id,meta,schemas,meta.version')).toMatchObject(ALWAYS);
  });

  it('removes password by default', () => {
    expect(project()).not.toHaveProperty('password');
    expect(project().displayName).toBe('Babs');
  });

  it('applies after attributes', () => {
    expect(project('name,userName', 'name.familyName')).toEqual({
      ...ALWAYS,
      userName: 'bjensen',
      name: { givenName: 'Barbara' },
    });
  });

  it('leaves the input unchanged', () => {
    const before = JSON.stringify(USER);
    project('emails.value', 'emails.type');
    expect(JSON.stringify(USER)).toBe(before);
  });
});

describe('parseProjection errors', () => {
  const invalid: [string, string][] = [
    ['fooBar', 'Invalid attributes entry "fooBar" at position 0: "fooBar" is not an attribute'],
    ['name.foo', '"name" has no sub-attribute "foo"'],
    ['members', '"members" is not an attribute of the User resource type'],
    ['urn:example:x:y', '"urn:example:x" is not a schema of the User resource type'],
    ['userName eq "x"', 'expected the end of the path'],
    ['emails[type eq "work"]', 'request "emails" instead'],
    [
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'the User resource type does not use the schema urn:ietf:params:scim:schemas:core:2.0:Group',
    ],
  ];

  it.each(invalid)('rejects %s', (name, fragment) => {
    const error = catchScimError(() => parseProjection(name, undefined, USER_RESOURCE_TYPE));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toContain(fragment);
  });

  it('names the parameter of an excluded entry', () => {
    const error = catchScimError(() => parseProjection(undefined, 'nope', USER_RESOURCE_TYPE));
    expect(error.detail).toContain('Invalid excludedAttributes entry "nope"');
  });

  it('names the tolerant endpoints for value filters', () => {
    const error = catchScimError(() =>
      parseProjection('emails[value eq "x"]', undefined, USER_RESOURCE_TYPE),
    );
    expect(error.detail).toContain('/provisioning/okta/v2 and /provisioning/azure/v2');
  });
});

describe('parseProjection with value filters allowed', () => {
  it('treats a value filter as its attribute', () => {
    expect(project('emails[type eq "work"]', undefined, TOLERANT)).toEqual({
      ...ALWAYS,
      emails: USER.emails,
    });
  });

  it('keeps the sub-attribute after the filter', () => {
    expect(project('emails[type eq "work"].value', undefined, TOLERANT)).toEqual({
      ...ALWAYS,
      emails: [{ value: 'b@work.test' }, { value: 'b@home.test' }],
    });
  });

  it('does not split at commas inside the filter', () => {
    expect(project('emails[value eq "a,b"],userName', undefined, TOLERANT)).toEqual({
      ...ALWAYS,
      userName: 'bjensen',
      emails: USER.emails,
    });
  });
});

describe('projectionIncludes', () => {
  function includes(path: string, attributes?: string, excluded?: string): boolean {
    const projection = parseProjection(attributes, excluded, GROUP_RESOURCE_TYPE);
    return projectionIncludes(projection, path);
  }

  it('includes members by default', () => {
    expect(projectionIncludes(defaultProjection(GROUP_RESOURCE_TYPE), 'members')).toBe(true);
  });

  it('skips members when excluded', () => {
    expect(includes('members', undefined, 'members')).toBe(false);
    expect(includes('members.display', undefined, 'members')).toBe(false);
  });

  it('skips members when other attributes are listed', () => {
    expect(includes('members', 'displayName')).toBe(false);
  });

  it('includes members for a listed sub-attribute', () => {
    expect(includes('members', 'members.value')).toBe(true);
    expect(includes('members.value', 'members.value')).toBe(true);
    expect(includes('members.display', 'members.value')).toBe(false);
  });

  it('includes members when only a sub-attribute is excluded', () => {
    expect(includes('members', undefined, 'members.display')).toBe(true);
    expect(includes('members.display', undefined, 'members.display')).toBe(false);
  });

  it('always includes id and meta', () => {
    expect(includes('id', 'displayName', 'id')).toBe(true);
    expect(includes('meta.version', 'displayName')).toBe(true);
  });

  it('never includes password', () => {
    const projection = defaultProjection(USER_RESOURCE_TYPE);
    expect(projectionIncludes(projection, 'password')).toBe(false);
    expect(projectionIncludes(projection, 'groups')).toBe(true);
  });

  it('rejects an unknown path', () => {
    const error = catchScimError(() => includes('nope'));
    expect(error.scimType).toBe('invalidValue');
  });
});
