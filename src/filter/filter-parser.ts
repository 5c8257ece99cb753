import type {
  AttributePathNode,
  ComparisonNode,
  ComparisonOperator,
  FilterNode,
  LiteralValue,
  LogicalNode,
  NotNode,
  PresentNode,
  ValuePathNode,
} from './ast.js';
import { describeToken, type SyntaxErrorFactory, type Token } from './filter-lexer.js';
import {
  formatAttributePath,
  isAttributeName,
  parseAttributePath,
} from './parse-attribute-path.js';

/** Parse options; all are off by default and the okta and azure flavours turn them on. */
export interface FilterParseOptions {
  /**
   * Accept unquoted comparison values, such as `name.familyName eq Smith`. A bare word runs until
   * whitespace, `(`, `)`, `[`, `]` or `"`; bare `true`, `false`, `null` and numbers stay JSON
   * literals.
   */
  readonly allowBareValues?: boolean;
  /**
   * Accept `emails[type eq "work"].value eq "x"`, meaning one element has both type work and
   * value x, as Microsoft Entra ID sends it.
   */
  readonly allowValuePathSubAttribute?: boolean;
}

/*
 * Limits that keep a hostile filter from exhausting the stack or producing SQL that the
 * databases reject (SQLite's default maximum expression depth is 1000).
 * NOTE: the values are judgement calls, far above what identity providers send.
 */
export const MAX_FILTER_LENGTH = 10_000;
export const MAX_NESTING_DEPTH = 32;
export const MAX_COMPARISONS = 200;

const COMPARISON_OPERATORS: ReadonlySet<string> = new Set([
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
]);

const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

export const TOLERANT_ENDPOINTS = '/provisioning/okta/v2 and /provisioning/azure/v2';

/**
 * Recursive-descent parser over the tokens of a filter or PATCH path. Each method implements one
 * rule of the RFC 7644 §3.4.2.2 grammar; `and` binds tighter than `or`, and `not` always takes a
 * parenthesized filter.
 */
export class FilterParser {
  private index = 0;
  private depth = 0;
  private comparisons = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly options: FilterParseOptions,
    private readonly fail: SyntaxErrorFactory,
  ) {}

  peek(): Token {
    return this.tokens[this.index]!;
  }

  next(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  /** RFC 7644 §3.4.2.2 `FILTER` and `logExp`: the lowest precedence level, `or`. */
  parseFilter(inValueFilter: boolean): FilterNode {
    let left = this.parseConjunction(inValueFilter);
    while (this.isKeyword(this.peek(), 'or')) {
      const keyword = this.next();
      const right = this.parseConjunction(inValueFilter);
      left = logical('or', left, right, keyword.position);
    }
    return left;
  }

  /** RFC 7644 §3.4.2.2 `logExp` with `and`, which binds tighter than `or`. */
  private parseConjunction(inValueFilter: boolean): FilterNode {
    let left = this.parseOperand(inValueFilter);
    while (this.isKeyword(this.peek(), 'and')) {
      const keyword = this.next();
      const right = this.parseOperand(inValueFilter);
      left = logical('and', left, right, keyword.position);
    }
    return left;
  }

  /** Parses one operand of `and`: `not (FILTER)`, `(FILTER)`, `attrExp` or `valuePath`. */
  private parseOperand(inValueFilter: boolean): FilterNode {
    const token = this.peek();
    if (this.isKeyword(token, 'not')) return this.parseNegation(inValueFilter);
    if (token.kind === '(') return this.parseGroup(inValueFilter);
    if (token.kind === 'word' && !this.isKeyword(token, 'and') && !this.isKeyword(token, 'or')) {
      return this.parseAttributeExpression(inValueFilter);
    }
    throw this.fail(this.expectedOperand(token), token.position);
  }

  /** RFC 7644 §3.4.2.2 `*1"not" "(" FILTER ")"`. */
  private parseNegation(inValueFilter: boolean): NotNode {
    const keyword = this.next();
    const open = this.peek();
    if (open.kind !== '(') {
      throw this.fail(
        `expected "(" after "${keyword.source}", found ${describeToken(open)}; write not (filter)`,
        open.position,
      );
    }
    const filter = this.parseGroup(inValueFilter);
    return Object.freeze({ kind: 'not', filter, position: keyword.position });
  }

  /** RFC 7644 §3.4.2.2 grouping: `"(" FILTER ")"`. */
  private parseGroup(inValueFilter: boolean): FilterNode {
    const open = this.next();
    this.enter(open);
    const filter = this.parseFilter(inValueFilter);
    this.expectClosing(')', open);
    this.depth -= 1;
    return filter;
  }

  /** RFC 7644 §3.4.2.2 `attrExp` and `valuePath`. */
  private parseAttributeExpression(inValueFilter: boolean): FilterNode {
    const attribute = this.parseAttributePath();
    if (this.peek().kind !== '[') return this.parseAttributeOperator(attribute);
    if (inValueFilter) {
      throw this.fail(
        `a value filter cannot contain another value filter; compare sub-attributes of the outer attribute directly, e.g. type eq "work"`,
        this.peek().position,
      );
    }
    const valuePath = this.parseValuePath(attribute);
    const dot = this.peek();
    if (dot.kind === 'word' && dot.value.startsWith('.') && this.followsPrevious(dot)) {
      return this.parseValuePathSubAttribute(valuePath, dot);
    }
    return valuePath;
  }

  /** RFC 7644 §3.4.2.2 `valuePath = attrPath "[" valFilter "]"`. */
  parseValuePath(attribute: AttributePathNode): ValuePathNode {
    const open = this.next();
    this.enter(open);
    const filter = this.parseFilter(true);
    this.expectClosing(']', open);
    this.depth -= 1;
    return Object.freeze({ kind: 'valuePath', attribute, filter, position: attribute.position });
  }

  /**
   * `emails[type eq "work"].value eq "x"`, accepted with `allowValuePathSubAttribute`: the same as
   * `emails[type eq "work" and value eq "x"]`, and built as that tree.
   */
  private parseValuePathSubAttribute(valuePath: ValuePathNode, dot: Token): FilterNode {
    const name = dot.value.slice(1);
    if (!this.options.allowValuePathSubAttribute) {
      const outer = valuePath.attribute.name;
      throw this.fail(
        `a sub-attribute after a value filter ("].${name}") is not part of the filter grammar (RFC 7644 §3.4.2.2); move the comparison inside the brackets, as in ${outer}[type eq "work" and ${name} eq "x"]. ${TOLERANT_ENDPOINTS} accept this form`,
        dot.position,
      );
    }
    this.next();
    if (!isAttributeName(name)) {
      throw this.fail(
        `expected a sub-attribute name after "].", found ${JSON.stringify(name)}`,
        dot.position + 1,
      );
    }
    const subAttribute = Object.freeze({
      kind: 'attributePath' as const,
      urn: undefined,
      name,
      subAttribute: undefined,
      position: dot.position + 1,
    });
    const comparison = this.parseAttributeOperator(subAttribute);
    const filter = logical('and', valuePath.filter, comparison, dot.position);
    return Object.freeze({ ...valuePath, filter });
  }

  /** RFC 7644 §3.4.2.2 `attrPath SP "pr"` or `attrPath SP compareOp SP compValue`. */
  private parseAttributeOperator(attribute: AttributePathNode): ComparisonNode | PresentNode {
    const token = this.next();
    const operator = token.kind === 'word' ? token.value.toLowerCase() : '';
    this.countComparison(attribute);
    if (operator === 'pr') {
      return Object.freeze({
        kind: 'present',
        attribute,
        position: attribute.position,
        operatorPosition: token.position,
      });
    }
    if (!COMPARISON_OPERATORS.has(operator)) {
      throw this.fail(
        `expected a comparison operator after ${JSON.stringify(formatAttributePath(attribute))}, found ${describeToken(token)}; use eq, ne, co, sw, ew, gt, ge, lt, le or pr`,
        token.position,
      );
    }
    const valueToken = this.next();
    const { value, bare } = this.parseComparisonValue(valueToken, token);
    return Object.freeze({
      kind: 'comparison',
      attribute,
      operator: operator as ComparisonOperator,
      value,
      bare,
      position: attribute.position,
      operatorPosition: token.position,
      valuePosition: valueToken.position,
    });
  }

  /** RFC 7644 §3.4.2.2 `compValue = false / null / true / number / string` (JSON, RFC 8259). */
  private parseComparisonValue(
    token: Token,
    operator: Token,
  ): { value: LiteralValue; bare: boolean } {
    if (token.kind === 'string') return { value: token.value, bare: false };
    if (token.kind !== 'word') {
      throw this.fail(
        `expected a value after "${operator.source}", found ${describeToken(token)}; write a quoted string, a number, true, false or null`,
        token.position,
      );
    }
    const word = token.value;
    if (word === 'true') return { value: true, bare: false };
    if (word === 'false') return { value: false, bare: false };
    if (word === 'null') return { value: null, bare: false };
    if (JSON_NUMBER.test(word)) return { value: this.parseNumber(token), bare: false };
    if (this.options.allowBareValues) return { value: word, bare: true };

    const lower = word.toLowerCase();
    if (lower === 'true' || lower === 'false' || lower === 'null') {
      throw this.fail(
        `found ${JSON.stringify(word)} after "${operator.source}"; JSON literals are lower case, so write ${lower}, or "${word}" for a string`,
        token.position,
      );
    }
    throw this.fail(
      `the value ${word} after "${operator.source}" is not quoted; write it in double quotes, as ${JSON.stringify(word)}. Only ${TOLERANT_ENDPOINTS} accept unquoted values`,
      token.position,
    );
  }

  private parseNumber(token: Token): number {
    const value = Number(token.value);
    if (!Number.isFinite(value)) {
      throw this.fail(`the number ${token.value} is out of range`, token.position);
    }
    return value;
  }

  /** RFC 7644 §3.4.2.2 `attrPath`. */
  parseAttributePath(): AttributePathNode {
    const token = this.next();
    if (token.kind !== 'word') throw this.fail(this.expectedOperand(token), token.position);
    return parseAttributePath(token.value, token.position, this.fail);
  }

  /** Throws unless every token has been read. `expected` names what the text may continue with. */
  expectEnd(expected: string): void {
    const token = this.peek();
    if (token.kind === 'end') return;
    if (token.kind === ')' || token.kind === ']') {
      throw this.fail(
        `unmatched "${token.kind}"; remove it or open it earlier with "${token.kind === ')' ? '(' : '['}"`,
        token.position,
      );
    }
    throw this.fail(`expected ${expected}, found ${describeToken(token)}`, token.position);
  }

  private expectClosing(kind: ')' | ']', open: Token): void {
    const token = this.next();
    if (token.kind === kind) return;
    const expected = `expected "${kind}" to close the "${open.kind}" at position ${open.position}`;
    if (token.kind === 'end')
      throw this.fail(`${expected}, found the end of the text`, token.position);
    throw this.fail(
      `${expected}, found ${describeToken(token)}; join expressions with "and" or "or"`,
      token.position,
    );
  }

  private enter(open: Token): void {
    this.depth += 1;
    if (this.depth > MAX_NESTING_DEPTH) {
      throw this.fail(
        `the filter nests parentheses and brackets more than ${MAX_NESTING_DEPTH} levels deep; simplify it`,
        open.position,
      );
    }
  }

  private countComparison(attribute: AttributePathNode): void {
    this.comparisons += 1;
    if (this.comparisons > MAX_COMPARISONS) {
      throw this.fail(
        `the filter has more than ${MAX_COMPARISONS} comparisons; split the query into several requests`,
        attribute.position,
      );
    }
  }

  private isKeyword(token: Token, keyword: 'and' | 'or' | 'not'): boolean {
    return token.kind === 'word' && token.value.toLowerCase() === keyword;
  }

  private expectedOperand(token: Token): string {
    if (this.isKeyword(token, 'and') || this.isKeyword(token, 'or')) {
      return `expected an attribute name, "not" or "(", found the keyword ${describeToken(token)}; write an expression on each side of "and" and "or"`;
    }
    if (token.kind === 'string') {
      return `expected an attribute name, found the string ${token.source}; attribute names are not quoted`;
    }
    return `expected an attribute name, "not" or "(", found ${describeToken(token)}`;
  }

  /** Tells whether `token` starts right where the previous token ends, with no space between. */
  followsPrevious(token: Token): boolean {
    const previous = this.tokens[this.index - 1];
    return previous !== undefined && previous.position + previous.source.length === token.position;
  }
}

function logical(
  kind: 'and' | 'or',
  left: FilterNode,
  right: FilterNode,
  position: number,
): LogicalNode {
  return Object.freeze({ kind, left, right, position });
}
