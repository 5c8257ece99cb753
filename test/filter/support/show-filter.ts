import type { AttributePathNode, FilterNode, PatchPath } from '../../../src/filter/ast.js';
import { isScimError, type ScimError } from '../../../src/errors/scim-error.js';

/*
 * Compact text for syntax trees, so parser tables read as input -> structure:
 *   (and (pr title) (eq userType "Employee")), (emails[] (eq type "work")), (eq name bare:Smith)
 */

export function showFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${node.kind} ${showFilter(node.left)} ${showFilter(node.right)})`;
    case 'not':
      return `(not ${showFilter(node.filter)})`;
    case 'present':
      return `(pr ${showPath(node.attribute)})`;
    case 'comparison': {
      const value = node.bare ? `bare:${String(node.value)}` : JSON.stringify(node.value);
      return `(${node.operator} ${showPath(node.attribute)} ${value})`;
    }
    case 'valuePath':
      return `(${showPath(node.attribute)}[] ${showFilter(node.filter)})`;
  }
}

export function showPatchPath(path: PatchPath): string {
  if (path.kind === 'schemaPath') return `schema ${path.urn}`;
  const base = showPath(path.attribute);
  const filter = path.filter === undefined ? '' : `[${showFilter(path.filter)}]`;
  const sub = path.valueSubAttribute === undefined ? '' : `.${path.valueSubAttribute}`;
  return `${base}${filter}${sub}`;
}

function showPath(path: AttributePathNode): string {
  const urn = path.urn === undefined ? '' : `${path.urn}:`;
  const sub = path.subAttribute === undefined ? '' : `.${path.subAttribute}`;
  return `${urn}${path.name}${sub}`;
}

/** Runs `action` and returns the ScimError it throws; fails the test if it throws nothing else. */
export function catchScimError(action: () => unknown): ScimError {
  try {
    action();
  } catch (error) {
    if (isScimError(error)) return error;
    throw error;
  }
  throw new Error('expected a ScimError, but nothing was thrown');
}
