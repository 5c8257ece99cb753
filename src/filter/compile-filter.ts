import type { Expression, SqlBool } from 'kysely';

import type { ResourceType } from '../schema/resource-type.js';
import type { DialectName } from '../storage/dialect-name.js';
import type { FilterNode } from './ast.js';
import { bindFilter } from './bind-filter.js';
import { FilterSqlCompiler } from './filter-sql-compiler.js';
import { PostgresFilterSqlCompiler } from './postgres-filter-sql-compiler.js';
import type { RowScopeOptions } from './sql-row-scopes.js';

export type CompileFilterOptions = RowScopeOptions;

/**
 * Compiles a filter into a condition on the resource type's table (`users` for User, `roles` for
 * Group), to use as `db.selectFrom('users').where(...).where(compileFilter(...))`. The table must
 * be referenced by its name, not an alias. Matches exactly the resources for which
 * `evaluateFilter` is true on their representation. Throws 400 `invalidFilter` when the filter
 * does not fit the schema.
 */
export function compileFilter(
  node: FilterNode,
  resourceType: ResourceType,
  dialect: DialectName,
  options: CompileFilterOptions = {},
): Expression<SqlBool> {
  const bound = bindFilter(node, resourceType);
  return createFilterSqlCompiler(resourceType, dialect, options).compile(bound);
}

/** Creates the compiler for a dialect: SQLite's, or PostgreSQL's overrides of it. */
export function createFilterSqlCompiler(
  resourceType: ResourceType,
  dialect: DialectName,
  options: CompileFilterOptions = {},
): FilterSqlCompiler {
  return dialect === 'postgres'
    ? new PostgresFilterSqlCompiler(resourceType, options)
    : new FilterSqlCompiler(resourceType, options);
}
