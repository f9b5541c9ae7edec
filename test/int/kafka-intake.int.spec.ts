import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { baseUrl, observationCounts, waitFor } from '../support/http';
import { collectMessages, MockKafka, testKafka } from '../support/kafka-mock';
import { startTestMonitor, TestMonitor } from '../support/monitor';
import { syntheticIncidents } from '../support/synthetic';

const MALFORMED: (string | Buffer)[] = [
  '{"type":"incident"', // truncated JSON
  'not json at all',
  Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), // not UTF-8
  '[]',
  '{"type":"rumour","id":"x","source":"unama"}',
  '{"type":"incident","id":"bad-date","source":"unama","occurredAt":"2021-02-30","category":"attack"}',
  '{"type":"incident","id":"bad-type","source":"unama","occurredAt":"2020-03-02","category":"attack","killed":{"civilians":"three"}}',
  '{"type":"incident","id":"negative","source":"unama","occurredAt":"2020-03-02","category":"attack","prisonersReleased":-4}',
  '{"type":"incident","id":"future","source":"unama","occurredAt":"2999-01-01","category":"attack"}',
  '{"type":"incident","id":"","source":"unama","occurredAt":"2020-03-02","category":"attack"}',
];

describe('Kafka intake', () => {
  let monitor: TestMonitor;
  let kafka: MockKafka;
  let app: INestApplication;

  beforeAll(async () => {
    monitor = await startTestMonitor({ KAFKA_GROUP_ID: 'intake-test' });
    ({ app, kafka } = { app: monitor.app, kafka: monitor.kafka! });
  });
  afterAll(() => monitor?.stop());

  it('appends 1,000 valid incidents once, counts 100 redeliveries as duplicates and dead-letters 50 malformed messages', async () => {
    const url = baseUrl(app);
    const valid = syntheticIncidents({ count: 1000, seed: 3 });
    const producer = testKafka(kafka.brokers).producer();
    await producer.connect();
    const send = (values: (string | Buffer)[]) =>
      producer.send({ topic: 'ceasefire.incidents', messages: values.map((value, i) => ({ key: `k${i % 17}`, value })) });
    // modest chunks, interleaved, so the broker's per-partition limit is never near
    for (let i = 0; i < 10; i++) {
      await send(valid.slice(i * 100, (i + 1) * 100).map((o) => JSON.stringify(o)));
      await send([0, 1, 2, 3, 4].map((j) => MALFORMED[(i * 5 + j) % MALFORMED.length])); // each kind 5 times
      await send(valid.slice(i * 100, i * 100 + 10).map((o) => JSON.stringify(o))); // redeliveries
    }
    await producer.disconnect();

    await waitFor(
      () => observationCounts(url),
      (m) => m.accepted + m.duplicate + m.rejected >= 1150,
      60_000,
      'every message counted',
    );
    await new Promise((resolve) => setTimeout(resolve, 1000)); // anything counted twice would show now
    expect(await observationCounts(url)).toEqual({ accepted: 1000, duplicate: 100, rejected: 50 });

    const [{ count }] = await app.get(DataSource).query(`SELECT count(*)::int AS count FROM events WHERE type = 'incident'`);
    expect(count).toBe(1000);

    const letters = await collectMessages(kafka.brokers, 'ceasefire.incidents.dlq', { count: 50, settleMs: 1000 });
    expect(letters).toHaveLength(50);
    for (const letter of letters) {
      expect(String(letter.headers?.['x-reason'])).toMatch(/^[\w.()]+: .+/);
      expect(letter.headers?.['x-original-topic']?.toString()).toBe('ceasefire.incidents');
      expect(letter.headers?.['x-original-offset']).toBeDefined();
    }
    const bytes = letters.map((l) => l.value!.toString('hex'));
    expect(bytes).toContain(Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString('hex'));
    const reasons = letters.map((l) => String(l.headers!['x-reason']));
    expect(reasons.some((r) => r.startsWith('occurredAt:'))).toBe(true);
    expect(reasons.some((r) => r.startsWith('killed.civilians:'))).toBe(true);
    expect(reasons.some((r) => r.startsWith('prisonersReleased:'))).toBe(true);
  });

  it('reports Kafka in /health', async () => {
    const health = (await (await fetch(`${baseUrl(app)}/health`)).json()) as { components: Record<string, { status: string }> };
    expect(health.components['kafka-consumer'].status).toBe('up');
    expect(health.components.database.status).toBe('up');
  });
});
