import { sql, type Expression } from 'kysely';

import { invalidValue } from '../errors/catalogue.js';
import type { ResourceType } from '../schema/resource-type.js';
import type { DialectName } from '../storage/dialect-name.js';
import type { BoundAttribute } from '../filter/bound-filter.js';
import { createFilterSqlCompiler, type CompileFilterOptions } from '../filter/compile-filter.js';
import type { SyntaxErrorFactory } from '../filter/filter-lexer.js';
import { parsePathText } from '../filter/parse-patch-path.js';
import { resolveFilterAttribute, SCHEMAS_TARGET } from '../filter/resolve-filter-attribute.js';

/** RFC 7644 §3.4.2.3 `sortOrder`. */
export type SortOrder = 'ascending' | 'descending';

/** One ORDER BY term, in the shape the repositories' list options take. */
export interface SortTerm {
  readonly expression: Expression<unknown>;
  readonly descending: boolean;
}

/**
 * Resolves a `sortBy` value (RFC 7644 §3.4.2.3) to the single-valued simple attribute it names.
 * Throws 400 `invalidValue` for an unknown, multi-valued or complex attribute, or for text that
 * is not an attribute path.
 */
export function resolveSortAttribute(sortBy: string, resourceType: ResourceType): BoundAttribute {
  const fail: SyntaxErrorFactory = (detail, position) =>
    invalidValue(`Invalid sortBy ${JSON.stringify(sortBy)} at position ${position}: ${detail}`);
  const path = parsePathText(sortBy, {}, fail);
  if (path.kind === 'schemaPath' || path.filter !== undefined) {
    throw fail('sortBy takes one attribute path, such as userName or name.familyName', 0);
  }

  const target = resolveFilterAttribute(path.attribute, resourceType, undefined, fail);
  if (target === SCHEMAS_TARGET || target.through !== undefined || target.definition.multiValued) {
    const name = target === SCHEMAS_TARGET ? SCHEMAS_TARGET : displayPath(target);
    throw fail(
      `"${name}" is multi-valued; sort by a single-valued attribute such as userName or name.familyName`,
      path.attribute.position,
    );
  }
  if (target.definition.type === 'complex') {
    const example = target.definition.subAttributes?.[0]?.name ?? 'value';
    throw fail(
      `"${target.path}" is a complex attribute; sort by one of its sub-attributes, such as ${target.path}.${example}`,
      path.attribute.position,
    );
  }
  return { keys: target.keys, path: target.path, scope: undefined, definition: target.definition };
}

/**
 * Builds the ORDER BY terms for a list: by `sortBy` in `sortOrder`, then by id so that pages are
 * stable. Text of attributes that are not caseExact sorts folded, in code point order. Resources
 * without a value sort last in ascending order and first in descending order (RFC 7644
 * §3.4.2.3), and descending is the exact reverse of ascending, ties included. Without `sortBy`
 * the order is by id ascending and `sortOrder` is ignored.
 */
export function compileSort(
  sortBy: string | undefined,
  sortOrder: SortOrder,
  resourceType: ResourceType,
  dialect: DialectName,
  options: CompileFilterOptions = {},
): readonly SortTerm[] {
  const table = resourceType.id === 'User' ? 'users' : 'roles';
  const id = sql.ref(`${table}.id`);
  if (sortBy === undefined) return [{ expression: id, descending: false }];

  const descending = sortOrder === 'descending';
  const attribute = resolveSortAttribute(sortBy, resourceType);
  const compiler = createFilterSqlCompiler(resourceType, dialect, options);
  const key = compiler.orderingKey(compiler.rootScope().value(attribute), attribute.definition);
  const terms: SortTerm[] = [];
  if (key !== undefined && attribute.path !== 'id') {
    terms.push({ expression: sql`(${key} is null)`, descending });
    terms.push({ expression: key, descending });
  }
  terms.push({ expression: id, descending });
  return terms;
}

function displayPath(target: BoundAttribute & { through: BoundAttribute | undefined }): string {
  return target.through === undefined ? target.path : `${target.through.path}.${target.path}`;
}
