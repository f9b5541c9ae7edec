import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { shardOf } from '../../src/projections/shards';
import { createTestDatabase } from '../support/database';
import { baseUrl, json, waitFor } from '../support/http';

type Components = Record<string, { status: string; detail?: string; holder?: string | null; lag?: number }>;
const components = async (url: string): Promise<Components> => (await json(`${url}/health`)).body.components;
/** The shards an instance says it holds ('active'). */
const held = async (url: string) =>
  Object.entries(await components(url))
    .filter(([name, c]) => /^projector(\/|$)/.test(name) && c.detail === 'active')
    .map(([name]) => name)
    .sort();
const send = (url: string, method: string, body: unknown) =>
  json(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Two instances on one database with two projector shards: one each while both run, both on the one left. */
describe('projector shards over instances', () => {
  let db: { url: string; drop(): Promise<void> };
  let first: INestApplication;
  let second: INestApplication | undefined;
  let firstUrl: string;
  const env = (name: string) => ({
    DATABASE_URL: db.url,
    PORT: '0',
    ACCORDS_DIR: join(__dirname, '../../accords'),
    LOG_LEVEL: 'silent',
    PROJECTOR_SHARDS: '2',
    INSTANCE_NAME: name,
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    first = await createApp(env('first'));
    firstUrl = baseUrl(first);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await db?.drop();
  });

  it('holds every shard alone, then gives one to an instance that joins, and each reports the same holders', async () => {
    await waitFor(
      () => held(firstUrl),
      (h) => h.join() === 'projector,projector/1',
      30_000,
      'the first instance to take both shards',
    );
    second = await createApp(env('second'));
    const secondUrl = baseUrl(second);
    await waitFor(
      () => held(secondUrl),
      (h) => h.join() === 'projector/1',
      15_000,
      'the second instance to take shard 1',
    );
    expect(await held(firstUrl)).toEqual(['projector']);
    for (const url of [firstUrl, secondUrl]) {
      const c = await components(url);
      expect([c.projector.holder, c['projector/1'].holder]).toEqual(['first', 'second']);
    }
    const metrics = await (await fetch(`${secondUrl}/metrics`)).text();
    expect(metrics).toContain('ceasefire_projector_shard_held{shard="projector/1"} 1');
    expect(metrics).toContain('ceasefire_projector_shard_held{shard="projector"} 0');
    expect(metrics).toMatch(/ceasefire_projector_shard_lag\{shard="projector",holder="first"\} \d+/);
  });

  it('projects an accord owned by the shard the other instance holds, and reads it on either', async () => {
    const secondUrl = baseUrl(second!);
    const id = ['sharded-a', 'sharded-b', 'sharded-c', 'sharded-d'].find((candidate) => shardOf(candidate, 2) === 1)!;
    const accord = {
      name: id,
      signedAt: '2021-01-01',
      timezone: 'UTC',
      parties: [`${id}-army`],
      commitments: [{ id: 'no-attacks', kind: 'prohibition', metric: 'attacks', filter: { actor: `${id}-army` }, window: { days: 7 } }],
    };
    expect((await send(`${firstUrl}/accords/${id}`, 'PUT', accord)).status).toBe(201);
    const attack = { type: 'incident', id: 'a-1', source: 'acled', category: 'attack', actor: `${id}-army`, occurredAt: '2021-01-04' };
    expect((await send(`${firstUrl}/observations`, 'POST', attack)).status).toBe(202);
    const verdict = async (url: string) => (await json(`${url}/accords/${id}/compliance`)).body;
    await waitFor(
      () => verdict(firstUrl),
      (r) => r.asOf === '2021-01-04',
      20_000,
      'the clock written by shard 1',
    );
    expect((await verdict(secondUrl)).commitments[0].verdict).toBe('breached');
    const alerts = (await json(`${firstUrl}/alerts?accordId=${id}`)).body.alerts;
    expect(alerts.map((a: { state: string }) => a.state)).toEqual(['firing', 'firing']);
  });

  it('takes the shard back within 10 s once the other instance stops', async () => {
    const stopped = Date.now();
    await second!.close();
    second = undefined;
    await waitFor(
      () => held(firstUrl),
      (h) => h.join() === 'projector,projector/1',
      10_000,
      'the first instance to take shard 1 back',
    );
    expect(Date.now() - stopped).toBeLessThan(10_000);
    expect((await components(firstUrl))['projector/1']).toMatchObject({ status: 'up', holder: 'first' });
  });
});
