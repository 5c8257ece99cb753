import { describe, expect, it } from 'vitest';

import type { ComparisonNode, FilterNode, LogicalNode } from '../../src/filter/ast.js';
import { MAX_COMPARISONS, MAX_NESTING_DEPTH } from '../../src/filter/filter-parser.js';
import { parseFilter, type FilterParseOptions } from '../../src/filter/parse-filter.js';
import { catchScimError, showFilter } from './support/show-filter.js';

const TOLERANT: FilterParseOptions = { allowBareValues: true, allowValuePathSubAttribute: true };
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('parseFilter', () => {
  // Every example filter of RFC 7644 §3.4.2.2.
  const rfcExamples: [string, string][] = [
    ['userName eq "bjensen"', '(eq userName "bjensen")'],
    [`name.familyName co "O'Malley"`, `(co name.familyName "O'Malley")`],
    ['userName sw "J"', '(sw userName "J")'],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
      '(sw urn:ietf:params:scim:schemas:core:2.0:User:userName "J")',
    ],
    ['title pr', '(pr title)'],
    [
      'meta.lastModified gt "2011-05-13T04:42:34Z"',
      '(gt meta.lastModified "2011-05-13T04:42:34Z")',
    ],
    [
      'meta.lastModified ge "2011-05-13T04:42:34Z"',
      '(ge meta.lastModified "2011-05-13T04:42:34Z")',
    ],
    [
      'meta.lastModified lt "2011-05-13T04:42:34Z"',
      '(lt meta.lastModified "2011-05-13T04:42:34Z")',
    ],
    [
      'meta.lastModified le "2011-05-13T04:42:34Z"',
      '(le meta.lastModified "2011-05-13T04:42:34Z")',
    ],
    ['title pr and userType eq "Employee"', '(and (pr title) (eq userType "Employee"))'],
    ['title pr or userType eq "Intern"', '(or (pr title) (eq userType "Intern"))'],
    [`schemas eq "${ENTERPRISE}"`, `(eq schemas "${ENTERPRISE}")`],
    [
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      '(and (eq userType "Employee") (or (co emails "example.com") (co emails.value "example.org")))',
    ],
    [
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      '(and (ne userType "Employee") (not (or (co emails "example.com") (co emails.value "example.org"))))',
    ],
    [
      'userType eq "Employee" and (emails.type eq "work")',
      '(and (eq userType "Employee") (eq emails.type "work"))',
    ],
    [
      'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
      '(and (eq userType "Employee") (emails[] (and (eq type "work") (co value "@example.com"))))',
    ],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      '(or (emails[] (and (eq type "work") (co value "@example.com"))) (ims[] (and (eq type "xmpp") (co value "@foo.com"))))',
    ],
  ];

  it.each(rfcExamples)('parses the RFC example %s', (text, expected) => {
    expect(showFilter(parseFilter(text))).toBe(expected);
  });

  const valid: [string, string][] = [
    ['userName Eq "john"', '(eq userName "john")'],
    ['userName EQ "john"', '(eq userName "john")'],
    ['UserName eq "john"', '(eq UserName "john")'],
    [`${ENTERPRISE}:department eq "Sales"`, `(eq ${ENTERPRISE}:department "Sales")`],
    [`${ENTERPRISE}:manager.value eq "a-1"`, `(eq ${ENTERPRISE}:manager.value "a-1")`],
    ['displayName eq "and or not"', '(eq displayName "and or not")'],
    [
      'displayName eq "userName eq \\"x\\" pr ( ) [ ]"',
      '(eq displayName "userName eq \\"x\\" pr ( ) [ ]")',
    ],
    ['userName eq "\\u00e9l\\u00e8ve"', '(eq userName "élève")'],
    ['userName eq "élève"', '(eq userName "élève")'],
    ['displayName eq "日本語 😀"', '(eq displayName "日本語 😀")'],
    ['displayName eq "\\ud83d\\ude00"', '(eq displayName "😀")'],
    [
      'displayName eq "\\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t"',
      `(eq displayName ${JSON.stringify('"q" \\ / \b\f\n\r\t')})`,
    ],
    ['displayName eq ""', '(eq displayName "")'],
    [
      'title pr or userType pr and nickName pr',
      '(or (pr title) (and (pr userType) (pr nickName)))',
    ],
    [
      'title pr and userType pr or nickName pr',
      '(or (and (pr title) (pr userType)) (pr nickName))',
    ],
    ['title pr or userType pr or nickName pr', '(or (or (pr title) (pr userType)) (pr nickName))'],
    [
      'title pr and userType pr and nickName pr',
      '(and (and (pr title) (pr userType)) (pr nickName))',
    ],
    [
      '(title pr or userType pr) and nickName pr',
      '(and (or (pr title) (pr userType)) (pr nickName))',
    ],
    ['not (title pr) and nickName pr', '(and (not (pr title)) (pr nickName))'],
    ['not(title pr)', '(not (pr title))'],
    ['NOT (title pr) OR Not (nickName PR)', '(or (not (pr title)) (not (pr nickName)))'],
    ['not (not (title pr))', '(not (not (pr title)))'],
    ['((((title pr))))', '(pr title)'],
    ['  userName \t eq\n"x"  ', '(eq userName "x")'],
    ['(userName eq"x")and(title pr)', '(and (eq userName "x") (pr title))'],
    ['emails [type eq "work"]', '(emails[] (eq type "work"))'],
    ['emails[not (type eq "work")]', '(emails[] (not (eq type "work")))'],
    [
      'emails[(type eq "work" or type eq "home") and primary eq true]',
      '(emails[] (and (or (eq type "work") (eq type "home")) (eq primary true)))',
    ],
    [
      'emails[type eq "work"] and emails[primary eq true]',
      '(and (emails[] (eq type "work")) (emails[] (eq primary true)))',
    ],
    ['active eq true', '(eq active true)'],
    ['active ne false', '(ne active false)'],
    ['title eq null', '(eq title null)'],
    ['x-count gt -1.5e3', '(gt x-count -1500)'],
    ['x_count ge 0', '(ge x_count 0)'],
    ['members.$ref pr', '(pr members.$ref)'],
    ['userName eq "pr"', '(eq userName "pr")'],
    ['userName co "%_\\\\"', '(co userName "%_\\\\")'],
  ];

  it.each(valid)('parses %s', (text, expected) => {
    expect(showFilter(parseFilter(text))).toBe(expected);
  });

  it('records 0-based positions', () => {
    const text = 'title pr and userName eq "x"';
    const node = parseFilter(text);
    expect(node).toMatchObject({ kind: 'and', position: 9 });
    const and = node as LogicalNode;
    expect(and.left).toMatchObject({ kind: 'present', position: 0, operatorPosition: 6 });
    expect(and.right).toEqual({
      kind: 'comparison',
      attribute: {
        kind: 'attributePath',
        urn: undefined,
        name: 'userName',
        subAttribute: undefined,
        position: 13,
      },
      operator: 'eq',
      value: 'x',
      bare: false,
      position: 13,
      operatorPosition: 22,
      valuePosition: 25,
    });
  });

  it('splits a URN at its last colon', () => {
    const node = parseFilter(`${ENTERPRISE}:manager.value eq "a-1"`) as ComparisonNode;
    expect(node.attribute.urn).toBe(ENTERPRISE);
    expect(node.attribute.name).toBe('manager');
    expect(node.attribute.subAttribute).toBe('value');
  });

  it('returns frozen nodes', () => {
    const node = parseFilter('emails[type eq "work"] and title pr');
    expect(Object.isFrozen(node)).toBe(true);
    const and = node as LogicalNode;
    expect(Object.isFrozen(and.left)).toBe(true);
    expect(Object.isFrozen((and.left as Extract<FilterNode, { kind: 'valuePath' }>).filter)).toBe(
      true,
    );
  });
});

describe('parseFilter with the tolerant options', () => {
  const valid: [string, string][] = [
    ['name.familyName eq Smith', '(eq name.familyName bare:Smith)'],
    ['emails.value co example.com', '(co emails.value bare:example.com)'],
    ['userName sw O', '(sw userName bare:O)'],
    [`name.familyName eq O'Malley`, `(eq name.familyName bare:O'Malley)`],
    [
      'meta.created gt 2015-10-10T14:38:21.8617979-07:00',
      '(gt meta.created bare:2015-10-10T14:38:21.8617979-07:00)',
    ],
    ['userName eq Smith and title pr', '(and (eq userName bare:Smith) (pr title))'],
    ['(userName eq Smith)', '(eq userName bare:Smith)'],
    ['emails[value eq a@b.test]', '(emails[] (eq value bare:a@b.test))'],
    ['active eq true', '(eq active true)'],
    ['active eq True', '(eq active bare:True)'],
    ['title eq null', '(eq title null)'],
    ['externalId eq 12', '(eq externalId 12)'],
    ['userName eq "quoted"', '(eq userName "quoted")'],
    ['userName eq and', '(eq userName bare:and)'],
    ['emails[type eq "work"].value eq "x"', '(emails[] (and (eq type "work") (eq value "x")))'],
    ['emails[type eq "work"].value pr', '(emails[] (and (eq type "work") (pr value)))'],
    [
      'emails[type eq "work" or type eq "home"].value co "@x" and title pr',
      '(and (emails[] (and (or (eq type "work") (eq type "home")) (co value "@x"))) (pr title))',
    ],
  ];

  it.each(valid)('parses %s', (text, expected) => {
    expect(showFilter(parseFilter(text, TOLERANT))).toBe(expected);
  });

  it('marks bare values', () => {
    const node = parseFilter('name.familyName eq Smith', TOLERANT) as ComparisonNode;
    expect(node.bare).toBe(true);
    expect(node.value).toBe('Smith');
    expect(node.valuePosition).toBe(19);
  });

  it('keeps quoted values not bare', () => {
    const node = parseFilter('name.familyName eq "Smith"', TOLERANT) as ComparisonNode;
    expect(node.bare).toBe(false);
  });
});

describe('parseFilter errors', () => {
  // [input, position, text the detail must contain]
  const invalid: [string, number, string][] = [
    [
      'userName equals "john"',
      9,
      'expected a comparison operator after "userName", found "equals"',
    ],
    ['userName eq', 11, 'expected a value after "eq", found the end of the text'],
    ['userName', 8, 'expected a comparison operator after "userName", found the end of the text'],
    ['', 0, 'the text is empty'],
    ['   ', 0, 'the text is empty'],
    ['userName eq "john', 12, 'no closing double quote'],
    ['userName eq john', 12, 'the value john after "eq" is not quoted'],
    ['(userName eq "a"', 16, 'expected ")" to close the "(" at position 0'],
    ['userName eq "a")', 15, 'unmatched ")"'],
    ['userName eq "a" "b"', 16, 'expected "and", "or" or the end of the filter, found "b"'],
    ['userName eq "a" and', 19, 'found the end of the text'],
    ['and userName pr', 0, 'found the keyword "and"'],
    ['title pr and or userName pr', 13, 'found the keyword "or"'],
    ['not userName pr', 4, 'expected "(" after "not", found "userName"'],
    ['emails[type eq "work"', 21, 'expected "]" to close the "[" at position 6'],
    ['emails[type eq "work"].value eq "x"', 22, '/provisioning/okta/v2 and /provisioning/azure/v2'],
    ['emails[type[value eq "x"] eq "y"]', 11, 'cannot contain another value filter'],
    ['"userName" eq "x"', 0, 'found the string "userName"; attribute names are not quoted'],
    ['user@name eq "x"', 0, 'found "user@name"'],
    ['name.given.family eq "x"', 11, 'more than one sub-attribute'],
    ['name. eq "x"', 5, 'expected a sub-attribute name after "name.", found ""'],
    ['urn:ietf:params:scim:schemas:core:2.0:User: eq "x"', 43, 'expected an attribute path'],
    ['9lives eq "x"', 0, 'found "9lives"'],
    ['userName eq "a\\qb"', 14, '"\\q" is not a JSON escape'],
    ['userName eq "\\u12"', 13, 'four hexadecimal digits'],
    ['userName eq "\\ud800"', 13, 'surrogate pair'],
    ['userName eq "a\tb"', 14, 'control character U+0009'],
    ['userName eq "\\u0000"', 13, 'U+0000'],
    ['userName eq True', 12, 'write true'],
    ['userName eq NULL', 12, 'write null'],
    ['userName eq 1e999', 12, 'out of range'],
    ['userName eq 01', 12, 'not quoted'],
    ['userName pr pr', 12, 'found "pr"'],
    ['userName eq (', 12, 'expected a value after "eq", found "("'],
    ['userName eq ]', 12, 'found "]"'],
    ['[type eq "x"]', 0, 'expected an attribute name, "not" or "(", found "["'],
    ['title pr )', 9, 'unmatched ")"'],
    ['title pr ]', 9, 'unmatched "]"'],
    ['()', 1, 'found ")"'],
    ['userName eq "\ud800"', 13, 'surrogate pair'],
  ];

  it.each(invalid)('rejects %s', (text, position, fragment) => {
    const error = catchScimError(() => parseFilter(text));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toContain(`Invalid filter at position ${position}: `);
    expect(error.detail).toContain(fragment);
  });

  it('rejects bare values without the option', () => {
    const error = catchScimError(() => parseFilter('name.familyName eq Smith'));
    expect(error.detail).toBe(
      'Invalid filter at position 19: the value Smith after "eq" is not quoted; write it in double quotes, as "Smith". Only /provisioning/okta/v2 and /provisioning/azure/v2 accept unquoted values',
    );
  });

  it('rejects a value path sub-attribute without the option', () => {
    const error = catchScimError(() => parseFilter('emails[type eq "work"].value eq "x"'));
    expect(error.detail).toContain('emails[type eq "work" and value eq "x"]');
  });

  it('rejects a spaced value path sub-attribute', () => {
    const error = catchScimError(() =>
      parseFilter('emails[type eq "work"] .value eq "x"', TOLERANT),
    );
    expect(error.detail).toContain('position 23');
  });

  it('rejects nesting beyond the limit', () => {
    const text = `${'('.repeat(MAX_NESTING_DEPTH + 1)}title pr${')'.repeat(MAX_NESTING_DEPTH + 1)}`;
    const error = catchScimError(() => parseFilter(text));
    expect(error.detail).toContain(`more than ${MAX_NESTING_DEPTH} levels deep`);
  });

  it('accepts nesting at the limit', () => {
    const text = `${'('.repeat(MAX_NESTING_DEPTH)}title pr${')'.repeat(MAX_NESTING_DEPTH)}`;
    expect(showFilter(parseFilter(text))).toBe('(pr title)');
  });

  it('rejects too many comparisons', () => {
    const text = Array.from({ length: MAX_COMPARISONS + 1 }, () => 'title pr').join(' or ');
    const error = catchScimError(() => parseFilter(text));
    expect(error.detail).toContain(`more than ${MAX_COMPARISONS} comparisons`);
  });

  it('rejects text over the length limit', () => {
    const error = catchScimError(() => parseFilter(`userName eq "${'x'.repeat(20_000)}"`));
    expect(error.detail).toContain('more than the limit');
  });
});
