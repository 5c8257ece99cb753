/*
 * Syntax trees of the SCIM filter grammar (RFC 7644 §3.4.2.2) and of PATCH paths (RFC 7644
 * §3.5.2). Nodes are frozen plain objects with a `kind`; the SQL compiler and the in-memory
 * evaluator both walk them. Positions are 0-based character offsets into the source text.
 */

export type ComparisonOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** `[urn:]name[.subAttribute]`, spelled as the client wrote it; resolution is case-insensitive. */
export interface AttributePathNode {
  readonly kind: 'attributePath';
  readonly urn: string | undefined;
  readonly name: string;
  readonly subAttribute: string | undefined;
  readonly position: number;
}

/**
 * A comparison value. Quoted strings, numbers, true, false and null follow JSON (RFC 7159);
 * `bare` marks an unquoted word, which only the tolerant flavours accept.
 */
export type LiteralValue = string | number | boolean | null;

export interface ComparisonNode {
  readonly kind: 'comparison';
  readonly attribute: AttributePathNode;
  readonly operator: ComparisonOperator;
  readonly value: LiteralValue;
  readonly bare: boolean;
  /** Start of the attribute path, as for every other node. */
  readonly position: number;
  readonly operatorPosition: number;
  readonly valuePosition: number;
}

export interface PresentNode {
  readonly kind: 'present';
  readonly attribute: AttributePathNode;
  readonly position: number;
  readonly operatorPosition: number;
}

/** `left and right`, `left or right`; `position` is where the keyword starts. */
export interface LogicalNode {
  readonly kind: 'and' | 'or';
  readonly left: FilterNode;
  readonly right: FilterNode;
  readonly position: number;
}

/** `not (filter)`; `position` is where the keyword starts. */
export interface NotNode {
  readonly kind: 'not';
  readonly filter: FilterNode;
  readonly position: number;
}

/** `emails[type eq "work"]`: the inner filter applies to each value of a multi-valued attribute. */
export interface ValuePathNode {
  readonly kind: 'valuePath';
  readonly attribute: AttributePathNode;
  readonly filter: FilterNode;
  readonly position: number;
}

export type FilterNode = ComparisonNode | PresentNode | LogicalNode | NotNode | ValuePathNode;

/**
 * A PATCH path: `attrPath`, or `valuePath[.subAttribute]` such as `emails[type eq "work"].value`.
 * For a plain attribute path, `filter` and `valueSubAttribute` are undefined.
 */
export interface PatchPathNode {
  readonly kind: 'patchPath';
  readonly attribute: AttributePathNode;
  readonly filter: FilterNode | undefined;
  readonly valueSubAttribute: string | undefined;
}

/**
 * A PATCH path that is a bare schema URN, such as
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`: the target is the whole object the
 * schema contributes (for an extension, the value under its URN key). `urn` is the schema's
 * canonical id.
 */
export interface SchemaPathNode {
  readonly kind: 'schemaPath';
  readonly urn: string;
}

/** A parsed PATCH path: an attribute path, possibly filtered, or a whole schema. */
export type PatchPath = PatchPathNode | SchemaPathNode;
