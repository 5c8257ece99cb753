/** The escape character of every LIKE pattern the compilers build (`... like ? escape '\'`). */
export const LIKE_ESCAPE = '\\';

/**
 * Builds the LIKE pattern for `co`, `sw` or `ew`, escaping `%`, `_` and the escape character so
 * that the value matches only itself.
 */
export function likePattern(value: string, operator: 'co' | 'sw' | 'ew'): string {
  const escaped = value.replace(/[\\%_]/g, (char) => `${LIKE_ESCAPE}${char}`);
  if (operator === 'sw') return `${escaped}%`;
  if (operator === 'ew') return `%${escaped}`;
  return `%${escaped}%`;
}
