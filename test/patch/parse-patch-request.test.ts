import { describe, expect, it } from 'vitest';

import { Normalization } from '../../src/flavours/normalization.js';
import type { Provider } from '../../src/flavours/provider.js';
import { PATCH_OP_SCHEMA, parsePatchRequest } from '../../src/patch/parse-patch-request.js';
import { USER_RESOURCE_TYPE } from '../../src/schema/resource-type.js';
import { catchScimError, expectScimError, type ExpectedError } from './patch-harness.js';

function parse(body: unknown, flavour: Provider = 'generic') {
  const normalization = new Normalization(flavour);
  return { operations: parsePatchRequest(body, USER_RESOURCE_TYPE, normalization), normalization };
}

function patchBody(...operations: unknown[]): Record<string, unknown> {
  return { schemas: [PATCH_OP_SCHEMA], Operations: operations };
}

describe('parsePatchRequest', () => {
  it('parses an operation with a path', () => {
    const { operations } = parse(
      patchBody({ op: 'replace', path: 'emails[type eq "work"].value', value: 'a@example.test' }),
    );
    expect(operations).toHaveLength(1);
    const [operation] = operations;
    expect(operation?.index).toBe(0);
    expect(operation?.op).toBe('replace');
    expect(operation?.pathText).toBe('emails[type eq "work"].value');
    expect(operation?.path?.kind).toBe('patchPath');
    expect(operation?.value).toBe('a@example.test');
  });

  it('parses an operation without a path', () => {
    const { operations } = parse(patchBody({ op: 'replace', value: { active: false } }));
    expect(operations[0]?.path).toBeUndefined();
    expect(operations[0]?.pathText).toBeUndefined();
    expect(operations[0]?.value).toEqual({ active: false });
  });

  it('parses a bare schema URN path', () => {
    const urn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const { operations } = parse(patchBody({ op: 'add', path: urn, value: {} }));
    expect(operations[0]?.path?.kind).toBe('schemaPath');
  });

  it('accepts an empty Operations array', () => {
    expect(parse(patchBody()).operations).toEqual([]);
  });

  it('matches member names case-insensitively', () => {
    const body = {
      Schemas: [PATCH_OP_SCHEMA.toUpperCase()],
      operations: [{ OP: 'remove', Path: 'title' }],
    };
    const { operations } = parse(body);
    expect(operations[0]?.op).toBe('remove');
    expect(operations[0]?.pathText).toBe('title');
  });

  it('ignores members the RFC does not define (Entra)', () => {
    const body = {
      ...patchBody({ op: 'add', name: 'addMember', path: 'nickName', value: 'Al' }),
      id: 'r-1f2e3d4c61716688',
    };
    const { operations } = parse(body);
    expect(operations[0]?.op).toBe('add');
  });

  it('keeps null as the value', () => {
    const { operations } = parse(patchBody({ op: 'replace', path: 'nickName', value: null }));
    expect(operations[0]?.value).toBeNull();
  });

  it('keeps the value of a remove', () => {
    const { operations } = parse(
      patchBody({ op: 'remove', path: 'members', value: [{ value: 'a-53fa578c61716688' }] }),
    );
    expect(operations[0]?.value).toEqual([{ value: 'a-53fa578c61716688' }]);
  });

  it('numbers operations by their position', () => {
    const { operations } = parse(
      patchBody({ op: 'add', path: 'title', value: 'x' }, { op: 'remove', path: 'title' }),
    );
    expect(operations.map((operation) => operation.index)).toEqual([0, 1]);
  });

  it('reads capitalised ops on okta and azure', () => {
    for (const flavour of ['okta', 'azure'] as const) {
      const { operations, normalization } = parse(
        patchBody({ op: 'Replace', path: 'title', value: 'x' }, { op: 'REMOVE', path: 'title' }),
        flavour,
      );
      expect(operations.map((operation) => operation.op)).toEqual(['replace', 'remove']);
      expect(normalization.fired).toContain('op-case');
    }
  });

  it('reads bare filter values on okta and azure', () => {
    const { operations, normalization } = parse(
      patchBody({ op: 'remove', path: 'emails[type eq work]' }),
      'azure',
    );
    expect(operations[0]?.path?.kind).toBe('patchPath');
    expect(normalization.fired).toContain('bare-filter-values');
  });
});

const REJECTED: { name: string; body: unknown; error: ExpectedError }[] = [
  {
    name: 'a body that is not an object',
    body: [],
    error: { scimType: 'invalidSyntax', detail: 'must be a JSON object' },
  },
  {
    name: 'a body without schemas',
    body: { Operations: [] },
    error: { scimType: 'invalidValue', detail: PATCH_OP_SCHEMA },
  },
  {
    name: 'a body with another schema',
    body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], Operations: [] },
    error: { scimType: 'invalidValue', detail: PATCH_OP_SCHEMA },
  },
  {
    name: 'a body without Operations',
    body: { schemas: [PATCH_OP_SCHEMA] },
    error: { scimType: 'invalidValue', detail: 'no "Operations" array' },
  },
  {
    name: 'Operations that is not an array',
    body: { schemas: [PATCH_OP_SCHEMA], Operations: { op: 'add' } },
    error: { scimType: 'invalidValue', detail: 'must be a JSON array' },
  },
  {
    name: 'Operations twice in different case',
    body: { schemas: [PATCH_OP_SCHEMA], Operations: [], operations: [] },
    error: { scimType: 'invalidSyntax', detail: 'twice' },
  },
  {
    name: 'an operation that is not an object',
    body: patchBody('add'),
    error: { scimType: 'invalidSyntax', detail: 'Operations[0]: Each operation must be an object' },
  },
  {
    name: 'an operation without op',
    body: patchBody({ path: 'title', value: 'x' }),
    error: { scimType: 'invalidSyntax', detail: 'Operations[0]: The operation has no "op"' },
  },
  {
    name: 'an unknown op',
    body: patchBody({ op: 'add', path: 'title', value: 'x' }, { op: 'move', path: 'title' }),
    error: { scimType: 'invalidSyntax', detail: 'Operations[1]: Unknown op "move"' },
  },
  {
    name: 'a capitalised op on generic',
    body: patchBody({ op: 'Replace', path: 'title', value: 'x' }),
    error: {
      scimType: 'invalidSyntax',
      detail:
        'Operations[0]: Op "Replace" must be written in lower case as "replace" (RFC 7644 §3.5.2). /provisioning/okta/v2 and /provisioning/azure/v2 accept this form.',
    },
  },
  {
    name: 'a remove without path',
    body: patchBody({ op: 'remove', value: { title: 'x' } }),
    error: { scimType: 'noTarget', detail: 'Operations[0]: A "remove" operation needs a "path"' },
  },
  {
    name: 'an add without value',
    body: patchBody({ op: 'add', path: 'title' }),
    error: {
      scimType: 'invalidValue',
      detail: 'Operations[0]: An "add" operation needs a "value"',
    },
  },
  {
    name: 'a replace without value',
    body: patchBody({ op: 'replace' }),
    error: { scimType: 'invalidValue', detail: 'needs a "value"' },
  },
  {
    name: 'a path that is not a string',
    body: patchBody({ op: 'remove', path: 7 }),
    error: { scimType: 'invalidPath', detail: '"path" must be a string' },
  },
  {
    name: 'an empty path',
    body: patchBody({ op: 'remove', path: ' ' }),
    error: { scimType: 'invalidPath', detail: '"path" is empty' },
  },
  {
    name: 'a path with a syntax error',
    body: patchBody({ op: 'remove', path: 'emails[type eq "work"' }),
    error: { scimType: 'invalidPath', detail: 'Operations[0]: ' },
  },
  {
    name: 'a bare filter value on generic',
    body: patchBody({ op: 'remove', path: 'emails[type eq work]' }),
    error: { scimType: 'invalidPath', detail: 'emails[type eq work]' },
  },
];

describe('parsePatchRequest rejects', () => {
  it.each(REJECTED)('$name', ({ body, error }) => {
    expectScimError(
      catchScimError(() => parse(body)),
      error,
    );
  });
});
