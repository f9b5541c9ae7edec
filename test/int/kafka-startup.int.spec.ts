import { ChildApp, freePort, startChildApp } from '../support/child-app';
import { createTestDatabase } from '../support/database';
import { json, observationCounts, waitFor } from '../support/http';
import { MockKafka, startMockKafka, testKafka } from '../support/kafka-mock';
import { syntheticIncidents } from '../support/synthetic';

const consumerDetail = async (url: string) => (await json(`${url}/health`)).body.components['kafka-consumer']?.detail as string | undefined;

describe('starting while the consumer group waits for a member that crashed', () => {
  let kafka: MockKafka;
  let db: { url: string; drop(): Promise<void> };
  let apps: ChildApp[] = [];

  beforeAll(async () => {
    [kafka, db] = await Promise.all([startMockKafka(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.kill()));
    await Promise.all([kafka?.stop(), db?.drop()]);
  });

  it('answers HTTP and /health at once, says the consumer is still starting, then consumes', async () => {
    // The default 30 s session: the group holds the killed member's partitions that long.
    const env = { DATABASE_URL: db.url, KAFKA_BROKERS: kafka.brokers.join(',') };
    const crashed = await startChildApp(env, freePort());
    apps.push(crashed);
    await waitFor(
      () => consumerDetail(crashed.url),
      (detail) => detail === 'consuming',
      60_000,
      'the first consumer to join',
    );
    await crashed.kill('SIGKILL'); // no LeaveGroup: the group waits out its session

    const restarted = await startChildApp(env, freePort());
    apps.push(restarted);
    // The group still holds the killed member's partitions, so the consumer cannot have joined: HTTP must not wait for it.
    expect(await consumerDetail(restarted.url)).toBe('starting');
    expect((await json(`${restarted.url}/health`)).status).toBe(200);

    const producer = testKafka(kafka.brokers).producer();
    await producer.connect();
    await producer.send({
      topic: 'ceasefire.incidents',
      messages: syntheticIncidents({ count: 50, seed: 9 }).map((o) => ({ value: JSON.stringify(o) })),
    });
    await producer.disconnect();
    const counted = await waitFor(
      () => observationCounts(restarted.url),
      (c) => c.accepted >= 50,
      90_000,
      'the restarted consumer to take in the messages',
    );
    expect(counted.accepted).toBe(50);
    expect(await consumerDetail(restarted.url)).toBe('consuming');
  });
});
