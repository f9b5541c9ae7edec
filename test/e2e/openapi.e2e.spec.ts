import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { createTestDatabase } from '../support/database';
import { baseUrl, json } from '../support/http';

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; required?: string[] };
type Operation = {
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};

/** CONTRACT section 4, POST /observations, PUT and DELETE /accords/{id} and the published schemas: [method, path, request?, success status]. */
const CONTRACT: [string, string, boolean, string][] = [
  ['get', '/accords', false, '200'],
  ['get', '/accords/{id}', false, '200'],
  ['put', '/accords/{id}', true, '201'],
  ['delete', '/accords/{id}', false, '200'],
  ['get', '/accords/{id}/compliance', false, '200'],
  ['get', '/accords/{id}/windows', false, '200'],
  ['get', '/accords/{id}/claims', false, '200'],
  ['get', '/alerts', false, '200'],
  ['post', '/alerts/{id}/ack', true, '200'],
  ['post', '/observations', true, '202'],
  ['get', '/health', false, '200'],
  ['get', '/schemas/observation.json', false, '200'],
  ['get', '/schemas/accord.json', false, '200'],
];

describe('the OpenAPI document (/docs-json)', () => {
  let db: { url: string; drop(): Promise<void> };
  let app: INestApplication;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  const resolve = (schema: Schema) => (schema.$ref ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApp({ DATABASE_URL: db.url, PORT: '0', ACCORDS_DIR: join(__dirname, '../../accords'), LOG_LEVEL: 'silent' });
    doc = (await json(`${baseUrl(app)}/docs-json`)).body;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it.each(CONTRACT)('%s %s has its request and response schemas', (method, path, request, status) => {
    const operation = doc.paths[path][method];
    const response = operation.responses[status].content!['application/json'].schema;
    expect(resolve(response)).toMatchObject({ type: 'object', properties: expect.any(Object) });
    if (!request) return;
    const body = operation.requestBody!.content['application/json'].schema;
    expect(body.$ref).toMatch(/^#\/components\/schemas\//);
    expect(Object.keys(resolve(body))).toEqual(expect.arrayContaining([expect.stringMatching(/^(properties|oneOf|anyOf)$/)]));
  });

  it('resolves every reference to a component schema', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(CONTRACT.length);
    expect(refs.filter((name) => !doc.components.schemas[name])).toEqual([]);
  });

  it('describes what the monitor answers: the compliance report and an accord carry their required fields', async () => {
    const url = baseUrl(app);
    const report = (await json(`${url}/accords/us-taliban-2020/compliance?asOf=2020-04-15`)).body;
    const reportSchema = doc.components.schemas.ComplianceReport;
    expect(reportSchema.required).toEqual(expect.arrayContaining(['accordId', 'asOf', 'inForce', 'commitments']));
    for (const key of reportSchema.required!) expect(report).toHaveProperty(key);
    const commitment = resolve(reportSchema.properties!.commitments.items!);
    for (const key of commitment.required!) expect(report.commitments[0]).toHaveProperty(key);
    const accord = (await json(`${url}/accords/us-taliban-2020`)).body;
    for (const key of doc.components.schemas.StoredAccord.required!) expect(accord).toHaveProperty(key);
    expect(doc.components.schemas.Observation).toMatchObject({ oneOf: expect.any(Array) });
    // OpenAPI 3.0 says null with nullable, not a type list
    expect(doc.components.schemas.SourceVerdict.properties!.baseline).toEqual({ type: 'number', nullable: true });
  });
});
