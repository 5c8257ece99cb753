import { invalidSyntax, invalidValue, quote, tooManyBulkOperations } from '../errors/catalogue.js';
import { readMember } from '../messages/read-member.js';
import { isPlainObject } from '../schema/normalize-value.js';

export const BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

export type BulkMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One operation of a bulk request (RFC 7644 §3.7), as the client sent it. */
export interface BulkOperation {
  readonly index: number;
  readonly method: BulkMethod;
  readonly path: string;
  readonly bulkId: string | undefined;
  /** Entity tag the resource must still have (If-Match of the single request). */
  readonly version: string | undefined;
  readonly data: unknown;
}

export interface BulkRequest {
  /** Stop after this many failed operations; undefined means process them all. */
  readonly failOnErrors: number | undefined;
  readonly operations: BulkOperation[];
}

const METHODS: readonly BulkMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

function member(body: Record<string, unknown>, name: string, where: string): unknown {
  return readMember(body, name, where).value;
}

/**
 * Validates a bulk request body (RFC 7644 §3.7.1). Errors in the envelope reject the whole
 * request; errors inside one operation's data are reported per operation when it runs.
 * More operations than `maxOperations` is 413 (RFC 7644 §3.7.4).
 */
export function parseBulkRequest(body: unknown, maxOperations: number): BulkRequest {
  if (!isPlainObject(body)) {
    throw invalidSyntax(`The bulk request body must be a JSON object; got ${quote(body)}.`);
  }
  const schemas = member(body, 'schemas', 'The bulk request');
  if (!Array.isArray(schemas) || !schemas.includes(BULK_REQUEST_SCHEMA)) {
    throw invalidValue(
      `Attribute "schemas" of a bulk request must contain "${BULK_REQUEST_SCHEMA}".`,
    );
  }
  const failOnErrors = member(body, 'failOnErrors', 'The bulk request');
  if (
    failOnErrors !== undefined &&
    (!Number.isInteger(failOnErrors) || (failOnErrors as number) < 1)
  ) {
    throw invalidValue(
      `Attribute "failOnErrors" must be a positive integer; got ${quote(failOnErrors)}.`,
    );
  }
  const operations = member(body, 'Operations', 'The bulk request');
  if (!Array.isArray(operations) || operations.length === 0) {
    throw invalidValue('Attribute "Operations" must be a non-empty array of bulk operations.');
  }
  if (operations.length > maxOperations)
    throw tooManyBulkOperations(operations.length, maxOperations);

  const parsed = operations.map(parseOperation);
  const bulkIds = new Set<string>();
  for (const operation of parsed) {
    if (operation.bulkId === undefined) continue;
    if (bulkIds.has(operation.bulkId)) {
      throw invalidValue(
        `Operations[${operation.index}]: bulkId ${quote(operation.bulkId)} is used twice; bulkIds must be unique.`,
      );
    }
    bulkIds.add(operation.bulkId);
  }
  return { failOnErrors: failOnErrors as number | undefined, operations: parsed };
}

function parseOperation(raw: unknown, index: number): BulkOperation {
  const where = `Operations[${index}]`;
  if (!isPlainObject(raw))
    throw invalidSyntax(`${where} must be a JSON object; got ${quote(raw)}.`);
  const method = member(raw, 'method', where);
  const upper = typeof method === 'string' ? method.toUpperCase() : undefined;
  if (upper === undefined || !(METHODS as readonly string[]).includes(upper)) {
    throw invalidValue(
      `${where}: method ${quote(method)} is not supported; use POST, PUT, PATCH or DELETE.`,
    );
  }
  const path = member(raw, 'path', where);
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw invalidValue(
      `${where}: path must be a string such as "/Users" or "/Groups/r-..."; got ${quote(path)}.`,
    );
  }
  const bulkId = member(raw, 'bulkId', where);
  if (bulkId !== undefined && (typeof bulkId !== 'string' || bulkId === '')) {
    throw invalidValue(`${where}: bulkId must be a non-empty string; got ${quote(bulkId)}.`);
  }
  if (upper === 'POST' && bulkId === undefined) {
    throw invalidValue(`${where}: a POST operation needs a bulkId (RFC 7644 §3.7).`);
  }
  const version = member(raw, 'version', where);
  if (version !== undefined && typeof version !== 'string') {
    throw invalidValue(
      `${where}: version must be an entity tag string such as "W/\\"3\\""; got ${quote(version)}.`,
    );
  }
  return {
    index,
    method: upper as BulkMethod,
    path,
    bulkId: bulkId as string | undefined,
    version: version as string | undefined,
    data: member(raw, 'data', where),
  };
}
