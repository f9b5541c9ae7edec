import { INestApplication } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { REQUEST_SCHEMAS, RESPONSE_SCHEMAS } from './api-schemas';

type Name<T> = keyof T & string;
interface Body {
  request?: Name<typeof REQUEST_SCHEMAS>;
  /** status -> schema name, or the media type of a body that is not JSON */
  responses: Record<number, Name<typeof RESPONSE_SCHEMAS> | { media: string }>;
}

/** Each route's request and response bodies: what a client generator needs for usable types. */
const BODIES: Record<string, Body> = {
  'get /accords': { responses: { 200: 'AccordList' } },
  'get /accords/{id}': { responses: { 200: 'StoredAccord', 404: 'Error' } },
  'put /accords/{id}': { request: 'Accord', responses: { 200: 'AccordDefined', 201: 'AccordDefined', 400: 'Error' } },
  'delete /accords/{id}': { responses: { 200: 'AccordRetired', 404: 'Error' } },
  'get /accords/{id}/compliance': { responses: { 200: 'ComplianceReport', 404: 'Error' } },
  'get /accords/{id}/windows': { responses: { 200: 'Windows', 400: 'Error', 404: 'Error' } },
  'get /accords/{id}/claims': { responses: { 200: 'Claims', 404: 'Error' } },
  'get /alerts': { responses: { 200: 'AlertList', 400: 'Error' } },
  'get /alerts/stream': { responses: { 200: { media: 'text/event-stream' } } },
  'post /alerts/{id}/ack': { request: 'Acknowledgement', responses: { 200: 'Acknowledged', 404: 'Error' } },
  'post /observations': { request: 'Observations', responses: { 202: 'Appended', 400: 'Error' } },
  'get /health': { responses: { 200: 'Health', 503: 'Health' } },
  'get /metrics': { responses: { 200: { media: 'text/plain' } } },
  'get /schemas/observation.json': { responses: { 200: 'JsonSchema' } },
  'get /schemas/accord.json': { responses: { 200: 'JsonSchema' } },
};

/** OpenAPI at /docs (UI, assets served locally by swagger-ui-dist) and /docs-json. */
export function mountApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('ceasefire-monitor')
    .setDescription(
      'Observations in; accords, compliance verdicts per source and overall, rolling windows and alerts out. ' +
        'Message shapes: /schemas/observation.json and asyncapi.yaml in the repository.',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', name: 'x-api-key', in: 'header' }, 'api-key')
    .addBearerAuth()
    .build();
  const document = withBodies(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', customSiteTitle: 'ceasefire-monitor API' });
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The zod definitions as components.schemas, referenced from each route of BODIES. */
function withBodies(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...schemas(REQUEST_SCHEMAS, 'input'), ...schemas(RESPONSE_SCHEMAS, 'output') },
  };
  for (const [route, body] of Object.entries(BODIES)) {
    const [method, path] = route.split(' ') as ['get' | 'put' | 'post' | 'delete', string];
    const operation = document.paths[path]?.[method];
    // a route renamed without its entry here must not leave the document silently without bodies
    if (!operation) throw new Error(`api-docs: no route ${method.toUpperCase()} ${path} to describe`);
    if (body.request) operation.requestBody = { required: true, content: { 'application/json': { schema: ref(body.request) } } };
    operation.responses = Object.fromEntries(
      Object.entries(body.responses).map(([status, schema]) => [
        status,
        {
          description: STATUS_CODES[status] ?? status,
          content:
            typeof schema === 'string'
              ? { 'application/json': { schema: ref(schema) } }
              : { [schema.media]: { schema: { type: 'string' } } },
        },
      ]),
    );
  }
  return document;
}

/** One registry per direction: a request may leave out what has a default, a response always has it. */
function schemas(named: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, object> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas: generated } = z.toJSONSchema(registry, { target: 'openapi-3.0', io, unrepresentable: 'any', uri: (id) => ref(id).$ref });
  // OpenAPI 3.0 schema objects have no $id
  return Object.fromEntries(Object.entries(generated).map(([id, { $id: _id, ...schema }]) => [id, schema]));
}
