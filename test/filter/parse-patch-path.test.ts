import { describe, expect, it } from 'vitest';

import { parsePatchPath } from '../../src/filter/parse-patch-path.js';
import { catchScimError, showPatchPath } from './support/show-filter.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('parsePatchPath', () => {
  const valid: [string, string][] = [
    ['members', 'members'],
    ['name.givenName', 'name.givenName'],
    ['members[value eq "a-1"]', 'members[(eq value "a-1")]'],
    ['emails[type eq "work"].value', 'emails[(eq type "work")].value'],
    [
      'emails[type eq "work" and primary eq true]',
      'emails[(and (eq type "work") (eq primary true))]',
    ],
    ['addresses[type eq "work"].streetAddress', 'addresses[(eq type "work")].streetAddress'],
    ['emails[not (type eq "work")]', 'emails[(not (eq type "work"))]'],
    [`${ENTERPRISE}:manager`, `${ENTERPRISE}:manager`],
    [`${ENTERPRISE}:manager.value`, `${ENTERPRISE}:manager.value`],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:name.familyName',
      'urn:ietf:params:scim:schemas:core:2.0:User:name.familyName',
    ],
    [ENTERPRISE, `schema ${ENTERPRISE}`],
    [ENTERPRISE.toUpperCase(), `schema ${ENTERPRISE}`],
    [
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'schema urn:ietf:params:scim:schemas:core:2.0:Group',
    ],
    [
      'members[value eq "a-1" or value eq "a-2"]',
      'members[(or (eq value "a-1") (eq value "a-2"))]',
    ],
    ['members[VALUE EQ "a-1"]', 'members[(eq VALUE "a-1")]'],
  ];

  it.each(valid)('parses %s', (text, expected) => {
    expect(showPatchPath(parsePatchPath(text))).toBe(expected);
  });

  it('returns a schema path for a bare extension URN', () => {
    expect(parsePatchPath(ENTERPRISE)).toEqual({ kind: 'schemaPath', urn: ENTERPRISE });
  });

  it('leaves filter parts undefined on a plain path', () => {
    expect(parsePatchPath('name.givenName')).toEqual({
      kind: 'patchPath',
      attribute: {
        kind: 'attributePath',
        urn: undefined,
        name: 'name',
        subAttribute: 'givenName',
        position: 0,
      },
      filter: undefined,
      valueSubAttribute: undefined,
    });
  });

  it('accepts bare values with the option', () => {
    const path = parsePatchPath('members[value eq a-1]', { allowBareValues: true });
    expect(showPatchPath(path)).toBe('members[(eq value bare:a-1)]');
  });
});

describe('parsePatchPath errors', () => {
  const invalid: [string, number, string][] = [
    ['', 0, 'the text is empty'],
    ['name.', 5, 'expected a sub-attribute name after "name."'],
    ['emails[type eq "work"', 21, 'expected "]" to close the "[" at position 6'],
    ['emails[type eq "work"] .value', 23, 'found ".value"'],
    ['emails[type eq "work"].', 23, 'expected a sub-attribute name after "].", found ""'],
    ['emails[type eq "work"].value.display', 23, 'found "value.display"'],
    ['members[value eq a-1]', 17, 'is not quoted'],
    ['name givenName', 5, 'expected the end of the path, found "givenName"'],
    ['emails[type eq "work"][x]', 22, 'found "["'],
    ['emails[type equals "work"]', 12, 'expected a comparison operator after "type"'],
    ['[value eq "x"]', 0, 'expected an attribute name, found "["'],
    ['"members"', 0, 'expected an attribute name, found "members"'],
    ['members[value[type eq "x"] eq "y"]', 13, 'cannot contain another value filter'],
    ['name.givenName)', 14, 'unmatched ")"'],
  ];

  it.each(invalid)('rejects %s', (text, position, fragment) => {
    const error = catchScimError(() => parsePatchPath(text));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidPath');
    expect(error.detail).toContain(`Invalid path at position ${position}: `);
    expect(error.detail).toContain(fragment);
  });
});
