import { INestApplication } from '@nestjs/common';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { openDatabase } from '../../src/database/data-source';
import { createTestDatabase } from '../support/database';
import { baseUrl, json, waitFor } from '../support/http';
import { diffSnapshots, rebuildNow, snapshotProjections } from '../support/projections';

const ACCORD = `id: retire-test
name: Retire test
signedAt: 2021-01-01
timezone: UTC
parties: [x-army]
commitments:
  - { id: no-attacks, kind: prohibition, metric: attacks, filter: { actor: x-army }, window: { days: 7 } }
`;
const send = (url: string, method: string, body?: unknown) =>
  json(url, body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const alertsOf = (url: string) =>
  json(`${url}/alerts?accordId=retire-test`).then((r) => r.body.alerts as { key: string; state: string; resolvedAt: string | null }[]);

/** DELETE /accords/{id} (CONTRACT section 10): an event, its history kept, its alerts resolved, its keys tombstoned. */
describe('retiring an accord', () => {
  let db: { url: string; drop(): Promise<void> };
  let dir: string;
  let app: INestApplication;
  let store: DataSource;
  const start = async () => {
    app = await createApp({ DATABASE_URL: db.url, PORT: '0', ACCORDS_DIR: dir, LOG_LEVEL: 'silent' });
    return baseUrl(app);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'retire-accords-'));
    await writeFile(join(dir, 'retire-test.yaml'), ACCORD);
    store = await openDatabase(db.url, 2);
  });
  afterAll(async () => {
    await app?.close();
    await store?.destroy();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('resolves its firing alerts, tombstones its verdict keys, hides it, keeps it retired across a restart, and a rebuild agrees', async () => {
    let url = await start();
    expect(
      (
        await send(`${url}/observations`, 'POST', {
          type: 'incident',
          id: 'rt-1',
          source: 'rt-watch',
          occurredAt: '2021-02-03',
          category: 'attack',
          actor: 'x-army',
        })
      ).status,
    ).toBe(202);
    await waitFor(
      () => alertsOf(url),
      (a) => a.length === 2 && a.every((x) => x.state === 'firing'),
      30_000,
      'both alerts to fire',
    );

    expect((await send(`${url}/accords/no-such-accord`, 'DELETE')).status).toBe(404);
    const retired = await send(`${url}/accords/retire-test`, 'DELETE');
    expect(retired).toMatchObject({ status: 200, body: { id: 'retire-test', retired: true, revision: 2 } });
    const resolved = await waitFor(
      () => alertsOf(url),
      (a) => a.every((x) => x.state === 'resolved'),
      30_000,
      'the alerts to resolve',
    );
    expect(resolved.map((a) => a.resolvedAt)).toEqual(['2021-02-03', '2021-02-03']);
    expect((await json(`${url}/accords/retire-test`)).status).toBe(404);
    expect((await json(`${url}/accords/retire-test/compliance`)).status).toBe(404);
    expect((await json(`${url}/accords`)).body.accords.map((a: { id: string }) => a.id)).not.toContain('retire-test');
    expect((await send(`${url}/accords/retire-test`, 'DELETE')).status).toBe(404); // retired already

    const feed = await store.query(
      `SELECT key, data FROM events WHERE type = 'verdict.changed' AND data->>'accordId' = 'retire-test' ORDER BY position`,
    );
    const last = new Map<string, { removed?: boolean }>(feed.map((r: { key: string; data: { removed?: boolean } }) => [r.key, r.data]));
    expect([...last.keys()].sort()).toEqual(['retire-test/no-attacks/*', 'retire-test/no-attacks/rt-watch']);
    expect([...last.values()].every((entry) => entry.removed === true)).toBe(true);
    const history = await store.query(
      `SELECT type, revision FROM events WHERE stream = '~accord' AND key = 'retire-test' ORDER BY revision`,
    );
    expect(history).toEqual([
      { type: 'accord.defined', revision: 1 },
      { type: 'accord.retired', revision: 2 },
    ]);

    // its file is still in ACCORDS_DIR: a restart does not bring it back
    await app.close();
    url = await start();
    expect((await json(`${url}/accords/retire-test`)).status).toBe(404);
    await app.close();
    const live = await snapshotProjections(store);
    await rebuildNow(store);
    expect(diffSnapshots(live, await snapshotProjections(store))).toEqual({});

    // a PUT defines it anew, as a creation
    url = await start();
    const { id: _id, ...document } = {
      id: 'retire-test',
      name: 'Retire test',
      signedAt: '2021-01-01',
      timezone: 'UTC',
      parties: ['x-army'],
      commitments: [{ id: 'no-attacks', kind: 'prohibition', metric: 'attacks', filter: { actor: 'x-army' }, window: { days: 7 } }],
    };
    expect(await send(`${url}/accords/retire-test`, 'PUT', document)).toMatchObject({ status: 201, body: { revision: 3 } });
  });
});
