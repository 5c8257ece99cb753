import { invalidPath } from '../errors/catalogue.js';
import type { ScimError } from '../errors/scim-error.js';
import { ALL_SCHEMAS } from '../schema/resource-type.js';
import type { PatchPath, SchemaPathNode } from './ast.js';
import { describeToken, tokenize, type SyntaxErrorFactory } from './filter-lexer.js';
import { FilterParser, type FilterParseOptions } from './filter-parser.js';
import { isAttributeName } from './parse-attribute-path.js';
import { checkFilterText } from './parse-filter.js';

const failPath: SyntaxErrorFactory = (detail, position) =>
  invalidPath(`Invalid path at position ${position}: ${detail}`);

/**
 * Parses a PATCH operation path (RFC 7644 §3.5.2 `PATH = attrPath / valuePath [subAttr]`), such
 * as `name.givenName`, `members[value eq "a-1"]` or `emails[type eq "work"].value`. A path that
 * is exactly a schema URN returns a `schemaPath` node, which targets everything that schema
 * contributes. Throws a 400 `invalidPath` ScimError whose detail names the 0-based position.
 */
export function parsePatchPath(text: string, options: FilterParseOptions = {}): PatchPath {
  return parsePathText(text, options, failPath);
}

/**
 * Parses `attrPath / valuePath [subAttr]` or a bare schema URN, reporting errors through `fail`.
 * Projection lists use the same shapes with a different error type.
 */
export function parsePathText(
  text: string,
  options: FilterParseOptions,
  fail: SyntaxErrorFactory,
): PatchPath {
  checkFilterText(text, fail);
  const schemaPath = matchSchemaUrn(text);
  if (schemaPath !== undefined) return schemaPath;

  const parser = new FilterParser(tokenize(text, fail), options, fail);
  const first = parser.peek();
  if (first.kind !== 'word') {
    throw fail(`expected an attribute name, found ${describeToken(first)}`, first.position);
  }
  const attribute = parser.parseAttributePath();
  if (parser.peek().kind !== '[') {
    parser.expectEnd('the end of the path');
    return Object.freeze({
      kind: 'patchPath',
      attribute,
      filter: undefined,
      valueSubAttribute: undefined,
    });
  }

  const { filter } = parser.parseValuePath(attribute);
  const valueSubAttribute = parseValueSubAttribute(parser, fail);
  parser.expectEnd('the end of the path or ".subAttribute" right after "]"');
  return Object.freeze({ kind: 'patchPath', attribute, filter, valueSubAttribute });
}

/** Parses the optional `subAttr` that may follow a value path, with no space before it. */
function parseValueSubAttribute(
  parser: FilterParser,
  fail: SyntaxErrorFactory,
): string | undefined {
  const token = parser.peek();
  if (token.kind !== 'word' || !token.value.startsWith('.') || !parser.followsPrevious(token)) {
    return undefined;
  }
  parser.next();
  const name = token.value.slice(1);
  if (!isAttributeName(name)) throw invalidSubAttribute(name, token.position + 1, fail);
  return name;
}

function invalidSubAttribute(name: string, position: number, fail: SyntaxErrorFactory): ScimError {
  return fail(
    `expected a sub-attribute name after "].", found ${JSON.stringify(name)}; sub-attribute names start with a letter and contain only letters, digits, "-" and "_"`,
    position,
  );
}

function matchSchemaUrn(text: string): SchemaPathNode | undefined {
  const urn = text.trim().toLowerCase();
  const schema = ALL_SCHEMAS.find((candidate) => candidate.id.toLowerCase() === urn);
  return schema && Object.freeze({ kind: 'schemaPath', urn: schema.id });
}
