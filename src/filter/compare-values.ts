import type { AttributeDefinition } from '../schema/attribute.js';
import { foldCase } from '../storage/open-database.js';
import type { BoundOperator, BoundValue } from './bound-filter.js';
import { compareInstants, parseDateTime } from './date-time.js';

/*
 * The comparison rules shared by the in-memory evaluator and the SQL compiler (which uses them
 * for values that are the same on every row). The SQL compiler reproduces them in SQL; the
 * property tests check that both agree.
 *
 * Rules: null, a missing value, an empty string and a value of the wrong JSON type are absent.
 * An absent value is not present and matches no comparison. Strings of attributes that are not
 * caseExact are compared after foldCase on both sides. Strings order by Unicode code point,
 * which is SQLite's BINARY order and PostgreSQL's "C" collation of UTF-8 text.
 */

/** Tells whether a simple value counts as present (RFC 7644 §3.4.2.2 `pr`). */
export function isPresentValue(value: unknown, definition: AttributeDefinition): boolean {
  switch (definition.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
    case 'decimal':
      return typeof value === 'number';
    case 'complex':
      return false;
    default:
      return typeof value === 'string' && value !== '';
  }
}

/** Applies a comparison to one simple value; absent values match nothing. */
export function compareValue(
  actual: unknown,
  operator: BoundOperator,
  expected: BoundValue,
  caseExact: boolean,
): boolean {
  switch (expected.type) {
    case 'string':
      if (typeof actual !== 'string' || actual === '') return false;
      return compareStrings(actual, operator, expected.value, caseExact);
    case 'boolean':
      return typeof actual === 'boolean' && actual === expected.value;
    case 'number':
      return typeof actual === 'number' && applyOrder(Math.sign(actual - expected.value), operator);
    case 'dateTime': {
      const instant = typeof actual === 'string' ? parseDateTime(actual) : undefined;
      return (
        instant !== undefined && applyOrder(compareInstants(instant, expected.value), operator)
      );
    }
  }
}

function compareStrings(
  actual: string,
  operator: BoundOperator,
  expected: string,
  caseExact: boolean,
): boolean {
  const left = caseExact ? actual : foldCase(actual);
  const right = caseExact ? expected : foldCase(expected);
  switch (operator) {
    case 'co':
      return left.includes(right);
    case 'sw':
      return left.startsWith(right);
    case 'ew':
      return left.endsWith(right);
    default:
      return applyOrder(compareCodePoints(left, right), operator);
  }
}

function applyOrder(order: number, operator: BoundOperator): boolean {
  switch (operator) {
    case 'eq':
      return order === 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
    default:
      return false;
  }
}

/**
 * Orders strings by Unicode code point. JavaScript's `<` compares UTF-16 code units, which puts
 * characters above U+FFFF before U+E000..U+FFFF; shifting the code units fixes that.
 */
export function compareCodePoints(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a !== b) return codePointRank(a) - codePointRank(b);
  }
  return left.length - right.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
