import type { AttributePathNode } from './ast.js';
import type { SyntaxErrorFactory } from './filter-lexer.js';

/*
 * RFC 7644 §3.4.2.2:
 *   attrPath = [URI ":"] ATTRNAME *1subAttr
 *   ATTRNAME = ALPHA *(nameChar)      nameChar = "-" / "_" / DIGIT / ALPHA
 *   subAttr  = "." ATTRNAME
 * ATTRNAME also admits a leading "$" because RFC 7643 names the reference sub-attribute `$ref`.
 * The schema URI ends at the last colon (RFC 7644 §3.10), so URNs may contain dots, as in `2.0`.
 */
const ATTRIBUTE_NAME = /^(?:[A-Za-z]|\$)[A-Za-z0-9_-]*$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s:][^\s]*$/;

const EXAMPLES = 'such as userName, name.familyName or urn:...:enterprise:2.0:User:department';

/** Tells whether `name` is a valid ATTRNAME. */
export function isAttributeName(name: string): boolean {
  return ATTRIBUTE_NAME.test(name);
}

/** Parses one attribute path word (RFC 7644 §3.4.2.2 `attrPath`) that starts at `position`. */
export function parseAttributePath(
  word: string,
  position: number,
  fail: SyntaxErrorFactory,
): AttributePathNode {
  const colon = word.lastIndexOf(':');
  const urn = colon === -1 ? undefined : word.slice(0, colon);
  const path = word.slice(colon + 1);
  if (urn !== undefined && !URI.test(urn)) {
    throw fail(
      `expected an attribute path ${EXAMPLES}, found ${JSON.stringify(word)}; a schema URI must look like urn:ietf:params:scim:schemas:core:2.0:User`,
      position,
    );
  }

  const parts = path.split('.');
  const pathPosition = position + colon + 1;
  if (parts.length > 2) {
    const extra = pathPosition + parts[0]!.length + parts[1]!.length + 2;
    throw fail(
      `${JSON.stringify(word)} has more than one sub-attribute; an attribute path is name or name.subAttribute`,
      extra,
    );
  }
  const [name, subAttribute] = parts as [string, string | undefined];
  if (!isAttributeName(name)) {
    throw fail(
      `expected an attribute path ${EXAMPLES}, found ${JSON.stringify(word)}; attribute names start with a letter and contain only letters, digits, "-" and "_"`,
      pathPosition,
    );
  }
  if (subAttribute !== undefined && !isAttributeName(subAttribute)) {
    throw fail(
      `expected a sub-attribute name after "${name}.", found ${JSON.stringify(subAttribute)}; sub-attribute names start with a letter and contain only letters, digits, "-" and "_"`,
      pathPosition + name.length + 1,
    );
  }
  return Object.freeze({ kind: 'attributePath', urn, name, subAttribute, position });
}

/** Offset of the sub-attribute of a parsed path, for errors that concern it. */
export function subAttributePosition(path: AttributePathNode): number {
  const urnLength = path.urn === undefined ? 0 : path.urn.length + 1;
  return path.position + urnLength + path.name.length + 1;
}

/** Renders a parsed path as the client wrote it. */
export function formatAttributePath(path: AttributePathNode): string {
  const urn = path.urn === undefined ? '' : `${path.urn}:`;
  const subAttribute = path.subAttribute === undefined ? '' : `.${path.subAttribute}`;
  return `${urn}${path.name}${subAttribute}`;
}
