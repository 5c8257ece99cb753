import { invalidPath, invalidValue, noTarget, quote } from '../errors/catalogue.js';
import type { Normalization } from '../flavours/normalization.js';
import type { ResourceType } from '../schema/resource-type.js';
import { applyToAttribute } from './apply-to-attribute.js';
import { applyPathLess, applyToExtension } from './apply-to-resource.js';
import type { MemberChange } from './member-changes.js';
import { withOperationIndex } from './operation-error.js';
import type { PatchOperation } from './parse-patch-request.js';
import type { PatchState } from './patch-state.js';
import { checkRequiredValues, readRequiredValues } from './required-attributes.js';
import { resolvePatchTarget } from './resolve-patch-target.js';

export type { MemberChange, MemberReference } from './member-changes.js';

/** Outcome of a PATCH request on one resource. */
export interface PatchResult {
  /** The new attributes document; equal in content to the input when nothing changed. */
  readonly attributes: Record<string, unknown>;
  /** Clear-text password that an operation set, if any; it is never part of `attributes`. */
  readonly password: string | undefined;
  /** Group membership changes, in request order; always empty for users. */
  readonly memberChanges: MemberChange[];
}

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a resource's attributes document, in order, and
 * returns the result without changing `target`. The request is atomic: the first operation that
 * fails throws a ScimError whose detail starts with `Operations[<index>]: ` (strongDM's fixed
 * texts excepted), and the caller then changes nothing.
 *
 * `target.attributes` is the stored document: core attributes at the top level, extension
 * attributes under their schema URN, and for users also `active` as a boolean. Group members are
 * not part of it; operations on `members` become `memberChanges` instead.
 */
export function applyPatch(
  resourceType: ResourceType,
  target: { id: string; attributes: Record<string, unknown> },
  operations: readonly PatchOperation[],
  normalization: Normalization,
): PatchResult {
  const state: PatchState = {
    resourceType,
    resourceId: target.id,
    normalization,
    document: structuredClone(target.attributes),
    password: undefined,
    memberChanges: [],
  };
  for (const operation of operations) {
    withOperationIndex(operation.index, () => applyOperation(state, operation));
  }
  return {
    attributes: state.document,
    password: state.password,
    memberChanges: state.memberChanges,
  };
}

function applyOperation(state: PatchState, operation: PatchOperation): void {
  const before = readRequiredValues(state.resourceType, state.document);
  const { op, path, value } = operation;

  if (path === undefined) {
    if (op === 'remove') {
      throw noTarget('A "remove" operation needs a "path" (RFC 7644 §3.5.2.2).');
    }
    applyPathLess(state, op, value);
  } else {
    if (op !== 'remove' && value === undefined) {
      throw invalidValue(`An "${op}" operation needs a "value" (RFC 7644 §3.5.2).`);
    }
    const target = resolvePatchTarget(state.resourceType, path, operation.pathText ?? '');
    switch (target.kind) {
      case 'attribute':
        applyToAttribute(state, op, target, value);
        break;
      case 'extension':
        applyToExtension(state, op, target, value);
        break;
      case 'coreSchema':
        if (op === 'remove') {
          throw invalidPath(
            `Path ${quote(target.text)} names the whole core schema, which cannot be removed; remove its attributes one by one.`,
          );
        }
        applyPathLess(state, op, value);
    }
  }

  checkRequiredValues(
    state.resourceType,
    before,
    readRequiredValues(state.resourceType, state.document),
  );
}
