import { invalidFilter } from '../errors/catalogue.js';
import type { FilterNode } from './ast.js';
import { findLoneSurrogate, tokenize, type SyntaxErrorFactory } from './filter-lexer.js';
import { FilterParser, MAX_FILTER_LENGTH, type FilterParseOptions } from './filter-parser.js';

export type { FilterParseOptions } from './filter-parser.js';

const failFilter: SyntaxErrorFactory = (detail, position) => invalidFilter(detail, position);

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2) into a frozen syntax tree. Operators and keywords are
 * case-insensitive; attribute names are checked against the schema later, when the filter is
 * bound to a resource type. Throws a 400 `invalidFilter` ScimError, whose detail names the
 * 0-based position and the offending token, for any text that does not parse.
 */
export function parseFilter(text: string, options: FilterParseOptions = {}): FilterNode {
  checkFilterText(text, failFilter);
  const parser = new FilterParser(tokenize(text, failFilter), options, failFilter);
  const filter = parser.parseFilter(false);
  parser.expectEnd('"and", "or" or the end of the filter');
  return filter;
}

/** Rejects text that is empty, too long, or not well-formed UTF-16. */
export function checkFilterText(text: string, fail: SyntaxErrorFactory): void {
  if (text.length > MAX_FILTER_LENGTH) {
    throw fail(
      `the text is ${text.length} characters long, more than the limit of ${MAX_FILTER_LENGTH}; split the query into several requests`,
      MAX_FILTER_LENGTH,
    );
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    throw fail('the text contains the character U+0000, which values can never contain', nul);
  }
  const surrogate = findLoneSurrogate(text);
  if (surrogate !== -1) {
    throw fail('the text contains half of a UTF-16 surrogate pair; send valid Unicode', surrogate);
  }
  if (text.trim() === '') {
    throw fail('the text is empty; write an expression such as userName eq "bjensen"', 0);
  }
}
