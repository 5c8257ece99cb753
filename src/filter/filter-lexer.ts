import type { ScimError } from '../errors/scim-error.js';

/*
 * Splits filter and PATCH path text into tokens. A word is a run of characters other than
 * whitespace, parentheses, square brackets and double quotes, so attribute paths, operators,
 * keywords, JSON numbers and literals, and the unquoted values of the tolerant flavours are all
 * words. The parser distinguishes them by their place in the grammar.
 */

export type TokenKind = 'word' | 'string' | '(' | ')' | '[' | ']' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The decoded value for a string, the text for any other token, '' at the end. */
  readonly value: string;
  /** The token as written, quotes and escapes included. */
  readonly source: string;
  /** 0-based offset of the token's first character, in UTF-16 code units. */
  readonly position: number;
}

/** Builds the error for malformed text; filters and PATCH paths report different SCIM types. */
export type SyntaxErrorFactory = (detail: string, position: number) => ScimError;

const DELIMITERS = new Set(['(', ')', '[', ']']);

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Splits `text` into tokens, ending with an `end` token. */
export function tokenize(text: string, fail: SyntaxErrorFactory): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (isWhitespace(char)) {
      index += 1;
    } else if (DELIMITERS.has(char)) {
      tokens.push({ kind: char as TokenKind, value: char, source: char, position: index });
      index += 1;
    } else if (char === '"') {
      const token = scanString(text, index, fail);
      tokens.push(token);
      index += token.source.length;
    } else {
      const token = scanWord(text, index);
      tokens.push(token);
      index += token.source.length;
    }
  }
  tokens.push({ kind: 'end', value: '', source: '', position: text.length });
  return tokens;
}

export function isWhitespace(char: string): boolean {
  return /\s/u.test(char);
}

function scanWord(text: string, start: number): Token {
  let end = start;
  while (end < text.length) {
    const char = text[end]!;
    if (isWhitespace(char) || DELIMITERS.has(char) || char === '"') break;
    end += 1;
  }
  const word = text.slice(start, end);
  return { kind: 'word', value: word, source: word, position: start };
}

/** Decodes a JSON string (RFC 8259 §7) that starts at `start` with a double quote. */
function scanString(text: string, start: number, fail: SyntaxErrorFactory): Token {
  let value = '';
  let index = start + 1;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"') {
      return { kind: 'string', value, source: text.slice(start, index + 1), position: start };
    }
    if (char === '\\') {
      const escape = scanEscape(text, index, fail);
      value += escape.value;
      index = escape.end;
      continue;
    }
    const code = char.charCodeAt(0);
    if (code < 0x20) {
      throw fail(
        `the string contains the control character U+${hex(code)}, which JSON does not allow unescaped; write it as \\u${hex(code)}`,
        index,
      );
    }
    value += char;
    index += 1;
  }
  throw fail(
    `the string that starts here has no closing double quote; end it with " and escape quotes inside it as \\"`,
    start,
  );
}

function scanEscape(
  text: string,
  start: number,
  fail: SyntaxErrorFactory,
): { value: string; end: number } {
  const letter = text[start + 1];
  if (letter === undefined) {
    throw fail('the string ends with a lone backslash; write a backslash as \\\\', start);
  }
  const simple = SIMPLE_ESCAPES[letter];
  if (simple !== undefined) return { value: simple, end: start + 2 };
  if (letter !== 'u') {
    throw fail(
      `"\\${letter}" is not a JSON escape; use \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX`,
      start,
    );
  }

  const high = readHexUnit(text, start, fail);
  if (high === 0) {
    throw fail('"\\u0000" is not allowed: values can never contain the character U+0000', start);
  }
  if (!isSurrogate(high)) return { value: String.fromCharCode(high), end: start + 6 };
  const low = text.slice(start + 6, start + 8) === '\\u' ? readHexUnit(text, start + 6, fail) : -1;
  if (high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
    return { value: String.fromCharCode(high, low), end: start + 12 };
  }
  throw fail(
    `"\\u${hex(high)}" is half of a UTF-16 surrogate pair without its other half; write the character itself or both halves`,
    start,
  );
}

function readHexUnit(text: string, start: number, fail: SyntaxErrorFactory): number {
  const digits = text.slice(start + 2, start + 6);
  if (!/^[0-9a-fA-F]{4}$/.test(digits)) {
    throw fail(
      `"\\u" must be followed by four hexadecimal digits, found "${text.slice(start, start + 6)}"`,
      start,
    );
  }
  return Number.parseInt(digits, 16);
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/** Returns the offset of the first unpaired UTF-16 surrogate in `text`, or -1 if there is none. */
export function findLoneSurrogate(text: string): number {
  const match = /\p{Surrogate}/u.exec(text);
  return match === null ? -1 : match.index;
}

/** Renders a token for an error detail. */
export function describeToken(token: Token): string {
  if (token.kind === 'end') return 'the end of the text';
  const source = token.source.length > 60 ? `${token.source.slice(0, 57)}...` : token.source;
  return token.kind === 'string' ? source : JSON.stringify(source);
}
