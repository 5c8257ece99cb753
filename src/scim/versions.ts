import { versionMismatch } from '../errors/catalogue.js';

/** The weak entity tag of a resource version, as in `meta.version` and the ETag header. */
export function entityTag(version: number): string {
  return `W/"${version}"`;
}

function opaqueTags(header: string): string[] {
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .filter((tag) => tag !== '');
}

/**
 * Throws 412 unless an If-Match header (RFC 7232 §3.1) matches the current version. The weak
 * prefix is ignored because every tag this server issues is weak. No header means no condition.
 */
export function checkIfMatch(header: string | undefined, id: string, version: number): void {
  if (header === undefined) return;
  const current = `"${version}"`;
  const tags = opaqueTags(header);
  if (tags.includes('*') || tags.includes(current)) return;
  throw versionMismatch(id, header, entityTag(version));
}

/** Tells whether an If-None-Match header (RFC 7232 §3.2) matches, so GET may answer 304. */
export function ifNoneMatchHits(header: string | undefined, version: number): boolean {
  if (header === undefined) return false;
  const tags = opaqueTags(header);
  return tags.includes('*') || tags.includes(`"${version}"`);
}
