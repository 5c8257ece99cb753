import { describe, expect, it } from 'vitest';

import {
  createValueFilterMatcher,
  evaluateFilter,
  findMatchingElements,
} from '../../src/filter/evaluate-filter.js';
import { parseFilter } from '../../src/filter/parse-filter.js';
import { parsePatchPath } from '../../src/filter/parse-patch-path.js';
import type { PatchPathNode } from '../../src/filter/ast.js';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../src/schema/resource-type.js';
import { GROUP_FILTER_CASES, USER_FILTER_CASES } from './support/filter-cases.js';
import { ADMINS, ENTERPRISE, ROLES, USERS } from './support/fixtures.js';
import { renderTestRole, renderTestUser } from './support/resource-rows.js';
import { catchScimError } from './support/show-filter.js';

const renderedUsers = USERS.map((user) => renderTestUser(user, ROLES));
const renderedRoles = ROLES.map((role) => renderTestRole(role, USERS));

function matchingIds(
  text: string,
  resources: Record<string, unknown>[],
  type = USER_RESOURCE_TYPE,
) {
  const node = parseFilter(text);
  return resources.filter((resource) => evaluateFilter(node, resource, type)).map((r) => r.id);
}

describe('evaluateFilter', () => {
  it.each(USER_FILTER_CASES)('matches users for %s', (text, expected) => {
    expect(matchingIds(text, renderedUsers)).toEqual(expected);
  });

  it.each(GROUP_FILTER_CASES)('matches groups for %s', (text, expected) => {
    expect(matchingIds(text, renderedRoles, GROUP_RESOURCE_TYPE)).toEqual(expected);
  });

  it('uses member labels when the representation does', () => {
    const labelled = renderTestRole(ADMINS, USERS, true);
    const node = parseFilter('members.display eq "eleve (label)"');
    expect(evaluateFilter(node, labelled, GROUP_RESOURCE_TYPE)).toBe(true);
  });

  it('treats values of the wrong JSON type as absent', () => {
    const resource = { id: 'a-1', title: 12, emails: 'not-an-array', name: 'flat' };
    expect(evaluateFilter(parseFilter('title pr'), resource, USER_RESOURCE_TYPE)).toBe(false);
    expect(evaluateFilter(parseFilter('title ne "x"'), resource, USER_RESOURCE_TYPE)).toBe(true);
    expect(evaluateFilter(parseFilter('emails pr'), resource, USER_RESOURCE_TYPE)).toBe(false);
    expect(evaluateFilter(parseFilter('name.givenName pr'), resource, USER_RESOURCE_TYPE)).toBe(
      false,
    );
  });

  it('throws invalidFilter for filters outside the schema', () => {
    const error = catchScimError(() =>
      evaluateFilter(parseFilter('nickname gt true'), renderedUsers[0], USER_RESOURCE_TYPE),
    );
    expect(error.scimType).toBe('invalidFilter');
  });

  it('accepts coerced bare booleans', () => {
    const node = parseFilter('active eq False', { allowBareValues: true });
    expect(evaluateFilter(node, renderedUsers[1], USER_RESOURCE_TYPE)).toBe(true);
  });
});

describe('createValueFilterMatcher', () => {
  const emails = [
    { value: 'a@work.test', type: 'work', primary: true },
    { value: 'b@home.test', type: 'home' },
    { value: 'c@work.test', type: 'Work' },
    'not an object',
  ];

  function matcher(text: string) {
    return createValueFilterMatcher(parsePatchPath(text) as PatchPathNode, USER_RESOURCE_TYPE);
  }

  it('selects matching elements', () => {
    const matches = matcher('emails[type eq "work"]');
    expect(emails.map(matches)).toEqual([true, false, true, false]);
  });

  it('returns the indexes of matching elements', () => {
    const path = parsePatchPath('emails[type eq "work"]') as PatchPathNode;
    expect(findMatchingElements(path, emails, USER_RESOURCE_TYPE)).toEqual([0, 2]);
  });

  it('applies every condition to one element', () => {
    const matches = matcher('emails[type eq "work" and primary eq true]');
    expect(emails.map(matches)).toEqual([true, false, false, false]);
  });

  it('ignores the sub-attribute after the filter', () => {
    const matches = matcher('emails[value ew "home.test"].display');
    expect(emails.map(matches)).toEqual([false, true, false, false]);
  });

  it('tests a single-valued complex attribute', () => {
    const matches = matcher(`${ENTERPRISE}:manager[value eq "a-1"]`);
    expect(matches({ value: 'a-1' })).toBe(true);
    expect(matches({ value: 'a-2' })).toBe(false);
  });

  it('tests group members', () => {
    const matches = createValueFilterMatcher(
      parsePatchPath('members[value eq "a-2"]') as PatchPathNode,
      GROUP_RESOURCE_TYPE,
    );
    expect(matches({ value: 'a-2', type: 'User' })).toBe(true);
    expect(matches({ value: 'a-3' })).toBe(false);
  });

  it('rejects an unknown sub-attribute as invalidPath', () => {
    const error = catchScimError(() => matcher('emails[kind eq "work"]'));
    expect(error.scimType).toBe('invalidPath');
    expect(error.detail).toContain(
      'Invalid path at position 7: "emails" has no sub-attribute "kind"',
    );
  });

  it('rejects a filter on a simple attribute', () => {
    const error = catchScimError(() => matcher('userName[value eq "x"]'));
    expect(error.scimType).toBe('invalidPath');
    expect(error.detail).toContain('applies to complex attributes');
  });

  it('rejects a path without a filter', () => {
    const error = catchScimError(() => matcher('emails'));
    expect(error.scimType).toBe('invalidPath');
  });
});
