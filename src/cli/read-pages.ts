import { integerFlag, queryString } from './admin-options.js';
import { openAdminTransport, type AdminTransport, type TargetFlags } from './admin-transport.js';

/** Largest page the admin API returns. */
const PAGE = 500;

/** Flags of a paged listing: `--limit` caps the items printed, `--offset` skips the first ones. */
export interface PageFlags extends TargetFlags {
  limit?: string;
  offset?: string;
}

/**
 * Reads the items of a paged admin listing, page after page, until the listing ends or
 * `--limit` items are read. `key` names the list in each page body, e.g. `users`.
 */
export async function readPages<T>(
  flags: PageFlags,
  path: string,
  key: string,
  filter: Readonly<Record<string, string | undefined>>,
): Promise<T[]> {
  const transport = await openAdminTransport(flags);
  try {
    return await readWithTransport<T>(transport, path, key, filter, {
      limit: integerFlag('limit', flags.limit),
      offset: integerFlag('offset', flags.offset) ?? 0,
    });
  } finally {
    await transport.close();
  }
}

/** Reads every page of a listing on an open transport; see `readPages`. */
export async function readWithTransport<T>(
  transport: AdminTransport,
  path: string,
  key: string,
  filter: Readonly<Record<string, string | undefined>>,
  range: { limit?: number | undefined; offset: number } = { offset: 0 },
): Promise<T[]> {
  const items: T[] = [];
  let offset = range.offset;
  for (;;) {
    const pageSize = range.limit === undefined ? PAGE : Math.min(PAGE, range.limit - items.length);
    if (pageSize <= 0) return items;
    const page = await transport.send(
      'GET',
      `${path}${queryString({ ...filter, offset, limit: pageSize })}`,
    );
    const received = page[key] as T[];
    items.push(...received);
    offset += received.length;
    if (received.length < pageSize || offset >= page.total) return items;
  }
}
