import { Client } from 'pg';
import { countIncidents, createTestDatabase } from '../support/database';
import { freePort, startChildApp } from '../support/child-app';
import { observationCounts, waitFor } from '../support/http';
import { MockKafka, startMockKafka, testKafka } from '../support/kafka-mock';
import { syntheticIncidents } from '../support/synthetic';

const TOTAL = 30_000;
const GROUP = 'shutdown-test';

/** Messages the group has committed past, over every partition of the incidents topic. */
async function committedMessages(brokers: string[]): Promise<number> {
  const admin = testKafka(brokers).admin();
  await admin.connect();
  try {
    const [topic] = await admin.fetchOffsets({ groupId: GROUP, topics: ['ceasefire.incidents'] });
    return topic.partitions.reduce((sum, { offset }) => sum + Math.max(Number(offset), 0), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * SIGTERM while batches are being stored (appends held by a lock, more batches waiting
 * behind them in their partitions' lanes): the monitor stores what it took in, commits
 * exactly that, and exits; so the next run finds nothing to take in twice.
 */
describe('a consumer stopped mid-stream', () => {
  let kafka: MockKafka;
  let db: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    [kafka, db] = await Promise.all([startMockKafka(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([kafka?.stop(), db?.drop()]);
  });

  it('commits the offsets of exactly what it stored, and a restart appends nothing twice', async () => {
    const incidents = syntheticIncidents({ count: TOTAL, seed: 11, prefix: 'shutdown' });
    const producer = testKafka(kafka.brokers).producer();
    await producer.connect();
    // ~9 MB over 4 partitions: within what the mock broker keeps
    for (let i = 0; i < incidents.length; i += 1000) {
      await producer.send({
        topic: 'ceasefire.incidents',
        messages: incidents.slice(i, i + 1000).map((o) => ({ key: String(o.id), value: JSON.stringify(o) })),
      });
    }
    await producer.disconnect();
    const env = { DATABASE_URL: db.url, KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_GROUP_ID: GROUP, KAFKA_SESSION_TIMEOUT_MS: '6000' };

    const stopped = await startChildApp(env, freePort());
    await waitFor(
      () => countIncidents(db.url),
      (n) => n > 0,
      60_000,
      'the first appends',
    );
    // Appends wait behind a lock, so batches are surely in flight when the signal comes.
    const locker = new Client({ connectionString: db.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE events IN SHARE MODE');
    const waiting = async () =>
      (await locker.query(`SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'events'::regclass AND NOT granted`)).rows[0].n;
    await waitFor(waiting, (n) => n > 0, 30_000, 'an append waiting on the lock');
    stopped.process.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await locker.query('COMMIT');
    await locker.end();
    expect(await stopped.exited).toEqual({ code: null, signal: 'SIGTERM' }); // Nest re-raises it once closed
    const storedBeforeStop = await countIncidents(db.url);
    expect(storedBeforeStop).toBeGreaterThan(0);
    expect(await committedMessages(kafka.brokers)).toBe(storedBeforeStop);

    const restarted = await startChildApp(env, freePort());
    try {
      const { accepted, duplicate } = await waitFor(
        () => observationCounts(restarted.url),
        (m) => m.accepted + m.duplicate >= TOTAL - storedBeforeStop,
        90_000,
        'the restarted consumer to take in the rest',
      );
      expect({ accepted, duplicate }).toEqual({ accepted: TOTAL - storedBeforeStop, duplicate: 0 });
      expect(await countIncidents(db.url)).toBe(TOTAL);
    } finally {
      await restarted.kill();
    }
  });
});
