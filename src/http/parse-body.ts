import type { FastifyInstance } from 'fastify';

import { invalidJson, unsupportedMediaType } from '../errors/catalogue.js';

const JSON_MEDIA_TYPE = /^application\/(scim\+)?json\s*(;.*)?$/i;

/**
 * Accepts bodies typed application/scim+json or application/json with any parameters, or with
 * no Content-Type at all (RFC 7644 §3.8), and parses them as JSON. Other types get 415.
 */
export function registerBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const type = request.headers['content-type'];
    if (type !== undefined && type.trim() !== '' && !JSON_MEDIA_TYPE.test(type)) {
      done(unsupportedMediaType(type), undefined);
      return;
    }
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(invalidJson((error as Error).message), undefined);
    }
  });
}
