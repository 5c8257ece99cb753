import type {
  CompiledQuery,
  Expression,
  ExpressionBuilder,
  Kysely,
  Selectable,
  SqlBool,
} from 'kysely';

import type { Database } from './database-schema.js';
import type { DialectName } from './dialect-name.js';

/**
 * Activity log tables. Times are ISO 8601 UTC text like every other timestamp, so text order is
 * time order; JSON lists and the request body are stored as text on both backends.
 */
export interface ActivityLogTable {
  /** The request id (a UUID): the same id the server's log line and 500 responses carry. */
  id: string;
  organization_id: string;
  /** When the response finished. */
  time: string;
  source: ActivitySource;
  /** Provider of the SCIM token, null for admin and CLI entries and unauthenticated requests. */
  provider: string | null;
  /** URL prefix a SCIM request came in on. */
  flavour: string | null;
  /** Id of the admin token that made an admin request. */
  actor: string | null;
  method: string;
  /** Path with the query string, secrets in the query redacted. */
  path: string;
  status: number;
  duration_ms: number;
  resource_ids: string;
  rules: string;
  ignored_attributes: string;
  error_code: string | null;
  error_detail: string | null;
  /** Redacted request body as JSON text; null when the request had no body. */
  request_body: string | null;
  /** 1 when the body was too large to keep and only its size was stored. */
  body_truncated: number;
}

export interface ActivityResourcesTable {
  entry_id: string;
  resource_id: string;
}

// A type alias rather than an interface, because `withTables` needs an index signature.
export type ActivityTables = {
  activity_log: ActivityLogTable;
  activity_resources: ActivityResourcesTable;
};

type ActivityDatabase = Database & ActivityTables;

/** Origin of a recorded request: a SCIM client, the admin API, or the CLI on a local database. */
export type ActivitySource = 'scim' | 'admin' | 'cli';

export const ACTIVITY_SOURCES: readonly ActivitySource[] = ['scim', 'admin', 'cli'];

/** One activity log entry in domain form. */
export interface ActivityRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly time: string;
  readonly source: ActivitySource;
  readonly provider: string | null;
  readonly flavour: string | null;
  readonly actor: string | null;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  readonly resourceIds: readonly string[];
  readonly rules: readonly string[];
  readonly ignoredAttributes: readonly string[];
  readonly errorCode: string | null;
  readonly errorDetail: string | null;
  /** The redacted body; undefined when the request had none or the query left bodies out. */
  readonly requestBody: unknown;
  readonly bodyTruncated: boolean;
}

/** An inclusive range of HTTP status codes: 404 is [404, 404], the class 4xx is [400, 499]. */
export interface StatusRange {
  readonly from: number;
  readonly to: number;
}

/** Position after which a newest-first page continues. */
export interface ActivityCursor {
  readonly time: string;
  readonly id: string;
}

/** Conditions an entry must meet; empty lists and undefined fields do not filter. */
export interface ActivityFilter {
  readonly resourceId?: string | undefined;
  readonly statuses?: readonly StatusRange[];
  readonly providers?: readonly string[];
  readonly sources?: readonly ActivitySource[];
  readonly methods?: readonly string[];
  /** Inclusive lower bound, ISO 8601 UTC. */
  readonly since?: string | undefined;
  /** Exclusive upper bound, ISO 8601 UTC. */
  readonly until?: string | undefined;
}

/** Request counts of one provider in a time window. */
export interface ProviderActivity {
  readonly provider: string;
  readonly total: number;
  readonly clientErrors: number;
  readonly serverErrors: number;
  readonly lastTime: string | null;
}

const CHUNK = 200;
const PRUNE_BATCH = 5000;

export class ActivityRepository {
  private readonly db: Kysely<ActivityDatabase>;
  private rowInsert: CompiledQuery | undefined;
  private linkInsert: CompiledQuery | undefined;

  constructor(
    db: Kysely<Database>,
    readonly dialect: DialectName,
  ) {
    this.db = db.withTables<ActivityTables>();
  }

  /** Inserts entries and their resource ids in one transaction; ids already stored are skipped. */
  async insert(entries: readonly ActivityRecord[]): Promise<void> {
    if (entries.length === 0) return;
    if (this.dialect === 'sqlite') return this.insertRowByRow(entries);
    await this.db.transaction().execute(async (trx) => {
      for (let start = 0; start < entries.length; start += CHUNK) {
        const chunk = entries.slice(start, start + CHUNK);
        await trx
          .insertInto('activity_log')
          .values(chunk.map(toRow))
          .onConflict((conflict) => conflict.column('id').doNothing())
          .execute();
      }
      const links = entries.flatMap((entry) =>
        [...new Set(entry.resourceIds)].map((resourceId) => ({
          entry_id: entry.id,
          resource_id: resourceId,
        })),
      );
      for (let start = 0; start < links.length; start += CHUNK) {
        await trx
          .insertInto('activity_resources')
          .values(links.slice(start, start + CHUNK))
          .onConflict((conflict) => conflict.columns(['entry_id', 'resource_id']).doNothing())
          .execute();
      }
    });
  }

  /**
   * SQLite variant of `insert`: one prepared single-row statement per table, run once per row.
   * SQLite runs in-process, so many small statements cost less than building one statement with
   * thousands of parameters. The statements are compiled once, from the first row, and reused
   * with each row's values, which follow the same key order.
   */
  private async insertRowByRow(entries: readonly ActivityRecord[]): Promise<void> {
    const rows = entries.map(toRow);
    const links = entries.flatMap((entry) =>
      [...new Set(entry.resourceIds)].map((resourceId) => ({
        entry_id: entry.id,
        resource_id: resourceId,
      })),
    );
    this.rowInsert ??= this.db
      .insertInto('activity_log')
      .values(rows[0]!)
      .onConflict((conflict) => conflict.column('id').doNothing())
      .compile();
    this.linkInsert ??= this.db
      .insertInto('activity_resources')
      .values({ entry_id: '', resource_id: '' })
      .onConflict((conflict) => conflict.columns(['entry_id', 'resource_id']).doNothing())
      .compile();
    const rowInsert = this.rowInsert;
    const linkInsert = this.linkInsert;
    await this.db.transaction().execute(async (trx) => {
      for (const row of rows) {
        await trx.executeQuery({ ...rowInsert, parameters: Object.values(row) });
      }
      for (const link of links) {
        await trx.executeQuery({ ...linkInsert, parameters: [link.entry_id, link.resource_id] });
      }
    });
  }

  /**
   * Returns up to `limit` entries, newest first, after `cursor` when given. Bodies are left out;
   * read one entry with `find` to get its body.
   */
  async list(
    organizationId: string,
    filter: ActivityFilter,
    limit: number,
    cursor: ActivityCursor | undefined,
  ): Promise<ActivityRecord[]> {
    let query = this.db
      .selectFrom('activity_log')
      .select(SUMMARY_COLUMNS)
      .where('organization_id', '=', organizationId)
      .where((eb) => matches(eb, filter));
    if (cursor !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb('time', '<', cursor.time),
          eb.and([eb('time', '=', cursor.time), eb('id', '<', cursor.id)]),
        ]),
      );
    }
    const rows = await query.orderBy('time', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((row) => fromRow({ ...row, request_body: null }));
  }

  /** Returns up to `limit` matching entries with their bodies, oldest first. */
  async listOldestFirst(
    organizationId: string,
    filter: ActivityFilter,
    limit: number,
  ): Promise<ActivityRecord[]> {
    const rows = await this.db
      .selectFrom('activity_log')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where((eb) => matches(eb, filter))
      .orderBy('time', 'asc')
      .orderBy('id', 'asc')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }

  async count(organizationId: string, filter: ActivityFilter): Promise<number> {
    const row = await this.db
      .selectFrom('activity_log')
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .where('organization_id', '=', organizationId)
      .where((eb) => matches(eb, filter))
      .executeTakeFirstOrThrow();
    return Number(row.total);
  }

  async find(organizationId: string, id: string): Promise<ActivityRecord | undefined> {
    const row = await this.db
      .selectFrom('activity_log')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  /** Counts SCIM requests per provider from `since` on, with the time of each provider's latest. */
  async providerActivity(organizationId: string, since: string): Promise<ProviderActivity[]> {
    const rows = await this.db
      .selectFrom('activity_log')
      .select((eb) => [
        'provider',
        eb.fn.countAll<number | string>().as('total'),
        eb.fn
          .sum<number | string | null>(
            eb
              .case()
              .when(eb.and([eb('status', '>=', 400), eb('status', '<', 500)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('client_errors'),
        eb.fn
          .sum<number | string | null>(eb.case().when('status', '>=', 500).then(1).else(0).end())
          .as('server_errors'),
        eb.fn.max('time').as('last_time'),
      ])
      .where('organization_id', '=', organizationId)
      .where('source', '=', 'scim')
      .where('provider', 'is not', null)
      .where('time', '>=', since)
      .groupBy('provider')
      .execute();
    return rows.map((row) => ({
      provider: row.provider!,
      total: Number(row.total),
      clientErrors: Number(row.client_errors ?? 0),
      serverErrors: Number(row.server_errors ?? 0),
      lastTime: row.last_time ?? null,
    }));
  }

  /** The newest SCIM entry of a provider matching the filter, if any. */
  async latest(
    organizationId: string,
    provider: string,
    filter: ActivityFilter,
  ): Promise<ActivityRecord | undefined> {
    const row = await this.db
      .selectFrom('activity_log')
      .select(SUMMARY_COLUMNS)
      .where('organization_id', '=', organizationId)
      .where('source', '=', 'scim')
      .where('provider', '=', provider)
      .where((eb) => matches(eb, filter))
      .orderBy('time', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && fromRow({ ...row, request_body: null });
  }

  /**
   * Deletes entries older than `cutoff` (ISO 8601) in every organization, in batches so one
   * prune never holds a long lock. Their resource links go with them (ON DELETE CASCADE).
   * Returns how many entries were deleted.
   */
  async deleteOlderThan(cutoff: string): Promise<number> {
    let deleted = 0;
    for (;;) {
      const batch = this.db
        .selectFrom('activity_log')
        .select('id')
        .where('time', '<', cutoff)
        .limit(PRUNE_BATCH);
      const result = await this.db
        .deleteFrom('activity_log')
        .where('id', 'in', batch)
        .executeTakeFirst();
      const count = Number(result.numDeletedRows);
      deleted += count;
      if (count < PRUNE_BATCH) return deleted;
    }
  }
}

const SUMMARY_COLUMNS = [
  'id',
  'organization_id',
  'time',
  'source',
  'provider',
  'flavour',
  'actor',
  'method',
  'path',
  'status',
  'duration_ms',
  'resource_ids',
  'rules',
  'ignored_attributes',
  'error_code',
  'error_detail',
  'body_truncated',
] as const;

function matches(
  eb: ExpressionBuilder<ActivityDatabase, 'activity_log'>,
  filter: ActivityFilter,
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.resourceId !== undefined) {
    const linked = eb
      .selectFrom('activity_resources')
      .select('entry_id')
      .where('resource_id', '=', filter.resourceId);
    conditions.push(eb('id', 'in', linked));
  }
  if (filter.statuses !== undefined && filter.statuses.length > 0) {
    conditions.push(
      eb.or(
        filter.statuses.map((range) =>
          range.from === range.to
            ? eb('status', '=', range.from)
            : eb.and([eb('status', '>=', range.from), eb('status', '<=', range.to)]),
        ),
      ),
    );
  }
  if (filter.providers !== undefined && filter.providers.length > 0) {
    conditions.push(eb('provider', 'in', filter.providers));
  }
  if (filter.sources !== undefined && filter.sources.length > 0) {
    conditions.push(eb('source', 'in', filter.sources));
  }
  if (filter.methods !== undefined && filter.methods.length > 0) {
    conditions.push(eb('method', 'in', filter.methods));
  }
  if (filter.since !== undefined) conditions.push(eb('time', '>=', filter.since));
  if (filter.until !== undefined) conditions.push(eb('time', '<', filter.until));
  return eb.and(conditions);
}

function toRow(entry: ActivityRecord): ActivityLogTable {
  return {
    id: entry.id,
    organization_id: entry.organizationId,
    time: entry.time,
    source: entry.source,
    provider: entry.provider,
    flavour: entry.flavour,
    actor: entry.actor,
    method: entry.method,
    path: entry.path,
    status: entry.status,
    duration_ms: entry.durationMs,
    resource_ids: JSON.stringify(entry.resourceIds),
    rules: JSON.stringify(entry.rules),
    ignored_attributes: JSON.stringify(entry.ignoredAttributes),
    error_code: entry.errorCode,
    error_detail: entry.errorDetail,
    request_body: entry.requestBody === undefined ? null : JSON.stringify(entry.requestBody),
    body_truncated: entry.bodyTruncated ? 1 : 0,
  };
}

function fromRow(row: Selectable<ActivityLogTable>): ActivityRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    time: row.time,
    source: row.source,
    provider: row.provider,
    flavour: row.flavour,
    actor: row.actor,
    method: row.method,
    path: row.path,
    status: Number(row.status),
    durationMs: Number(row.duration_ms),
    resourceIds: JSON.parse(row.resource_ids) as string[],
    rules: JSON.parse(row.rules) as string[],
    ignoredAttributes: JSON.parse(row.ignored_attributes) as string[],
    errorCode: row.error_code,
    errorDetail: row.error_detail,
    requestBody: row.request_body === null ? undefined : JSON.parse(row.request_body),
    bodyTruncated: Number(row.body_truncated) === 1,
  };
}
