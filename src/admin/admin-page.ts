import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Folder of the page's files. They are plain HTML, CSS and JavaScript modules with no build
 * step, so they stay in the source tree: `../../src/admin/web` resolves to the same folder
 * from `src/admin` (tests) and from `dist/admin` (the built server).
 * NOTE: a deployment therefore needs `src/admin/web` beside `dist`.
 */
export const WEB_FOLDER = join(import.meta.dirname, '../../src/admin/web');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

const ASSET_NAME = /^[a-z][a-z0-9-]*\.(html|css|js|svg)$/;

/** Scripts and styles come only from this server; the page is never framed. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  readonly type: string;
  readonly content: Buffer;
}

/** Reads the page's files once, keyed by file name; names outside ASSET_NAME are ignored. */
export function loadAssets(folder: string = WEB_FOLDER): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(folder)) {
    const match = ASSET_NAME.exec(name);
    if (match === null) continue;
    assets.set(name, {
      type: CONTENT_TYPES[match[1]!]!,
      content: readFileSync(join(folder, name)),
    });
  }
  return assets;
}

/**
 * Serves the admin page: `/admin` is index.html, `/admin/assets/<name>` the other files. Only
 * files read at start are served, so no request path reaches the file system. The page names its
 * files relative to `/admin`, so that it works under a proxy's path prefix; `/admin/` redirects
 * there, relatively, for the same reason.
 */
export async function adminPage(app: FastifyInstance): Promise<void> {
  const assets = loadAssets();
  const send = (name: string, reply: FastifyReply) => {
    const asset = assets.get(name);
    if (asset === undefined) {
      return reply.code(404).type('text/plain; charset=utf-8').send(`No admin page file ${name}.`);
    }
    return reply
      .header('content-type', asset.type)
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-frame-options', 'DENY')
      .send(asset.content);
  };
  app.get('/admin', (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (path.endsWith('/')) return reply.redirect('../admin', 301);
    return send('index.html', reply);
  });
  app.get<{ Params: { name: string } }>('/admin/assets/:name', (request, reply) =>
    send(request.params.name, reply),
  );
}
