import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parseAccord } from '../../src/accords/accord.schema';
import { appPort, createApp } from '../../src/app.factory';
import { createTestDatabase } from '../support/database';
import { baseUrl } from '../support/http';
import { rawRequest } from '../support/raw-http';

const ALLOWED = 'https://dashboard.example.org';
const shaped = (status: number) => ({ statusCode: status, code: expect.any(String), message: expect.any(String) });

function parseAccordOrThrow(raw: { commitments: unknown[] }) {
  const parsed = parseAccord({ id: 'bulk', ...raw });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.accord;
}

async function start(env: Record<string, string>) {
  const db = await createTestDatabase();
  const app = await createApp({
    DATABASE_URL: db.url,
    PORT: '0',
    ACCORDS_DIR: join(__dirname, '../../accords'),
    LOG_LEVEL: 'silent',
    ...env,
  });
  return { app, db, url: baseUrl(app) };
}

describe('HTTP edges', () => {
  let app: INestApplication;
  let db: { drop(): Promise<void> };
  let url: string;

  beforeAll(async () => ({ app, db, url } = await start({ CORS_ORIGINS: `${ALLOWED},https://other.example.org` })));
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe("Fastify's own refusals answer in the error shape", () => {
    const post = (body: string, contentType = 'application/json') =>
      fetch(`${url}/observations`, { method: 'POST', headers: { 'content-type': contentType }, body });

    it.each([
      ['request header fields too large', `GET /accords HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
      [
        'a malformed chunk',
        'POST /observations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
        400,
      ],
      [
        'a content-length that is not a number',
        'POST /observations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
        400,
      ],
      ['a malformed request line', 'GET /accords HTTP/9.Z\r\nHost: x\r\n\r\n', 400],
    ])('%s', async (_what, bytes, status) => {
      const answer = await rawRequest(appPort(app), bytes);
      expect(answer.status).toBe(status);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(JSON.parse(answer.body)).toEqual(shaped(status));
    });

    it('malformed JSON is 400, an empty JSON body 400, a body over 16 MB 413, another content type 415', async () => {
      for (const [response, status, code] of [
        [await post('{"type":'), 400, 'BAD_REQUEST'],
        [await post(''), 400, 'BAD_REQUEST'],
        [await post('x'.repeat(16 * 1024 * 1024 + 1)), 413, 'PAYLOAD_TOO_LARGE'],
        [await post('<incident/>', 'application/xml'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ] as const) {
        expect({ status: response.status, body: await response.json() }).toEqual({ status, body: { ...shaped(status), code } });
      }
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string, at = url) =>
      fetch(`${at}/observations`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' },
      });

    it('answers a preflight from an allowed origin with 204 and what it may send', async () => {
      const response = await preflight(ALLOWED);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      expect(response.headers.get('access-control-allow-headers')).toBe('content-type,x-api-key');
      expect(response.headers.get('vary')).toMatch(/origin/i);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('answers a preflight from another origin with 204 and no Access-Control-Allow-Origin, so the browser refuses', async () => {
      const response = await preflight('https://evil.example.com');
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('answers an OPTIONS without Origin with 204, not 404', async () => {
      expect((await fetch(`${url}/accords/us-taliban-2020`, { method: 'OPTIONS' })).status).toBe(204);
    });

    it('lets an allowed origin read an answer, errors included, and the headers a client needs', async () => {
      const read = await fetch(`${url}/accords`, { headers: { origin: ALLOWED } });
      expect(read.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(read.headers.get('access-control-expose-headers')).toMatch(/ETag.*Retry-After/);
      const missing = await fetch(`${url}/accords/nope`, { headers: { origin: ALLOWED } });
      expect(missing.status).toBe(404);
      expect(missing.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      const other = await fetch(`${url}/accords`, { headers: { origin: 'https://evil.example.com' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('without CORS_ORIGINS allows no cross-origin access, and still answers OPTIONS with 204', async () => {
      const closed = await start({});
      try {
        const response = await preflight(ALLOWED, closed.url);
        expect(response.status).toBe(204);
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
        expect(
          (await fetch(`${closed.url}/accords`, { headers: { origin: ALLOWED } })).headers.get('access-control-allow-origin'),
        ).toBeNull();
      } finally {
        await closed.app.close();
        await closed.db.drop();
      }
    });
  });

  describe('caps on accords', () => {
    const accord = (id: string, commitments: number) => ({
      name: id,
      signedAt: '2021-01-01',
      timezone: 'UTC',
      commitments: Array.from({ length: commitments }, (_, i) => ({
        id: `c-${i}`,
        kind: 'prohibition',
        metric: 'attacks',
        window: { days: 7 },
      })),
    });
    const put = (id: string, body: unknown) =>
      fetch(`${url}/accords/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    it('takes 100 commitments and refuses 101 with a 400 naming commitments', async () => {
      expect((await put('cap-100', accord('cap-100', 100))).status).toBe(201);
      const refused = await put('cap-101', accord('cap-101', 101));
      expect(refused.status).toBe(400);
      expect((await refused.json()).errors).toEqual([
        expect.objectContaining({ field: 'commitments', reason: expect.stringMatching(/100/) }),
      ]);
    });

    it('keeps 1,000 accords: a new one past them is a 400 naming id, a change to one of them still goes in', async () => {
      const stored = async () =>
        (await app.get(DataSource).query(`SELECT count(DISTINCT key)::int AS n FROM events WHERE stream = '~accord'`))[0].n;
      // the rest of the thousand, stored as PUT would store them
      await app.get(DataSource).query(
        `INSERT INTO events (type, stream, key, revision, data)
         SELECT 'accord.defined', '~accord', 'bulk-' || i, 1, $1::jsonb || jsonb_build_object('id', 'bulk-' || i, 'name', 'bulk-' || i)
         FROM generate_series(1, $2::int) AS i`,
        [JSON.stringify(parseAccordOrThrow(accord('bulk', 1))), 1000 - (await stored())],
      );
      expect(await stored()).toBe(1000);
      const refused = await put('one-too-many', accord('one-too-many', 1));
      expect(refused.status).toBe(400);
      expect((await refused.json()).errors).toEqual([expect.objectContaining({ field: 'id', reason: expect.stringMatching(/1000/) })]);
      expect((await put('cap-100', accord('cap-100', 99))).status).toBe(200);
      expect(await stored()).toBe(1000);
    });
  });
});
