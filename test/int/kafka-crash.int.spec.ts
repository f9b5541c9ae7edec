import { countIncidents, createTestDatabase } from '../support/database';
import { freePort, startChildApp } from '../support/child-app';
import { observationCounts, waitFor } from '../support/http';
import { MockKafka, startMockKafka, testKafka } from '../support/kafka-mock';
import { startKilledAfterAppends } from '../support/kill-after-appends/start';
import { syntheticIncidents } from '../support/synthetic';

describe('a consumer killed between an append and its offset commit', () => {
  let kafka: MockKafka;
  let db: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    [kafka, db] = await Promise.all([startMockKafka(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([kafka?.stop(), db?.drop()]);
  });

  it('loses nothing and appends nothing twice after a restart', async () => {
    const incidents = syntheticIncidents({ count: 600, seed: 5 });
    const producer = testKafka(kafka.brokers).producer();
    await producer.connect();
    for (let i = 0; i < incidents.length; i += 100) {
      await producer.send({
        topic: 'ceasefire.incidents',
        messages: incidents.slice(i, i + 100).map((o) => ({ value: JSON.stringify(o) })),
      });
    }
    await producer.disconnect();
    const env = { DATABASE_URL: db.url, KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_SESSION_TIMEOUT_MS: '6000' };

    const doomed = await startKilledAfterAppends(env, 1, freePort());
    expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const appendedBeforeCrash = await countIncidents(db.url);
    expect(appendedBeforeCrash).toBeGreaterThan(0);
    expect(appendedBeforeCrash).toBeLessThan(600);

    const survivor = await startChildApp(env, freePort());
    try {
      const counted = await waitFor(
        () => observationCounts(survivor.url),
        (m) => m.accepted + m.duplicate >= 600,
        90_000,
        'the restarted consumer to take in every message',
      );
      // the batch whose offsets were never committed came again, and was recognised
      expect(counted.duplicate).toBeGreaterThanOrEqual(appendedBeforeCrash);
      expect(counted.accepted).toBe(600 - appendedBeforeCrash);
      expect(await countIncidents(db.url)).toBe(600);
    } finally {
      await survivor.kill();
    }
  });
});
