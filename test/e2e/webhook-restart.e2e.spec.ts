import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { Client } from 'pg';
import { createApp } from '../../src/app.factory';
import { SEED_OBSERVATIONS } from '../../src/demo/seed-report';
import { createTestDatabase } from '../support/database';
import { baseUrl, json, waitFor } from '../support/http';
import { Receiver, startReceiver } from '../support/receiver';

const queued = async (databaseUrl: string): Promise<{ transitions: string[]; queued: number }> => {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const transitions = await client.query(
      `SELECT data->>'id' || '#' || (data->>'transition') AS ref FROM events WHERE type = 'alert.transitioned'`,
    );
    const rows = await client.query(`SELECT count(*)::int AS n FROM deliveries`);
    return { transitions: transitions.rows.map((r) => r.ref), queued: rows.rows[0].n };
  } finally {
    await client.end();
  }
};

describe('webhook delivery across a restart', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: INestApplication | undefined;
  let receiver: Receiver;
  let up = false;

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = await startReceiver(() => (up ? 200 : 503));
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
    await db?.drop();
  });
  const start = () =>
    createApp({
      DATABASE_URL: db.url,
      PORT: '0',
      ACCORDS_DIR: join(__dirname, '../../accords'),
      LOG_LEVEL: 'silent',
      WEBHOOK_URLS: receiver.url,
      WEBHOOK_SECRET: 'webhook-secret-for-the-tests-0123',
    });

  it('delivers, after the restart, what a receiver refused before it', async () => {
    app = await start();
    const sent = await json(`${baseUrl(app)}/observations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SEED_OBSERVATIONS),
    });
    expect(sent.status).toBe(202);
    const before = await waitFor(
      () => queued(db.url),
      (q) => q.transitions.length > 0 && q.queued === q.transitions.length && receiver.received.length > 0,
      60_000,
      'every transition queued and tried',
    );
    await app.close();
    app = undefined;
    expect(receiver.delivered()).toEqual([]);
    up = true;
    app = await start();
    const refs = () =>
      [
        ...new Set(
          receiver
            .delivered()
            .map((r) => JSON.parse(r.body))
            .map((a) => `${a.id}#${a.transition}`),
        ),
      ].sort();
    const { transitions } = await waitFor(
      () => queued(db.url),
      (q) => refs().join() === [...q.transitions].sort().join(),
      60_000,
      'every transition after the restart',
    );
    expect(transitions.length).toBeGreaterThanOrEqual(before.transitions.length);
    await waitFor(
      () => queued(db.url),
      (q) => q.queued === 0,
      10_000,
      'the queue emptied',
    );
  });
});
