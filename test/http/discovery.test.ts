import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ALL_SCHEMAS } from '../../src/schema/resource-type.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe.each(['generic', 'okta', 'azure'])('discovery on %s', (provider) => {
  const base = `/provisioning/${provider}/v2`;
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('serves ServiceProviderConfig without a token', async () => {
    const response = await t.request('GET', `${base}/ServiceProviderConfig?attributes=patch`, {
      token: null,
    });

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/scim+json');
    expect(response.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
      filter: { supported: true, maxResults: 1000 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken', primary: true })],
    });
    expect(response.body.documentationUri).toMatch(/^https:\/\//);
    expect(response.body.meta.location).toBe(
      `https://scim.example.test${base}/ServiceProviderConfig`,
    );
  });

  it('lists User then Group in ResourceTypes', async () => {
    const response = await t.request('GET', `${base}/ResourceTypes`, { token: null });

    expect(response.body.totalResults).toBe(2);
    expect(response.body.Resources[0]).toMatchObject({
      id: 'User',
      endpoint: '/Users',
      schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
      schemaExtensions: [
        { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false },
      ],
    });
    expect(response.body.Resources[1]).toMatchObject({ id: 'Group', endpoint: '/Groups' });
  });

  it('serves one resource type by id', async () => {
    const response = await t.request('GET', `${base}/ResourceTypes/Group`, { token: null });

    expect(response.status).toBe(200);
    expect(response.body.id).toBe('Group');
  });

  it('serves the schemas the server validates against', async () => {
    const response = await t.request('GET', `${base}/Schemas`, { token: null });

    expect(response.body.Resources.map((schema: { id: string }) => schema.id)).toEqual(
      ALL_SCHEMAS.map((schema) => schema.id),
    );
    const user = response.body.Resources[0];
    expect(user.description).toBe('User Account');
    const emails = user.attributes.find(
      (attribute: { name: string }) => attribute.name === 'emails',
    );
    expect(emails).toMatchObject({ type: 'complex', multiValued: true, mutability: 'readWrite' });
    const password = user.attributes.find(
      (attribute: { name: string }) => attribute.name === 'password',
    );
    expect(password).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
  });

  it('serves one schema by URN in any case', async () => {
    const response = await t.request(
      'GET',
      `${base}/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:user`,
      { token: null },
    );

    expect(response.status).toBe(200);
    expect(response.body.name).toBe('EnterpriseUser');
  });

  it('serves the page documentationUri points to', async () => {
    const config = await t.request('GET', `${base}/ServiceProviderConfig`, { token: null });
    const path = new URL(config.body.documentationUri).pathname;
    const response = await t.app.server.inject({ method: 'GET', url: path });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('bare-filter-values');
  });

  it('answers 404 for an unknown schema', async () => {
    const response = await t.request('GET', `${base}/Schemas/urn:example:nothing`, { token: null });

    expect(response.status).toBe(404);
  });
});
