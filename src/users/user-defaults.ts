import { invalidValue, userNameMissingOnCreate } from '../errors/catalogue.js';
import { checkIndexedLength } from '../scim/indexed-values.js';

/** The columns derived from a user's SCIM attributes. */
export interface UserIdentity {
  readonly userName: string;
  readonly email: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly displayName: string;
  readonly externalId: string | null;
}

export type UserWrite = 'create' | 'replace' | 'patch';

/**
 * Checks the attributes every user needs (userName, name.givenName, name.familyName), fills the
 * defaults and returns the completed document with the identity columns. Defaults: displayName
 * and name.formatted become "<givenName> <familyName>", userType becomes "user", and emails gets
 * the user's email as its primary value when the client sent none.
 */
export function completeUser(
  attributes: Record<string, unknown>,
  write: UserWrite,
): { attributes: Record<string, unknown>; identity: UserIdentity } {
  const userName = attributes.userName;
  if (typeof userName !== 'string' || userName.trim() === '') throw missingUserName(write);
  const name = (attributes.name ?? {}) as Record<string, unknown>;
  const givenName = requiredName(name.givenName, 'givenName', write);
  const familyName = requiredName(name.familyName, 'familyName', write);
  const fullName = `${givenName} ${familyName}`;

  checkValueCounts(attributes);
  const completed: Record<string, unknown> = { ...attributes };
  completed.name = { ...name, formatted: name.formatted ?? fullName };
  completed.displayName ??= fullName;
  completed.userType ??= 'user';
  const emails = (completed.emails ?? []) as Record<string, unknown>[];
  const primary = emails.find((email) => email.primary === true)?.value;
  const email = typeof primary === 'string' ? primary : userName;
  if (emails.length === 0) completed.emails = [{ value: email, primary: true }];

  const identity: UserIdentity = {
    userName,
    email,
    givenName,
    familyName,
    displayName: completed.displayName as string,
    externalId: typeof completed.externalId === 'string' ? completed.externalId : null,
  };
  checkIndexedLength('userName', identity.userName);
  checkIndexedLength('emails.value', identity.email);
  checkIndexedLength('displayName', identity.displayName);
  checkIndexedLength('externalId', identity.externalId);
  return { attributes: completed, identity };
}

/**
 * Most values one multi-valued attribute of a user may hold. PATCH work grows with the values
 * already there, so the limit bounds how long one request can keep the server busy.
 */
export const MAX_VALUES_PER_ATTRIBUTE = 1000;

function checkValueCounts(attributes: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (Array.isArray(value) && value.length > MAX_VALUES_PER_ATTRIBUTE) {
      throw invalidValue(
        `Attribute "${name}" would have ${value.length} values; the limit is ${MAX_VALUES_PER_ATTRIBUTE}.`,
      );
    }
  }
}

function missingUserName(write: UserWrite) {
  if (write === 'create') return userNameMissingOnCreate();
  return invalidValue(
    write === 'replace'
      ? 'Attribute "userName" is required: PUT replaces the whole user, so send its userName.'
      : 'Attribute "userName" cannot be removed or emptied: every user needs one.',
  );
}

function requiredName(value: unknown, part: string, write: UserWrite): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  const verb = write === 'patch' ? 'cannot be removed or emptied' : 'is required';
  throw invalidValue(
    `Attribute "name.${part}" ${verb}: every user needs name.givenName and name.familyName.`,
  );
}
