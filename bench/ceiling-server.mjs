// The ceiling of the benchmark: a minimal fastify server that returns a fixed SCIM user
// document for GET /provisioning/generic/v2/Users/{id}, with no authentication, storage or
// rendering. Usage: node bench/ceiling-server.mjs DOCUMENT_FILE
import { readFileSync } from 'node:fs';

import Fastify from 'fastify';

const documentFile = process.argv[2];
if (documentFile === undefined) {
  process.stderr.write('Usage: node bench/ceiling-server.mjs DOCUMENT_FILE\n');
  process.exit(2);
}
const document = readFileSync(documentFile, 'utf8');
const version = JSON.parse(document).meta?.version ?? 'W/"1"';

const app = Fastify({ logger: false });
app.get('/provisioning/generic/v2/Users/:id', (_request, reply) => {
  reply.header('content-type', 'application/scim+json').header('etag', version).send(document);
});

const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`ceiling is listening on ${address}\n`);

const stop = () => void app.close();
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
