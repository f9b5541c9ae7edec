import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { createTestDatabase } from '../support/database';
import { baseUrl } from '../support/http';
import { freePort, startChildApp } from '../support/child-app';

const KEYS = { ingest: 'ingest-key-0001', analyst: 'analyst-key-0001', admin: 'admin-key-00001' };
const incident = { type: 'incident', id: 'sec-1', source: 'unama', occurredAt: '2020-03-02', category: 'attack' };

describe('security', () => {
  let db: { url: string; name: string; drop(): Promise<void> };
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApp({
      DATABASE_URL: db.url,
      PORT: '0',
      ACCORDS_DIR: join(__dirname, '../../accords'),
      API_KEYS: Object.entries(KEYS)
        .map(([role, key]) => `${key}:${role}`)
        .join(','),
      RATE_LIMIT_PER_SECOND: '5',
      RATE_LIMIT_BURST: '20',
      LOG_LEVEL: 'silent',
    });
    url = baseUrl(app);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const send = (path: string, init: RequestInit & { key?: string; bearer?: boolean } = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.key) headers[init.bearer ? 'authorization' : 'x-api-key'] = init.bearer ? `Bearer ${init.key}` : init.key;
    return fetch(`${url}${path}`, { ...init, headers });
  };
  const observe = (key?: string, bearer = false) => send('/observations', { method: 'POST', body: JSON.stringify(incident), key, bearer });

  it('answers 401 without a key and for an unknown key, 403 for a key without the role', async () => {
    expect((await observe()).status).toBe(401);
    expect((await observe('not-a-key-at-all')).status).toBe(401);
    expect((await observe(KEYS.analyst)).status).toBe(403);
    expect((await send('/accords/x', { method: 'PUT', body: '{}', key: KEYS.ingest })).status).toBe(403);
  });

  it('lets the ingest key in by x-api-key and the admin key by Bearer, and keeps reads open', async () => {
    expect((await observe(KEYS.ingest)).status).toBe(202);
    expect((await observe(KEYS.admin, true)).status).toBe(202);
    expect((await send('/accords')).status).toBe(200);
  });

  it('answers 404 to an analyst acknowledging an alert that does not exist', async () => {
    const response = await send('/alerts/al_unknown/ack', { method: 'POST', body: '{}', key: KEYS.analyst });
    expect(response.status).toBe(404);
  });

  it('sends security headers and no stack trace on errors', async () => {
    const response = await send('/observations', { method: 'POST', body: '{"broken', key: KEYS.ingest });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(await response.text()).not.toMatch(/\bat .+\.(js|ts):\d+/);
  });

  it('answers 4xx, never 5xx, to injection-shaped parameters', async () => {
    for (const path of [
      `/accords/${encodeURIComponent("' OR 1=1 --")}`,
      `/accords/us-taliban-2020/windows?metric=${encodeURIComponent("attacks'; DROP TABLE events;--")}`,
      `/accords/us-taliban-2020/windows?admin1=${encodeURIComponent("x' OR '1'='1")}&days=30`,
      `/alerts?accordId=${encodeURIComponent("a' OR 'x'='x")}`,
      `/alerts?since=${encodeURIComponent('2020-01-01; DELETE FROM alerts')}`,
    ]) {
      const status = (await send(path)).status;
      expect([200, 400, 404]).toContain(status);
    }
  });

  it('rate-limits a key past its burst with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await send('/accords', { key: KEYS.analyst })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(10);
    expect(statuses.slice(0, 15).every((s) => s === 200)).toBe(true);
    expect((await send('/health')).status).toBe(200); // probes are never limited
  });

  it('never writes a key or the connection password to the log, even at debug level', async () => {
    const child = await startChildApp(
      {
        DATABASE_URL: db.url.replace('postgres@', 'postgres:hunter2-secret@'), // trust auth ignores it; the log must too
        API_KEYS: Object.entries(KEYS)
          .map(([role, key]) => `${key}:${role}`)
          .join(','),
        LOG_LEVEL: 'debug',
      },
      freePort(),
    );
    try {
      for (const key of [...Object.values(KEYS), 'unknown-key-123']) {
        await fetch(`${child.url}/observations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body: '{"broken',
        });
        await fetch(`${child.url}/alerts/x/ack`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
      }
    } finally {
      await child.kill();
    }
    const text = child.output();
    expect(text).toContain('"level":"debug"'); // it did log, verbosely
    for (const secret of [...Object.values(KEYS), 'hunter2-secret']) expect(text).not.toContain(secret);
  });
});
