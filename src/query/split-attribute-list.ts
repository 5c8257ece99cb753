/**
 * Splits `attributes`/`excludedAttributes` values into names. A query parameter is one
 * comma-separated string; a search request body has an array, whose entries may contain commas
 * too. Commas inside quoted strings or brackets (`emails[value eq "a,b"]`) do not split. Names
 * are trimmed, and empty names are dropped.
 */
export function splitAttributeList(value: string | readonly string[]): string[] {
  const texts = typeof value === 'string' ? [value] : value;
  return texts
    .flatMap(splitOne)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

function splitOne(text: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '[') {
      depth += 1;
    } else if (char === ']') {
      depth = Math.max(0, depth - 1);
    } else if (char === ',' && depth === 0) {
      names.push(text.slice(start, index));
      start = index + 1;
    }
  }
  names.push(text.slice(start));
  return names;
}
