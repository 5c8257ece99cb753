import { randomBytes } from 'node:crypto';

/**
 * Generates a UUID version 7 (RFC 9562 §5.7): 48 bits of Unix time in milliseconds, then random
 * bits. Request ids become the activity log's primary key, and ids that grow with time are
 * appended to its indexes instead of being inserted at random places.
 */
export function timeOrderedUuid(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
