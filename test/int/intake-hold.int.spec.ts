import { INestApplication } from '@nestjs/common';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, QueryRunner } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { importCommand } from '../../src/cli/import.command';
import { createDataSource } from '../../src/database/data-source';
import { tryLock, unlock } from '../../src/projections/single-writer';
import { createTestDatabase } from '../support/database';
import { baseUrl, json, waitFor } from '../support/http';
import { MockKafka, startMockKafka, testKafka } from '../support/kafka-mock';

const LIMIT = 40;
const incident = (id: string) => ({
  type: 'incident',
  id,
  source: 'unama',
  occurredAt: '2020-03-02',
  category: 'attack',
  actor: 'taliban',
});

describe('intake held behind the projector', () => {
  let db: { url: string; drop(): Promise<void> };
  let kafka: MockKafka;
  let locker: DataSource;
  let projectorLock: QueryRunner | null;
  let app: INestApplication;
  let url: string;
  const health = async () => (await json(`${url}/health`)).body.components;
  const stored = async () =>
    (
      await app.get(DataSource).query(`SELECT count(*)::int AS events, count(DISTINCT key)::int AS ids FROM events WHERE type = 'incident'`)
    )[0] as { events: number; ids: number };
  const post = (ids: string[]) =>
    fetch(`${url}/observations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ids.map(incident)),
    });
  const produce = async (ids: string[]) => {
    const producer = testKafka(kafka.brokers).producer();
    await producer.connect();
    await producer.send({ topic: 'ceasefire.incidents', messages: ids.map((id) => ({ key: id, value: JSON.stringify(incident(id)) })) });
    await producer.disconnect();
  };
  const ids = (prefix: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${prefix}-${from + i}`);

  beforeAll(async () => {
    [db, kafka] = await Promise.all([createTestDatabase(), startMockKafka()]);
    // another instance holding the projector's lock and doing nothing: the projector here stands by
    locker = createDataSource(db.url, 1);
    await locker.initialize();
    projectorLock = await tryLock(locker, 'projector');
    app = await createApp({
      DATABASE_URL: db.url,
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_GROUP_ID: 'intake-hold-test',
      MAX_PROJECTION_LAG: String(LIMIT),
      PORT: '0',
      ACCORDS_DIR: join(__dirname, '../../accords'),
      LOG_LEVEL: 'silent',
    });
    url = baseUrl(app);
  });
  afterAll(async () => {
    await app?.close();
    if (projectorLock) await unlock(projectorLock, 'projector');
    await locker?.destroy();
    await Promise.all([kafka?.stop(), db?.drop()]);
  });

  it('pauses Kafka and answers POST 503 with Retry-After past the limit, resumes both once the projector catches up, `import --url` waiting, and loses nothing', async () => {
    expect(projectorLock).not.toBeNull();
    await waitFor(health, (c) => c['kafka-consumer']?.detail === 'consuming', 60_000, 'the consumer to join');
    await produce(ids('kafka', 0, 30));
    await waitFor(stored, (s) => s.events === 30, 60_000, 'the first Kafka messages stored');
    expect((await post(ids('http', 0, 20))).status).toBe(202); // the store now leads by more than LIMIT

    const held = await waitFor(health, (c) => c.intake?.status === 'degraded', 10_000, 'intake held');
    expect(held.intake.detail).toMatch(
      new RegExp(
        `^held: the projector is \\d+ events behind the store \\(MAX_PROJECTION_LAG ${LIMIT}\\); intake resumes below ${LIMIT / 2}$`,
      ),
    );
    expect(held['kafka-consumer']).toEqual({
      status: 'degraded',
      detail: expect.stringMatching(/^paused while intake is held: the projector is \d+ events behind/),
    });
    expect(held.projector.detail).toMatch(/standby/);

    const refused = await post(ids('http', 20, 30));
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toEqual({
      statusCode: 503,
      code: 'OBSERVATION.PROJECTION_LAG',
      message: expect.stringContaining(`MAX_PROJECTION_LAG ${LIMIT}`),
    });

    const dir = await mkdtemp(join(tmpdir(), 'intake-hold-'));
    await writeFile(
      join(dir, 'held.ndjson'),
      ids('cli', 0, 10)
        .map((id) => JSON.stringify(incident(id)))
        .join('\n'),
    );
    let imported: number | null = null;
    const importing = importCommand({ file: join(dir, 'held.ndjson'), format: 'ndjson', url, batch: 100 }).then(
      (code) => (imported = code),
    );

    await produce(ids('kafka', 30, 60));
    await new Promise((resolve) => setTimeout(resolve, 3000)); // what the paused consumer would have appended by now
    expect(await stored()).toEqual({ events: 50, ids: 50 });
    expect(imported).toBeNull(); // `import --url` waits out the hold instead of failing

    await unlock(projectorLock!, 'projector');
    projectorLock = null;
    await waitFor(health, (c) => c.intake?.status === 'up' && c['kafka-consumer']?.detail === 'consuming', 30_000, 'intake let go');
    await waitFor(stored, (s) => s.events >= 80, 30_000, 'the Kafka messages held back stored'); // the waiting import may land first
    expect((await post(ids('http', 20, 30))).status).toBe(202);
    expect(await importing).toBe(0);
    await rm(dir, { recursive: true });
    expect(await stored()).toEqual({ events: 100, ids: 100 });
  });
});
