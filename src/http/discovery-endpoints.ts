import { notImplemented, resourceNotFound } from '../errors/catalogue.js';
import { renderResourceType } from '../discovery/resource-type-representation.js';
import { renderSchema } from '../discovery/schema-representation.js';
import {
  renderServiceProviderConfig,
  type ServiceLimits,
} from '../discovery/service-provider-config.js';
import { listResponse } from '../messages/list-response.js';
import { ALL_SCHEMAS, RESOURCE_TYPES } from '../schema/resource-type.js';
import type { ScimEndpoint, ScimHandler } from './scim-endpoint.js';
import { sendScim } from './send-scim.js';

/**
 * Discovery (RFC 7644 §4): readable without a token, query parameters ignored, generated from
 * the same definitions the server validates against.
 */
export function discoveryEndpoints(limits: ServiceLimits): ScimEndpoint[] {
  return [
    {
      path: '/ServiceProviderConfig',
      public: true,
      methods: {
        GET: async ({ context, reply }) => {
          const documentation = `${context.publicBase}/docs`;
          const config = renderServiceProviderConfig(limits, context.baseUrl, documentation);
          return sendScim(reply, 200, config);
        },
      },
    },
    {
      path: '/ResourceTypes',
      public: true,
      methods: {
        GET: async ({ context, reply }) => {
          const types = RESOURCE_TYPES.map((type) => renderResourceType(type, context.baseUrl));
          return sendScim(reply, 200, listResponse(types, types.length, 1));
        },
      },
    },
    {
      path: '/ResourceTypes/:id',
      public: true,
      methods: {
        GET: async ({ context, reply, params }) => {
          const wanted = params.id!.toLowerCase();
          const type = RESOURCE_TYPES.find((candidate) => candidate.id.toLowerCase() === wanted);
          if (type === undefined) throw resourceNotFound(params.id!);
          return sendScim(reply, 200, renderResourceType(type, context.baseUrl));
        },
      },
    },
    {
      path: '/Schemas',
      public: true,
      methods: {
        GET: async ({ context, reply }) => {
          const schemas = ALL_SCHEMAS.map((schema) => renderSchema(schema, context.baseUrl));
          return sendScim(reply, 200, listResponse(schemas, schemas.length, 1));
        },
      },
    },
    {
      path: '/Schemas/:id',
      public: true,
      methods: {
        GET: async ({ context, reply, params }) => {
          const wanted = params.id!.toLowerCase();
          const schema = ALL_SCHEMAS.find((candidate) => candidate.id.toLowerCase() === wanted);
          if (schema === undefined) throw resourceNotFound(params.id!);
          return sendScim(reply, 200, renderSchema(schema, context.baseUrl));
        },
      },
    },
    meEndpoint('/Me'),
    meEndpoint('/Me/*'),
  ];
}

/** RFC 7644 §3.11: /Me needs an authenticated end user, and this server has only IdP tokens. */
function meEndpoint(path: string): ScimEndpoint {
  const reject: ScimHandler = async () => {
    throw notImplemented('/Me (there is no end-user login; use /Users/{id})');
  };
  return {
    path,
    public: true,
    methods: { GET: reject, POST: reject, PUT: reject, PATCH: reject, DELETE: reject },
  };
}
