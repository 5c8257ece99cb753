import { describe, expect, it } from 'vitest';

import {
  DEFAULT_COUNT,
  MAX_COUNT,
  parseListQueryParameters,
  parseSearchRequest,
  SEARCH_REQUEST_SCHEMA,
} from '../../src/query/list-query.js';
import { USER_RESOURCE_TYPE } from '../../src/schema/resource-type.js';
import { catchScimError, showFilter } from '../filter/support/show-filter.js';

const TOLERANT = { allowBareValues: true, allowValueFilterInAttributes: true };

function fromQuery(query: Record<string, unknown>, options = {}) {
  return parseListQueryParameters(query, USER_RESOURCE_TYPE, options);
}

function fromBody(members: Record<string, unknown>, options = {}) {
  return parseSearchRequest(
    { schemas: [SEARCH_REQUEST_SCHEMA], ...members },
    USER_RESOURCE_TYPE,
    options,
  );
}

describe('parseListQueryParameters', () => {
  it('applies the defaults', () => {
    const query = fromQuery({});
    expect(query.filter).toBeUndefined();
    expect(query.startIndex).toBe(1);
    expect(query.count).toBe(DEFAULT_COUNT);
    expect(query.sortBy).toBeUndefined();
    expect(query.sortOrder).toBe('ascending');
    expect(query.projection.attributes).toBeUndefined();
    expect(query.projection.excludedAttributes).toEqual([]);
  });

  it('parses the filter', () => {
    const query = fromQuery({ filter: 'userName eq "bjensen"' });
    expect(showFilter(query.filter!)).toBe('(eq userName "bjensen")');
  });

  it.each([
    ['3', 3],
    ['1', 1],
    ['0', 1],
    ['-5', 1],
    ['+7', 7],
    ['', 1],
    ['99999999999999999999', Number.MAX_SAFE_INTEGER],
  ])('reads startIndex %j as %d', (value, expected) => {
    expect(fromQuery({ startIndex: value }).startIndex).toBe(expected);
  });

  it.each([
    ['10', 10],
    ['0', 0],
    ['-1', 0],
    ['5000', MAX_COUNT],
    ['1000', 1000],
    ['', DEFAULT_COUNT],
  ])('reads count %j as %d', (value, expected) => {
    expect(fromQuery({ count: value }).count).toBe(expected);
  });

  it.each([
    ['startIndex', '1.5'],
    ['startIndex', 'abc'],
    ['startIndex', ' 2'],
    ['count', 'ten'],
    ['count', '1e3'],
  ])('rejects %s %j', (name, value) => {
    const error = catchScimError(() => fromQuery({ [name]: value }));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toBe(`Invalid ${name} ${JSON.stringify(value)}: expected an integer.`);
  });

  it('resolves sortBy to its canonical path', () => {
    expect(fromQuery({ sortBy: 'NAME.familyname' }).sortBy).toBe('name.familyName');
  });

  it('rejects a multi-valued sortBy', () => {
    const error = catchScimError(() => fromQuery({ sortBy: 'emails.value' }));
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toContain('"emails.value" is multi-valued');
  });

  it('reads sortOrder in any case', () => {
    expect(fromQuery({ sortOrder: 'Descending' }).sortOrder).toBe('descending');
  });

  it('rejects an unknown sortOrder', () => {
    const error = catchScimError(() => fromQuery({ sortOrder: 'up' }));
    expect(error.detail).toBe('Invalid sortOrder "up": expected "ascending" or "descending".');
  });

  it('matches parameter names case-insensitively', () => {
    expect(fromQuery({ STARTINDEX: '4', Count: '2' })).toMatchObject({ startIndex: 4, count: 2 });
  });

  it('ignores unknown parameters', () => {
    expect(fromQuery({ aadOptscim062020: '', startIndex: '2' }).startIndex).toBe(2);
  });

  it('rejects a repeated parameter', () => {
    const error = catchScimError(() => fromQuery({ count: ['1', '2'] }));
    expect(error.detail).toContain('Invalid count ["1","2"]: expected a single value');
  });

  it('rejects an empty filter', () => {
    const error = catchScimError(() => fromQuery({ filter: '' }));
    expect(error.scimType).toBe('invalidFilter');
  });

  it('rejects a filter outside the schema', () => {
    const error = catchScimError(() => fromQuery({ filter: 'fooBar pr' }));
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toContain('"fooBar" is not an attribute');
  });

  it('rejects bare values without the option', () => {
    const error = catchScimError(() => fromQuery({ filter: 'userName eq bob' }));
    expect(error.scimType).toBe('invalidFilter');
  });

  it('passes the flavour options on', () => {
    const query = fromQuery(
      { filter: 'userName eq bob', attributes: 'emails[type eq "work"]' },
      TOLERANT,
    );
    expect(showFilter(query.filter!)).toBe('(eq userName bare:bob)');
    expect(query.projection.attributes).toEqual([{ keys: ['emails'] }]);
  });

  it('parses attributes and excludedAttributes', () => {
    const query = fromQuery({
      attributes: 'userName,name.givenName',
      excludedAttributes: 'emails',
    });
    expect(query.projection.attributes).toEqual([
      { keys: ['userName'] },
      { keys: ['name', 'givenName'] },
    ]);
    expect(query.projection.excludedAttributes).toEqual([{ keys: ['emails'] }]);
  });

  it('returns a frozen query', () => {
    expect(Object.isFrozen(fromQuery({}))).toBe(true);
  });
});

describe('parseSearchRequest', () => {
  it('reads every member', () => {
    const query = fromBody({
      filter: 'title pr',
      startIndex: 2,
      count: 5,
      sortBy: 'userName',
      sortOrder: 'descending',
      attributes: ['userName', 'emails.value'],
      excludedAttributes: [],
    });
    expect(showFilter(query.filter!)).toBe('(pr title)');
    expect(query).toMatchObject({ startIndex: 2, count: 5, sortBy: 'userName' });
    expect(query.sortOrder).toBe('descending');
    expect(query.projection.attributes).toEqual([
      { keys: ['userName'] },
      { keys: ['emails', 'value'] },
    ]);
  });

  it('applies the same limits as the query string', () => {
    expect(fromBody({ startIndex: 0, count: 100_000 })).toMatchObject({
      startIndex: 1,
      count: MAX_COUNT,
    });
    expect(fromBody({ count: -3 }).count).toBe(0);
  });

  it('matches member names case-insensitively', () => {
    const query = parseSearchRequest(
      { Schemas: [SEARCH_REQUEST_SCHEMA.toUpperCase()], COUNT: 7 },
      USER_RESOURCE_TYPE,
    );
    expect(query.count).toBe(7);
  });

  it('treats null members as absent', () => {
    expect(fromBody({ filter: null, count: null }).count).toBe(DEFAULT_COUNT);
  });

  it.each([
    ['startIndex', '1', 'an integer JSON number'],
    ['count', 2.5, 'an integer JSON number'],
    ['attributes', 'userName', 'an array of attribute names'],
    ['excludedAttributes', [1], 'an array of attribute names'],
    ['filter', 5, 'a string'],
    ['sortBy', true, 'a string'],
  ])('rejects %s %j', (name, value, expected) => {
    const error = catchScimError(() => fromBody({ [name]: value }));
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toBe(`Invalid ${name} ${JSON.stringify(value)}: expected ${expected}.`);
  });

  it.each([
    ['a string', 'filter=x'],
    ['an array', [SEARCH_REQUEST_SCHEMA]],
    ['null', null],
    ['no schemas', { count: 1 }],
    ['another schema', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] }],
  ])('rejects a body that is %s', (_label, body) => {
    const error = catchScimError(() => parseSearchRequest(body, USER_RESOURCE_TYPE));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidSyntax');
    expect(error.detail).toContain(SEARCH_REQUEST_SCHEMA);
  });
});
