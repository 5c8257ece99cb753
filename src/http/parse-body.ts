import type { FastifyInstance } from 'fastify';

import {
  invalidJson,
  invalidSyntax,
  unsupportedContentEncoding,
  unsupportedMediaType,
} from '../errors/catalogue.js';

const JSON_MEDIA_TYPE = /^application\/(scim\+)?json$/i;

/** Deepest nesting a body may have; SCIM resources, PATCH and bulk requests need fewer than 10. */
export const MAX_BODY_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Accepts bodies typed application/scim+json or application/json, with no parameter other than
 * charset=utf-8, or with no Content-Type at all (RFC 7644 §3.8), and parses them as JSON. Other
 * types, other charsets and compressed bodies get 415; bytes that are not UTF-8 get 400.
 */
export function registerBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      checkContentType(request.headers['content-type']);
      checkContentEncoding(request.headers['content-encoding']);
      done(null, parseJson(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

function checkContentType(header: string | undefined): void {
  if (header === undefined || header.trim() === '') return;
  const [mediaType, ...parameters] = header.split(';').map((part) => part.trim());
  if (!JSON_MEDIA_TYPE.test(mediaType ?? '')) throw unsupportedMediaType(header);
  for (const parameter of parameters) {
    const [name, value = ''] = parameter.split('=').map((part) => part.trim());
    if (name?.toLowerCase() !== 'charset') continue;
    if (!/^"?utf-?8"?$/i.test(value)) throw unsupportedMediaType(header);
  }
}

function checkContentEncoding(header: string | undefined): void {
  if (header === undefined || /^\s*identity\s*$/i.test(header)) return;
  throw unsupportedContentEncoding(header);
}

function parseJson(body: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw invalidSyntax('The request body is not valid UTF-8; send JSON encoded as UTF-8.');
  }
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidJson((error as Error).message);
  }
  if (depthOf(value) > MAX_BODY_DEPTH) {
    throw invalidSyntax(
      `The request body nests arrays and objects more than ${MAX_BODY_DEPTH} levels deep; no SCIM request needs that.`,
    );
  }
  return value;
}

/** Measures how deeply arrays and objects nest, without recursion. */
function depthOf(root: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[root, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_BODY_DEPTH) return deepest;
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return deepest;
}
