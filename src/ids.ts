import { randomBytes } from 'node:crypto';

import type { Clock } from './clock.js';

/** Issues resource ids: a prefix, 8 random hex digits, then 8 hex digits of the Unix time in seconds. */
export interface IdGenerator {
  user(): string;
  role(): string;
  token(): string;
  organization(): string;
}

export const USER_ID_PATTERN = /^a-[0-9a-f]{16}$/;
export const ROLE_ID_PATTERN = /^r-[0-9a-f]{16}$/;

export function createIdGenerator(clock: Clock): IdGenerator {
  const issue = (prefix: string): string => {
    const seconds = Math.floor(clock.now().getTime() / 1000);
    const time = (seconds >>> 0).toString(16).padStart(8, '0');
    return `${prefix}-${randomBytes(4).toString('hex')}${time}`;
  };
  return {
    user: () => issue('a'),
    role: () => issue('r'),
    token: () => issue('t'),
    organization: () => issue('o'),
  };
}
