import {
  invalidPath,
  invalidSyntax,
  invalidValue,
  noTarget,
  quote,
  tooManyPatchOperations,
} from '../errors/catalogue.js';
import { isScimError } from '../errors/scim-error.js';
import type { FilterNode, PatchPath } from '../filter/ast.js';
import { parsePatchPath } from '../filter/parse-patch-path.js';
import { acceptedElsewhere } from '../flavours/normalization-rules.js';
import type { Normalization } from '../flavours/normalization.js';
import { readMember } from '../messages/read-member.js';
import { isPlainObject } from '../schema/normalize-value.js';
import type { ResourceType } from '../schema/resource-type.js';
import { withOperationIndex } from './operation-error.js';

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** One validated operation of a PATCH request (RFC 7644 §3.5.2). */
export interface PatchOperation {
  /** Position in the request's `Operations` array, for error details. */
  readonly index: number;
  readonly op: 'add' | 'replace' | 'remove';
  /** Parsed `path`; undefined when the operation has none (the target is the resource). */
  readonly path: PatchPath | undefined;
  /** `path` as the client wrote it. */
  readonly pathText: string | undefined;
  /** `value` as the client sent it: undefined when absent, null when sent as null. */
  readonly value: unknown;
}

const OP_NAMES = ['add', 'replace', 'remove'] as const;

/**
 * Most operations one PATCH request may carry. The request runs in one transaction, so the limit
 * bounds how long it can hold the database; IdPs send a few operations at a time.
 */
export const MAX_PATCH_OPERATIONS = 1000;

/**
 * Validates a PATCH request body (RFC 7644 §3.5.2) and parses its operations. Member names of
 * the body and of each operation are matched case-insensitively. Members the RFC does not
 * define are ignored, such as a top-level `id` or a per-operation `name`. An empty `Operations`
 * array is valid and changes nothing.
 */
export function parsePatchRequest(
  body: unknown,
  resourceType: ResourceType,
  normalization: Normalization,
): PatchOperation[] {
  if (!isPlainObject(body)) {
    throw invalidSyntax(
      `A PATCH request for a ${resourceType.name} must be a JSON object with "schemas": ["${PATCH_OP_SCHEMA}"] and "Operations"; got ${quote(body)}.`,
    );
  }
  checkSchemas(readMember(body, 'schemas', 'The request body').value);
  const operations = readOperations(body);
  return operations.map((operation, index) =>
    withOperationIndex(index, () => parseOperation(operation, index, normalization)),
  );
}

function checkSchemas(schemas: unknown): void {
  const listed =
    Array.isArray(schemas) &&
    schemas.some(
      (urn) => typeof urn === 'string' && urn.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase(),
    );
  if (!listed) {
    throw invalidValue(
      `The PATCH request must have "schemas": ["${PATCH_OP_SCHEMA}"] (RFC 7644 §3.5.2); got ${quote(schemas ?? null)}.`,
    );
  }
}

function readOperations(body: Record<string, unknown>): unknown[] {
  const { found, value } = readMember(body, 'Operations', 'The request body');
  if (!found || value === null) {
    throw invalidValue('The PATCH request has no "Operations" array; send at least one operation.');
  }
  if (!Array.isArray(value)) {
    throw invalidValue(`"Operations" must be a JSON array of operations; got ${quote(value)}.`);
  }
  if (value.length > MAX_PATCH_OPERATIONS) {
    throw tooManyPatchOperations(value.length, MAX_PATCH_OPERATIONS);
  }
  return value;
}

function parseOperation(raw: unknown, index: number, normalization: Normalization): PatchOperation {
  if (!isPlainObject(raw)) {
    throw invalidSyntax(
      `Each operation must be an object such as {"op": "replace", "path": "displayName", "value": "Eng Team"}; got ${quote(raw)}.`,
    );
  }
  const where = 'The operation';
  const op = parseOpName(readMember(raw, 'op', where), normalization);
  const pathText = readPathText(readMember(raw, 'path', where).value);
  const path = pathText === undefined ? undefined : parsePath(pathText, normalization);
  const value = readMember(raw, 'value', where);

  if (op === 'remove' && path === undefined) {
    throw noTarget(
      'A "remove" operation needs a "path" naming what to remove (RFC 7644 §3.5.2.2), such as "members[value eq \\"a-53fa578c61716688\\"]".',
    );
  }
  if (op !== 'remove' && !value.found) {
    throw invalidValue(`An "${op}" operation needs a "value" (RFC 7644 §3.5.2.1, §3.5.2.3).`);
  }
  return Object.freeze({ index, op, path, pathText, value: value.value });
}

/**
 * RFC 7644 §3.5.2 spells the operations "add", "replace" and "remove". Microsoft Entra ID sends
 * "Add", "Replace" and "Remove", which only the tolerant flavours accept.
 */
function parseOpName(
  member: { found: boolean; value: unknown },
  normalization: Normalization,
): PatchOperation['op'] {
  const { found, value } = member;
  if (!found || value === null) {
    throw invalidSyntax('The operation has no "op"; use "add", "replace" or "remove".');
  }
  const exact = OP_NAMES.find((name) => name === value);
  if (exact !== undefined) return exact;

  const folded =
    typeof value === 'string' ? OP_NAMES.find((name) => name === value.toLowerCase()) : undefined;
  if (folded === undefined) {
    throw invalidSyntax(
      `Unknown op ${quote(value)}; use "add", "replace" or "remove" (RFC 7644 §3.5.2).`,
    );
  }
  if (normalization.apply('op-case')) return folded;
  throw invalidSyntax(
    `Op ${quote(value)} must be written in lower case as "${folded}" (RFC 7644 §3.5.2).${acceptedElsewhere('op-case')}`,
  );
}

function readPathText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw invalidPath(`"path" must be a string such as "name.givenName"; got ${quote(value)}.`);
  }
  if (value.trim() === '') {
    throw invalidPath(
      '"path" is empty; name an attribute, or leave "path" out to target the whole resource.',
    );
  }
  return value;
}

function parsePath(text: string, normalization: Normalization): PatchPath {
  let path: PatchPath;
  try {
    path = parsePatchPath(text, { allowBareValues: normalization.allows('bare-filter-values') });
  } catch (error) {
    if (!isScimError(error)) throw error;
    throw invalidPath(`${error.detail.replace(/\.$/, '')} in path ${quote(text)}.`);
  }
  if (path.kind === 'patchPath' && path.filter !== undefined && hasBareValue(path.filter)) {
    normalization.apply('bare-filter-values');
  }
  return path;
}

function hasBareValue(filter: FilterNode): boolean {
  switch (filter.kind) {
    case 'comparison':
      return filter.bare;
    case 'and':
    case 'or':
      return hasBareValue(filter.left) || hasBareValue(filter.right);
    case 'not':
      return hasBareValue(filter.filter);
    case 'valuePath':
      return hasBareValue(filter.filter);
    case 'present':
      return false;
  }
}

/**
 * Reads a member of a JSON object by name, case-insensitively (RFC 7643 §2.1). Two members that
 * differ only in letter case are ambiguous and rejected.
 */
