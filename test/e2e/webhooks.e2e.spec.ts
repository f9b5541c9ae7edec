import { Client } from 'pg';
import { AlertTransition } from '../../src/compliance/alerts';
import { SEED_OBSERVATIONS } from '../../src/demo/seed-report';
import { verify } from '../../src/delivery/webhook-signature';
import { json, metric, waitFor } from '../support/http';
import { collectMessages } from '../support/kafka-mock';
import { startTestMonitor, TestMonitor } from '../support/monitor';
import { Received, Receiver, startReceiver } from '../support/receiver';

const SECRET = 'webhook-secret-for-the-tests-0123';
const reuters = SEED_OBSERVATIONS.find((o) => o.source === 'reuters')!;

/** Every alert transition in the store, in its order. */
async function storedTransitions(databaseUrl: string): Promise<AlertTransition[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT data FROM events WHERE type = 'alert.transitioned' ORDER BY tx_id, position`);
    return rows.map((r) => r.data);
  } finally {
    await client.end();
  }
}

const ref = (a: { id: string; transition: number }) => `${a.id}#${a.transition}`;
/** Per alert key, the transitions in the order given, each once (delivery is at least once). */
function perKey(alerts: AlertTransition[]): Record<string, string[]> {
  const keys: Record<string, string[]> = {};
  for (const alert of alerts) {
    const seen = (keys[alert.key] ??= []);
    if (!seen.includes(ref(alert))) seen.push(ref(alert));
  }
  return keys;
}
const bodies = (received: Received[]) => received.map((r) => JSON.parse(r.body) as AlertTransition);

describe('signed webhooks', () => {
  let monitor: TestMonitor;
  let good: Receiver;
  let flaky: Receiver;
  let hanging: Receiver;
  let picky: Receiver;
  let stored: AlertTransition[];

  beforeAll(async () => {
    [good, flaky, hanging, picky] = await Promise.all([
      startReceiver(),
      startReceiver((n) => (n < 3 ? 503 : 200)),
      startReceiver(() => 'hang'),
      startReceiver((n) => (n === 0 ? 400 : 200)),
    ]);
    monitor = await startTestMonitor({ WEBHOOK_URLS: [good, flaky, hanging, picky].map((r) => r.url).join(','), WEBHOOK_SECRET: SECRET });
    const send = (observations: unknown[]) =>
      json(`${monitor.url}/observations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(observations),
      });
    expect((await send(SEED_OBSERVATIONS)).status).toBe(202);
    await waitFor(
      async () => (await json(`${monitor.url}/alerts?state=firing`)).body.alerts,
      (a) => a.length >= 4,
      60_000,
      'the seed alerts',
    );
    // a second transition of several keys: Reuters' count withdrawn resolves its alert, and the overall one
    expect((await send([{ type: 'retraction', source: 'reuters', id: reuters.id, reason: 'withdrawn' }])).status).toBe(202);
    stored = await waitFor(
      () => storedTransitions(monitor.databaseUrl),
      (t) => t.some((a) => a.source === 'reuters' && a.state === 'resolved'),
      60_000,
      'the resolve',
    );
    // let the projector settle, so `stored` is every transition there will be
    stored = await waitFor(
      () => storedTransitions(monitor.databaseUrl),
      (t) => t.length === stored.length,
      5_000,
      'no more transitions',
    ).catch(() => stored);
  });
  afterAll(async () => {
    await monitor?.stop();
    await Promise.all([good, flaky, hanging, picky].map((r) => r?.close()));
  });

  it('a hanging receiver holds back neither Kafka nor another receiver', async () => {
    const messages = await collectMessages(monitor.kafka!.brokers, 'ceasefire.alerts', { count: stored.length });
    expect(new Set(messages.map((m) => ref(JSON.parse(m.value!.toString()))))).toEqual(new Set(stored.map(ref)));
    await waitFor(
      async () => perKey(bodies(good.delivered())),
      (keys) => Object.values(keys).flat().length === stored.length,
      60_000,
      'every transition at the good receiver',
    );
    expect(hanging.received.length).toBeGreaterThan(0);
    expect(hanging.delivered()).toEqual([]);
    expect(await metric(monitor.url, 'ceasefire_notification_backlog', { channel: 'webhook' })).toBeGreaterThan(0);
    const { body } = await json(`${monitor.url}/health`);
    expect(body.components.webhooks.detail).toMatch(/^backlog [1-9]\d*/);
  });

  it('delivers every transition, in order per alert key, to a receiver that failed its first 3 answers', async () => {
    const delivered = await waitFor(
      async () => bodies(flaky.delivered()),
      (d) => new Set(d.map(ref)).size === stored.length,
      60_000,
      'every transition at the recovered receiver',
    );
    expect(flaky.received.slice(0, 3).map((r) => r.answer)).toEqual([503, 503, 503]);
    expect(perKey(delivered)).toEqual(perKey(stored));
    expect(perKey(bodies(good.delivered()))).toEqual(perKey(stored));
    expect(await metric(monitor.url, 'ceasefire_notifications_total', { channel: 'webhook', outcome: 'failed' })).toBeGreaterThanOrEqual(3);
  });

  it('sends the alert JSON, signed over "<timestamp>.<body>" with the secret', () => {
    const [first] = good.delivered();
    const alert = JSON.parse(first.body);
    expect(Object.keys(alert).sort()).toEqual(
      [
        'id',
        'transition',
        'key',
        'accordId',
        'commitmentId',
        'source',
        'state',
        'severity',
        'verdict',
        'value',
        'baseline',
        'changePct',
        'period',
        'raisedAt',
        'since',
        'resolvedAt',
        'acknowledgedBy',
        'acknowledgedAt',
      ].sort(),
    );
    for (const { body, headers } of good.delivered()) {
      const timestamp = headers['x-ceasefire-timestamp'] as string;
      const signature = headers['x-ceasefire-signature'] as string;
      expect(timestamp).toMatch(/^\d{10}$/);
      expect(verify(SECRET, timestamp, body, signature)).toBe(true);
      expect(verify('another-secret-of-the-same-size!', timestamp, body, signature)).toBe(false);
    }
  });

  it('skips a message its receiver refuses with a 4xx, and delivers the rest', async () => {
    const refused = JSON.parse(picky.received[0].body) as AlertTransition;
    expect(picky.received[0].answer).toBe(400);
    const delivered = await waitFor(
      async () => bodies(picky.delivered()),
      (d) => new Set(d.map(ref)).size === stored.length - 1,
      60_000,
      'the rest at the picky receiver',
    );
    expect(delivered.map(ref)).not.toContain(ref(refused));
    expect(picky.received.filter((r) => r.body === picky.received[0].body)).toHaveLength(1);
  });
});
