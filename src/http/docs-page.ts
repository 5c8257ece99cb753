import type { FastifyInstance } from 'fastify';

import {
  NORMALIZATION_RULES,
  flavourAllows,
  type RuleName,
} from '../flavours/normalization-rules.js';
import { PROVIDERS } from '../flavours/provider.js';

const ENDPOINTS: readonly [string, string][] = [
  ['GET /Users, GET /Groups', 'list with filter, sortBy, sortOrder, startIndex, count, attributes'],
  ['POST /Users/.search, /Groups/.search, /.search', 'the same query in a SearchRequest body'],
  ['GET /Users/{id}, GET /Groups/{id}', 'read one; If-None-Match gives 304'],
  ['POST /Users, POST /Groups', 'create; 201 with Location and ETag'],
  ['PUT /Users/{id}, PUT /Groups/{id}', 'replace; If-Match gives 412 on a stale version'],
  ['PATCH /Users/{id}, PATCH /Groups/{id}', '200 with the resource, or 204 when unchanged'],
  ['DELETE /Users/{id}, DELETE /Groups/{id}', '204'],
  ['POST /Bulk', 'up to 1000 operations with bulkId references'],
  ['GET /ServiceProviderConfig, /ResourceTypes, /Schemas', 'discovery; no token needed'],
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

function row(cells: readonly string[]): string {
  return `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`;
}

/** Builds the documentation page that ServiceProviderConfig's documentationUri points to. */
export function renderDocsPage(): string {
  const rules = (Object.keys(NORMALIZATION_RULES) as RuleName[]).map((rule) =>
    row([
      rule,
      NORMALIZATION_RULES[rule],
      ...PROVIDERS.map((provider) => (flavourAllows(provider, rule) ? 'yes' : 'no')),
    ]),
  );
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>rolecall SCIM API</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3rem .6rem;text-align:left;vertical-align:top}</style>
</head>
<body>
<main>
<h1>rolecall SCIM 2.0 API</h1>
<p>Users and roles (SCIM Groups) of one organization, per RFC 7643 and RFC 7644. Base URLs:
${PROVIDERS.map((provider) => `<code>/provisioning/${provider}/v2</code>`).join(', ')}.
Send a provisioning token as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
<h2>Endpoints</h2>
<table><thead><tr><th>Request</th><th>Behaviour</th></tr></thead><tbody>
${ENDPOINTS.map((endpoint) => row(endpoint)).join('\n')}
</tbody></table>
<h2>Flavours</h2>
<p><code>generic</code> follows the RFCs strictly. <code>okta</code> and <code>azure</code> also accept
the request shapes below, which those clients are known to send; <code>generic</code> rejects them
with a 400 that names the endpoints that accept them.</p>
<table><thead><tr><th>Rule</th><th>Effect</th>${PROVIDERS.map((provider) => `<th>${provider}</th>`).join('')}</tr></thead><tbody>
${rules.join('\n')}
</tbody></table>
</main>
</body>
</html>
`;
}

/** Serves the documentation page at GET /docs. */
export function registerDocsPage(app: FastifyInstance): void {
  const page = renderDocsPage();
  app.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
}
