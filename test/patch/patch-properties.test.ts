import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isScimError } from '../../src/errors/scim-error.js';
import type { Provider } from '../../src/flavours/provider.js';
import { attributesEqual } from '../../src/patch/attributes-equal.js';
import { deepFreeze } from '../../src/schema/attribute.js';
import { alice, catchScimError, ENTERPRISE, engTeam, runPatch, USER_ID } from './patch-harness.js';

const flavour = fc.constantFrom<Provider>('generic', 'okta', 'azure');

const emailAddress = fc.stringMatching(/^[a-z][a-z0-9]{0,9}@example\.test$/);
const emailType = fc.constantFrom('work', 'home', 'other');

const email = fc.record(
  { value: emailAddress, type: emailType, primary: fc.boolean() },
  { requiredKeys: ['value'] },
);

/** Stored user documents: ALICE with arbitrary emails, titles and enterprise attributes. */
const userDocument = fc
  .record({
    emails: fc.uniqueArray(email, {
      selector: (value) => `${value.type}|${value.value}`,
      maxLength: 4,
    }),
    title: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
    department: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
  })
  .map(({ emails, title, department }) => {
    const document = alice(emails.length > 0 ? { emails: primaryOnce(emails) } : {});
    if (emails.length === 0) delete document.emails;
    if (title !== undefined) document.title = title;
    if (department !== undefined) document[ENTERPRISE] = { department };
    return document;
  });

function primaryOnce(emails: Record<string, unknown>[]): Record<string, unknown>[] {
  let seen = false;
  return emails.map((value) => {
    if (value.primary !== true) return value;
    if (seen) return { ...value, primary: false };
    seen = true;
    return value;
  });
}

const paths = fc.constantFrom(
  undefined,
  'displayName',
  'title',
  'active',
  'name',
  'name.givenName',
  'emails',
  'emails[type eq "work"]',
  'emails[type eq "work"].value',
  'emails[value co "example"].primary',
  'addresses[type eq "home"].formatted',
  'phoneNumbers',
  `${ENTERPRISE}`,
  `${ENTERPRISE}:manager`,
  `manager[value eq "${USER_ID}"]`,
  'groups',
  'id',
  'password',
  'members',
);

/** Operations with arbitrary JSON values, including ones the engine must reject. */
const operation = fc.record(
  {
    op: fc.constantFrom('add', 'replace', 'remove', 'Add', 'Replace', 'Remove'),
    path: paths,
    value: fc.oneof(fc.jsonValue(), email, fc.array(email), fc.constant({ active: false })),
  },
  { requiredKeys: ['op'] },
);

describe('PATCH properties', () => {
  it('never changes its input and fails only with ScimErrors', () => {
    fc.assert(
      fc.property(
        userDocument,
        fc.array(operation, { maxLength: 5 }),
        flavour,
        (document, operations, provider) => {
          const snapshot = structuredClone(document);
          deepFreeze(document);
          try {
            runPatch('User', document, operations, provider);
          } catch (error) {
            if (!isScimError(error)) throw error;
          }
          expect(document).toEqual(snapshot);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('fails on groups only with ScimErrors', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 5 }), flavour, (operations, provider) => {
        const document = deepFreeze(engTeam());
        try {
          runPatch('Group', document, operations, provider);
        } catch (error) {
          if (!isScimError(error)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('add then remove of a new email changes nothing', () => {
    fc.assert(
      fc.property(
        userDocument,
        emailAddress,
        emailType,
        flavour,
        (document, value, type, provider) => {
          const emails = (document.emails ?? []) as { value: string }[];
          fc.pre(!emails.some((existing) => existing.value === value));
          const { result } = runPatch(
            'User',
            document,
            [
              { op: 'add', path: 'emails', value: [{ value, type }] },
              { op: 'remove', path: `emails[value eq ${JSON.stringify(value)}]` },
            ],
            provider,
          );
          expect(attributesEqual(result.attributes, document)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('re-sending the current state changes nothing', () => {
    fc.assert(
      fc.property(userDocument, flavour, (document, provider) => {
        const { result } = runPatch(
          'User',
          document,
          [{ op: 'replace', value: document }],
          provider,
        );
        expect(attributesEqual(result.attributes, document)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  // One operation only: in a sequence, a later replace can remove what an earlier one targets.
  it('a replace applied twice equals it applied once', () => {
    const replace = fc.record({
      op: fc.constant('replace'),
      path: fc.constantFrom('emails', 'title', 'emails[type eq "work"].value', 'name'),
      value: fc.oneof(
        fc.array(email, { maxLength: 3 }),
        emailAddress,
        fc.record({ givenName: emailAddress }),
      ),
    });
    fc.assert(
      fc.property(userDocument, replace, flavour, (document, operation, provider) => {
        let once;
        try {
          once = runPatch('User', document, [operation], provider).result.attributes;
        } catch (error) {
          if (isScimError(error)) return;
          throw error;
        }
        const twice = runPatch('User', once, [operation], provider).result.attributes;
        expect(twice).toEqual(once);
      }),
      { numRuns: 500 },
    );
  });
});

describe('PATCH atomicity', () => {
  it('leaves a user unchanged when the last operation fails', () => {
    const document = deepFreeze(alice());
    const error = catchScimError(() =>
      runPatch('User', document, [
        { op: 'replace', path: 'displayName', value: 'Alice B' },
        { op: 'add', path: 'emails', value: [{ value: 'b@example.test', primary: true }] },
        { op: 'remove', path: 'name.givenName' },
      ]),
    );
    expect(error.detail).toMatch(/^Operations\[2\]: /);
    expect(document).toEqual(alice());
  });

  it('returns no membership change when a later operation fails', () => {
    const document = deepFreeze(engTeam());
    const error = catchScimError(() =>
      runPatch('Group', document, [
        { op: 'add', path: 'members', value: [{ value: USER_ID }] },
        { op: 'replace', path: 'displayName', value: '' },
      ]),
    );
    expect(error.code).toBe('role_name_empty');
    expect(document).toEqual(engTeam());
  });

  it('returns a document that shares nothing with its input', () => {
    const document = alice({ emails: [{ value: 'a@example.test', type: 'work' }] });
    const { result } = runPatch('User', document, [{ op: 'replace', path: 'title', value: 'x' }]);
    (result.attributes.emails as Record<string, unknown>[])[0]!.value = 'changed';
    (result.attributes.name as Record<string, unknown>).givenName = 'changed';
    expect(document).toEqual(alice({ emails: [{ value: 'a@example.test', type: 'work' }] }));
  });
});
