import { invalidValue, quote, resourceNotFound } from '../errors/catalogue.js';
import { isScimError, ScimError } from '../errors/scim-error.js';
import {
  BULK_RESPONSE_SCHEMA,
  type BulkMethod,
  type BulkOperation,
  type BulkRequest,
} from './bulk-request.js';

/** Result of one operation: its status and the resource it wrote, if any. */
export interface BulkOutcome {
  readonly status: number;
  readonly id: string | undefined;
  readonly version: number | undefined;
}

export type ResourceEndpoint = 'Users' | 'Groups';

/** Runs one operation against the services; the same code paths as the single-resource endpoints. */
export type BulkExecutor = (
  method: BulkMethod,
  endpoint: ResourceEndpoint,
  id: string | undefined,
  data: unknown,
  version: string | undefined,
) => Promise<BulkOutcome>;

export interface BulkResult {
  readonly method: BulkMethod;
  readonly bulkId?: string;
  readonly version?: string;
  readonly location?: string;
  readonly status: string;
  readonly response?: unknown;
}

export interface BulkResponse {
  readonly schemas: [typeof BULK_RESPONSE_SCHEMA];
  readonly Operations: BulkResult[];
}

const BULK_REFERENCE = /^bulkId:(.+)$/;

/**
 * Processes a bulk request (RFC 7644 §3.7). Operations run one by one, each in its own
 * transaction, in request order except that an operation referring to `bulkId:x` runs after the
 * POST that defines `x`. Circular references get 409 (RFC 7644 §3.7.1). Processing stops after
 * `failOnErrors` failures; results list the operations that ran, in request order.
 */
export async function processBulk(
  request: BulkRequest,
  execute: BulkExecutor,
  baseUrl: string,
): Promise<BulkResponse> {
  const created = new Map<string, string>();
  const failedIds = new Set<string>();
  const results = new Map<number, BulkResult>();
  let errors = 0;

  const { order, cyclic } = executionOrder(request.operations);
  for (const operation of order) {
    if (request.failOnErrors !== undefined && errors >= request.failOnErrors) break;
    const result = cyclic.has(operation.index)
      ? cycleResult(operation)
      : await runOperation(operation, execute, baseUrl, created, failedIds);
    if (Number(result.status) >= 400) {
      errors += 1;
      if (operation.bulkId !== undefined) failedIds.add(operation.bulkId);
    }
    results.set(operation.index, result);
  }
  const ordered = [...results.entries()].sort(([a], [b]) => a - b).map(([, result]) => result);
  return { schemas: [BULK_RESPONSE_SCHEMA], Operations: ordered };
}

function cycleResult(operation: BulkOperation): BulkResult {
  const error = new ScimError(
    409,
    'bulk_reference_cycle',
    `Operations[${operation.index}]: its bulkId references form a cycle, so no order can create them.`,
    'invalidValue',
  );
  return {
    method: operation.method,
    ...(operation.bulkId ? { bulkId: operation.bulkId } : {}),
    status: '409',
    response: error.toBody(),
  };
}

async function runOperation(
  operation: BulkOperation,
  execute: BulkExecutor,
  baseUrl: string,
  created: Map<string, string>,
  failedIds: Set<string>,
): Promise<BulkResult> {
  const base = {
    method: operation.method,
    ...(operation.bulkId ? { bulkId: operation.bulkId } : {}),
  };
  try {
    const { endpoint, id } = parsePath(operation, created, failedIds);
    const data = resolveReferences(operation.data, created, failedIds, operation.index);
    const outcome = await execute(operation.method, endpoint, id, data, operation.version);
    if (operation.method === 'POST' && operation.bulkId !== undefined && outcome.id !== undefined) {
      created.set(operation.bulkId, outcome.id);
    }
    const resourceId = outcome.id ?? id;
    return {
      ...base,
      ...(outcome.version === undefined ? {} : { version: `W/"${outcome.version}"` }),
      ...(resourceId === undefined || operation.method === 'DELETE'
        ? {}
        : { location: `${baseUrl}/${endpoint}/${resourceId}` }),
      status: String(outcome.status),
    };
  } catch (error) {
    if (!isScimError(error)) throw error;
    return { ...base, status: String(error.status), response: error.toBody() };
  }
}

function parsePath(
  operation: BulkOperation,
  created: Map<string, string>,
  failedIds: Set<string>,
): { endpoint: ResourceEndpoint; id: string | undefined } {
  const match = /^\/(Users|Groups)(?:\/([^/]+))?\/?$/.exec(operation.path);
  const where = `Operations[${operation.index}]`;
  if (match === null) {
    throw invalidValue(
      `${where}: path ${quote(operation.path)} is not /Users, /Groups or one of their resources.`,
    );
  }
  const endpoint = match[1] as ResourceEndpoint;
  const rawId = match[2];
  if (operation.method === 'POST' && rawId !== undefined) {
    throw invalidValue(`${where}: POST goes to ${endpoint}, not to a resource path.`);
  }
  if (operation.method !== 'POST' && rawId === undefined) {
    throw invalidValue(
      `${where}: ${operation.method} needs a resource path such as /${endpoint}/{id}.`,
    );
  }
  if (rawId === undefined) return { endpoint, id: undefined };
  const decoded = decodeURIComponentSafe(rawId);
  if (decoded === undefined) {
    throw invalidValue(`${where}: path ${quote(operation.path)} has an invalid percent-escape.`);
  }
  const id = resolveReference(decoded, created, failedIds, operation.index);
  return { endpoint, id };
}

function resolveReferences(
  value: unknown,
  created: Map<string, string>,
  failedIds: Set<string>,
  index: number,
): unknown {
  if (typeof value === 'string') return resolveReference(value, created, failedIds, index);
  if (Array.isArray(value))
    return value.map((item) => resolveReferences(item, created, failedIds, index));
  if (value !== null && typeof value === 'object') {
    const resolved: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      resolved[key] = resolveReferences(item, created, failedIds, index);
    }
    return resolved;
  }
  return value;
}

function resolveReference(
  text: string,
  created: Map<string, string>,
  failedIds: Set<string>,
  index: number,
): string {
  const match = BULK_REFERENCE.exec(text);
  if (match === null) return text;
  const bulkId = match[1]!;
  const id = created.get(bulkId);
  if (id !== undefined) return id;
  if (failedIds.has(bulkId)) {
    throw new ScimError(
      409,
      'bulk_reference_failed',
      `Operations[${index}]: bulkId ${quote(bulkId)} refers to an operation that failed, so it names no resource.`,
      'invalidValue',
    );
  }
  throw resourceNotFound(text);
}

/** Collects the bulkIds an operation refers to, in its path or anywhere in its data. */
function references(operation: BulkOperation): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const match = BULK_REFERENCE.exec(value);
      if (match !== null) found.add(match[1]!);
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value !== null && typeof value === 'object') {
      Object.values(value).forEach(visit);
    }
  };
  visit(operation.path.split('/').map((part) => decodeURIComponentSafe(part) ?? part));
  visit(operation.data);
  return found;
}

function decodeURIComponentSafe(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * Orders operations so each one runs after the POSTs whose bulkIds it uses, keeping request
 * order otherwise. Operations caught in a reference cycle come last, marked in `cyclic`.
 */
function executionOrder(operations: readonly BulkOperation[]): {
  order: BulkOperation[];
  cyclic: Set<number>;
} {
  const definedBy = new Map<string, number>();
  for (const operation of operations) {
    if (operation.method === 'POST' && operation.bulkId !== undefined) {
      definedBy.set(operation.bulkId, operation.index);
    }
  }
  const waitingOn = new Map<number, number[]>();
  for (const operation of operations) {
    const producers = [...references(operation)]
      .map((bulkId) => definedBy.get(bulkId))
      // An operation that refers to its own bulkId waits on itself, so it ends up in a cycle.
      .filter((index): index is number => index !== undefined);
    waitingOn.set(operation.index, producers);
  }

  const order: BulkOperation[] = [];
  const done = new Set<number>();
  let next: BulkOperation | undefined;
  do {
    next = operations.find(
      (operation) =>
        !done.has(operation.index) &&
        waitingOn.get(operation.index)!.every((index) => done.has(index)),
    );
    if (next !== undefined) {
      order.push(next);
      done.add(next.index);
    }
  } while (next !== undefined);

  const cyclic = operations.filter((operation) => !done.has(operation.index));
  return {
    order: [...order, ...cyclic],
    cyclic: new Set(cyclic.map((operation) => operation.index)),
  };
}
