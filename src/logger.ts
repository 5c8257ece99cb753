import pino, { type Logger } from 'pino';

import type { LogLevel } from './config.js';

/**
 * Log policy: JSON lines, secrets redacted wherever they appear in a logged object (headers,
 * request bodies, token records). Request lines are written by the HTTP layer, one per request.
 */
export const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'password',
  '*.password',
  'body.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
];

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'rolecall' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
