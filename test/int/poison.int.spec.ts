import { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { baseUrl, json, metric, waitFor } from '../support/http';
import { collectMessages, MockKafka, testKafka } from '../support/kafka-mock';
import { startTestMonitor, TestMonitor } from '../support/monitor';

const valid = (n: number) => ({
  type: 'incident',
  id: `ok-${n}`,
  source: 'unama',
  occurredAt: '2020-03-02',
  category: 'attack',
  actor: 'taliban',
});

/** Messages that must each be dead-lettered: every way a producer can get it wrong. */
const malformed: fc.Arbitrary<Buffer> = fc.oneof(
  // bytes that are not UTF-8
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.concat([Buffer.from([0xff, 0xc0]), Buffer.from(bytes)])),
  // truncated JSON: any proper prefix of an object is not JSON
  fc.nat(10_000).map((n) => {
    const text = JSON.stringify(valid(n));
    return Buffer.from(text.slice(0, 1 + (n % (text.length - 1))));
  }),
  // wrong types for required or typed fields
  fc
    .tuple(
      fc.nat(10_000),
      fc.constantFrom('id', 'source', 'occurredAt', 'category', 'killed', 'revision', 'prisonersReleased'),
      fc.oneof(
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.nat(), { maxLength: 2 }),
        fc.constant({ nested: 'x' }),
        fc.constant(-3),
      ),
    )
    .filter(
      ([, field, value]) =>
        !(field === 'revision' && Number.isInteger(value) && (value as number) >= 1) &&
        !(field === 'prisonersReleased' && Number.isInteger(value) && (value as number) >= 0),
    )
    .map(([n, field, value]) => Buffer.from(JSON.stringify({ ...valid(n), [field]: value }))),
  // strings over their limits
  fc.nat(10_000).map((n) => Buffer.from(JSON.stringify({ ...valid(n), notes: 'x'.repeat(4001 + (n % 100)) }))),
  fc.nat(10_000).map((n) => Buffer.from(JSON.stringify({ ...valid(n), id: 'i'.repeat(129 + (n % 50)) }))),
  // arrays, scalars, unknown types, impossible or future dates
  fc.array(fc.nat(), { maxLength: 5 }).map((a) => Buffer.from(JSON.stringify(a))),
  fc.oneof(fc.integer(), fc.constant('null'), fc.constant('"text"')).map((v) => Buffer.from(String(v))),
  fc
    .string({ minLength: 1, maxLength: 12 })
    .filter((t) => !['incident', 'aggregate', 'retraction'].includes(t))
    .map((t) => Buffer.from(JSON.stringify({ ...valid(1), type: t }))),
  fc
    .constantFrom(
      '2021-02-29',
      '2020-13-01',
      '2020-00-10',
      '3020-01-01',
      'yesterday',
      '2020-03-02T25:00:00Z',
      '0000-01-01',
      '0999-06-15T12:00:00Z',
      '1899-12-31',
    )
    .map((d) => Buffer.from(JSON.stringify({ ...valid(2), occurredAt: d }))),
  // valid JSON the schema lets through but PostgreSQL's jsonb refuses: U+0000 or an unpaired
  // surrogate in free text, an extra field or its name, and nesting up to its stack limit
  fc
    .tuple(fc.nat(10_000), fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\udc00b'))
    .chain(([n, bad]) =>
      fc.constantFrom(
        { ...valid(n), notes: `x${bad}` },
        { ...valid(n), extra: { deeper: [bad] } },
        { ...valid(n), [`name${bad}`]: 1 },
        { ...valid(n), location: { place: bad } },
      ),
    )
    .map((o) => Buffer.from(JSON.stringify(o))),
  fc
    .tuple(fc.nat(10_000), fc.integer({ min: 40, max: 30_000 }))
    .map(([n, depth]) =>
      Buffer.from(JSON.stringify({ ...valid(n), nested: 0 }).replace('"nested":0', `"nested":${'['.repeat(depth)}${']'.repeat(depth)}`)),
    ),
);

describe('poison input through Kafka', () => {
  let monitor: TestMonitor;
  let kafka: MockKafka;
  let app: INestApplication;

  beforeAll(async () => {
    monitor = await startTestMonitor({ KAFKA_GROUP_ID: 'poison' });
    ({ app, kafka } = { app: monitor.app, kafka: monitor.kafka! });
  });
  afterAll(() => monitor?.stop());

  it('dead-letters every malformed message with a reason and counts every valid one once, without stopping', async () => {
    const bad = fc.sample(malformed, { numRuns: 2500, seed: 20200229 });
    const oversized = Array.from({ length: 10 }, (_, n) => Buffer.from(JSON.stringify({ ...valid(n), padding: 'p'.repeat(66_000) })));
    const poison = [...bad, ...oversized];
    const good = Array.from({ length: 2500 }, (_, n) => Buffer.from(JSON.stringify(valid(n))));
    // interleave: every chunk mixes both kinds
    const producer = testKafka(kafka.brokers).producer();
    await producer.connect();
    for (let i = 0; i < 2510; i += 250) {
      const chunk = [...poison.slice(i, i + 250), ...good.slice(i, i + 250)].sort((a, b) => (a.length % 7) - (b.length % 7));
      await producer.send({ topic: 'ceasefire.incidents', messages: chunk.map((value) => ({ value })) });
    }
    await producer.disconnect();

    const url = baseUrl(app);
    const counted = async () => ({
      accepted: await metric(url, 'ceasefire_observations_total', { outcome: 'accepted' }),
      rejected: await metric(url, 'ceasefire_observations_total', { outcome: 'rejected' }),
    });
    await waitFor(counted, (c) => c.accepted + c.rejected >= good.length + poison.length, 90_000, 'every message counted');
    expect(await counted()).toEqual({ accepted: good.length, rejected: poison.length });
    const [{ n }] = await app.get(DataSource).query(`SELECT count(*)::int AS n FROM events WHERE type = 'incident'`);
    expect(n).toBe(good.length);

    const letters = await collectMessages(kafka.brokers, 'ceasefire.incidents.dlq', {
      count: poison.length,
      timeoutMs: 60_000,
      settleMs: 1000,
    });
    expect(letters).toHaveLength(poison.length);
    expect(letters.every((l) => /^.+: .+/.test(String(l.headers?.['x-reason'])))).toBe(true);
    const sentBytes = new Set(poison.map((b) => b.toString('base64')));
    expect(letters.every((l) => sentBytes.has(l.value!.toString('base64')))).toBe(true);
    expect((await json(`${url}/health`)).body.components['kafka-consumer'].status).toBe('up');
  });

  it('dead-letters a message the database refuses for what it holds, and stores the rest of its batch', async () => {
    // Stands for whatever validation may yet miss: a real refusal (SQLSTATE 22023) by the real store.
    const dataSource = app.get(DataSource);
    await dataSource.query(`
      CREATE FUNCTION refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.data->>'notes' = 'refuse me' THEN RAISE EXCEPTION 'a value this store cannot hold' USING ERRCODE = '22023'; END IF;
        RETURN NEW;
      END $$`);
    await dataSource.query(`CREATE TRIGGER refuse_marked BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_marked()`);
    const url = baseUrl(app);
    const counted = async () => ({
      accepted: await metric(url, 'ceasefire_observations_total', { outcome: 'accepted' }),
      rejected: await metric(url, 'ceasefire_observations_total', { outcome: 'rejected' }),
    });
    const before = await counted();
    const marked = [3, 400, 401, 999, 1500, 1998, 1999].map((n) =>
      Buffer.from(JSON.stringify({ ...valid(n), id: `refused-${n}`, notes: 'refuse me' })),
    );
    const good = Array.from({ length: 2000 }, (_, n) => Buffer.from(JSON.stringify({ ...valid(n), id: `kept-${n}` })));
    const messages = [...good];
    marked.forEach((value, i) => messages.splice([3, 400, 401, 999, 1500, 1998, 1999][i], 0, value));
    const producer = testKafka(kafka.brokers).producer();
    await producer.connect();
    await producer.send({ topic: 'ceasefire.incidents', messages: messages.map((value) => ({ key: 'one-partition', value })) });
    await producer.disconnect();

    const total = (c: { accepted: number; rejected: number }) => c.accepted + c.rejected;
    await waitFor(counted, (c) => total(c) >= total(before) + messages.length, 60_000, 'every message counted');
    expect(await counted()).toEqual({ accepted: before.accepted + good.length, rejected: before.rejected + marked.length });
    const [{ kept, refused }] = await dataSource.query(
      `SELECT count(*) FILTER (WHERE key LIKE 'kept-%')::int AS kept, count(*) FILTER (WHERE key LIKE 'refused-%')::int AS refused FROM events WHERE stream = 'unama'`,
    );
    expect({ kept, refused }).toEqual({ kept: good.length, refused: 0 });
    const letters = (await collectMessages(kafka.brokers, 'ceasefire.incidents.dlq', { count: 10_000, timeoutMs: 8_000 })).filter((l) =>
      String(l.headers?.['x-reason']).startsWith('(root): refused by the event store: a value this store cannot hold'),
    );
    expect(letters.map((l) => l.value!.toString()).sort()).toEqual(marked.map((m) => m.toString()).sort());
    expect((await json(`${url}/health`)).body.components['kafka-consumer'].status).toBe('up');

    // Over HTTP the batch is one statement: refused whole, nothing appended, a 400 that says so.
    const batch = [
      { ...valid(1), id: 'http-kept' },
      { ...valid(2), id: 'http-refused', notes: 'refuse me' },
    ];
    const answer = await json(`${url}/observations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(batch),
    });
    expect(answer).toMatchObject({ status: 400, body: { code: 'OBSERVATION.REFUSED', rejected: [] } });
    expect(answer.body.message).toMatch(/^the event store refused the batch \(a value this store cannot hold\); nothing was appended$/);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM events WHERE key LIKE 'http-%'`);
    expect(n).toBe(0);
    await dataSource.query(`DROP TRIGGER refuse_marked ON events`);
  });
});
