import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isScimError } from '../../src/errors/scim-error.js';
import { parseFilter, type FilterParseOptions } from '../../src/filter/parse-filter.js';
import { parsePatchPath } from '../../src/filter/parse-patch-path.js';

/*
 * Parsers must return a tree or throw a 400 ScimError for every input: never a TypeError, a
 * RangeError from deep recursion, or a hang.
 */

const OPTION_SETS: FilterParseOptions[] = [
  {},
  { allowBareValues: true, allowValuePathSubAttribute: true },
];

/** Fragments of the filter grammar, valid and nearly valid, to splice together. */
const FRAGMENTS = [
  'userName',
  'name.familyName',
  'emails',
  'emails.value',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
  'urn:ietf:params:scim:schemas:core:2.0:User',
  'members.$ref',
  'eq',
  'NE',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
  'pr',
  'and',
  'or',
  'not',
  'NOT',
  '(',
  ')',
  '[',
  ']',
  '].value',
  '.',
  ':',
  '"x"',
  '"',
  '\\',
  '"\\u00e9"',
  '"\\ud83d\\ude00"',
  '"\\ud800"',
  '"\\u12"',
  '"\\q"',
  '"a\tb"',
  'true',
  'false',
  'null',
  'True',
  '12',
  '-1.5e3',
  '1e999',
  '2015-10-10T14:38:21.8617979-07:00',
  'Smith',
  'élève',
  '😀',
  '\ud800',
  '\u0000',
  ' ',
  '\t',
  '\n',
];

const fragmentText = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 24 })
  .chain((parts) =>
    fc
      .array(fc.constantFrom(' ', '', ''), { minLength: parts.length, maxLength: parts.length })
      .map((gaps) => parts.map((part, index) => `${part}${gaps[index]}`).join('')),
  );

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'binary-ascii', maxLength: 80 }),
  fragmentText,
);

/** Valid filters with one character deleted, inserted or replaced. */
const nearMiss = fc
  .tuple(
    fc.constantFrom(
      'userName eq "bjensen"',
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp"]',
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      'meta.lastModified gt "2011-05-13T04:42:34Z"',
      'members[value eq "a-1"].display',
    ),
    fc.nat(),
    fc.constantFrom('delete', 'insert', 'replace'),
    fc.constantFrom('(', ')', '[', ']', '"', '\\', ' ', '.', ':', 'x', 'é', '\ud800'),
  )
  .map(([text, at, edit, char]) => {
    const index = at % (text.length + 1);
    if (edit === 'delete') return text.slice(0, index) + text.slice(index + 1);
    if (edit === 'insert') return text.slice(0, index) + char + text.slice(index);
    return text.slice(0, index) + char + text.slice(index + 1);
  });

function expectTreeOrBadRequest(parse: () => unknown): void {
  try {
    expect(parse()).toBeTypeOf('object');
  } catch (error) {
    if (!isScimError(error)) throw error;
    expect(error.status).toBe(400);
  }
}

describe('parser fuzzing', () => {
  it.each(OPTION_SETS)('parseFilter returns a tree or a 400 (options %o)', (options) => {
    fc.assert(
      fc.property(fc.oneof(anyText, nearMiss), (text) => {
        expectTreeOrBadRequest(() => parseFilter(text, options));
      }),
      { numRuns: 2000 },
    );
  });

  it.each(OPTION_SETS)('parsePatchPath returns a path or a 400 (options %o)', (options) => {
    fc.assert(
      fc.property(fc.oneof(anyText, nearMiss), (text) => {
        expectTreeOrBadRequest(() => parsePatchPath(text, options));
      }),
      { numRuns: 2000 },
    );
  });

  it('handles deeply nested input', () => {
    for (const open of ['(', 'not (', 'emails[']) {
      expectTreeOrBadRequest(() => parseFilter(`${open.repeat(5000)}title pr`));
    }
  });
});
