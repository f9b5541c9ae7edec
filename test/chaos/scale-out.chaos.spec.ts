import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/database/data-source';
import { EventStore } from '../../src/event-store/event-store';
import { toEvent } from '../../src/observations/observation-event';
import { validateObservation } from '../../src/observations/validate';
import { ChildApp, freePort, startChildApp } from '../support/child-app';
import { createTestDatabase } from '../support/database';
import { metric } from '../support/http';
import { MockKafka } from '../support/kafka-mock';
import { startMockKafkaWithTopics } from '../support/kafka-mock-topics';
import { KafkaProxy, startKafkaProxy } from '../support/tcp-proxy';
import { diffSnapshots, rebuildNow, snapshotProjections } from '../support/projections';
import {
  bucketTotals,
  checkAlerts,
  expected,
  Message,
  planStream,
  produce,
  sleep,
  storedObservations,
  storeDifferences,
  waitUntilSettled,
} from './harness';

const PARTITIONS = 6;

/** Health details: the projector's and the relay's are 'active' on the instance holding their lock. */
async function writers(app: ChildApp): Promise<{ projector?: string; relay?: string; consumer?: string }> {
  try {
    const { components } = (await (await fetch(`${app.url}/health`)).json()) as { components: Record<string, { detail?: string }> };
    return { projector: components.projector?.detail, relay: components.relay?.detail, consumer: components['kafka-consumer']?.detail };
  } catch {
    return {};
  }
}

async function until(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
  return Date.now() - started;
}

/**
 * Scale-out (issue 5, item 2): three instances in one consumer group on a 6-partition topic
 * (created ahead through librdkafka's mock API, see kafka-mock-topics.ts), one SIGKILLed
 * mid-stream: the same guarantees as the crash test, the projector and the outbox relay (one
 * writer each, under a PostgreSQL advisory lock) taken over by a survivor within 10 s, and an
 * append whose commit the test holds open while later ones commit is not skipped.
 */
describe('scale-out', () => {
  let kafka: MockKafka;
  let proxy: KafkaProxy;
  let database: { url: string; drop(): Promise<void> };
  let db: DataSource | null = null;
  const apps: ChildApp[] = [];

  beforeAll(async () => {
    [kafka, database] = await Promise.all([startMockKafkaWithTopics(3, { 'ceasefire.incidents': PARTITIONS }), createTestDatabase()]);
    proxy = await startKafkaProxy(kafka.brokers, { holdLeaderSyncMs: 1000 });
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.kill('SIGKILL')));
    await db?.destroy();
    await proxy?.close();
    await Promise.all([kafka?.stop(), database?.drop()]);
  });

  it('shares the partitions among 3 instances, and a survivor takes over the single writers within 10 s of one being killed', async () => {
    const planned = planStream({ total: 100_000, seed: 33, prefix: 'scale' });
    // one more incident, appended by the test itself in a transaction it holds open
    const late = {
      type: 'incident',
      id: 'held-open',
      source: 'unama',
      occurredAt: '2020-04-01',
      category: 'attack',
      actor: 'taliban',
      target: 'us-forces',
      killed: { security_forces: 2 },
    };
    const lateMessage: Message = { key: 'unama/held-open', value: JSON.stringify(late) };
    const plan = { ...planned, ...expected([...planned.messages, lateMessage]) };
    // the instances reach the brokers through a proxy that works around the mock's group coordinator (see KafkaProxyOptions)
    const env = { DATABASE_URL: database.url, KAFKA_BROKERS: proxy.brokers.join(','), KAFKA_SESSION_TIMEOUT_MS: '6000' };

    // The first instance takes both locks; the two after it stand by.
    const first = await startChildApp(env, freePort());
    apps.push(first);
    await until(
      async () => (await writers(first)).projector === 'active' && (await writers(first)).relay === 'active',
      30_000,
      'the first instance to hold both locks',
    );
    apps.push(...(await Promise.all([startChildApp(env, freePort()), startChildApp(env, freePort())])));
    const [, second, third] = apps;
    for (const app of [second, third]) {
      await until(
        async () => /standby/.test((await writers(app)).projector ?? '') && /standby/.test((await writers(app)).relay ?? ''),
        30_000,
        'the others to stand by',
      );
    }
    // every instance in the group before the stream starts, so the partitions are shared from the first message
    for (const app of apps)
      await until(async () => (await writers(app)).consumer === 'consuming', 60_000, 'every consumer to join the group');
    db = await openDatabase(database.url, 3);
    const store = new EventStore(db);

    const scenario = (async () => {
      // Mid-stream, every instance consuming: kill the one that holds both locks.
      while ((await storedObservations(db!)) < plan.rows.size * 0.3) await sleep(50);
      const consumed = await Promise.all(
        apps.map(
          async (app) =>
            (await metric(app.url, 'ceasefire_observations_total', { outcome: 'accepted' })) +
            (await metric(app.url, 'ceasefire_observations_total', { outcome: 'duplicate' })),
        ),
      );
      const storedAtKill = await storedObservations(db!);
      const holder = await writers(first);
      const killedAt = Date.now();
      await first.kill('SIGKILL');
      // read once it is gone: whatever the projection does from here on, a survivor did
      const projectedAtKill = await metric(second.url, 'ceasefire_projection_position');
      const survivors = [second, third];
      const sinceKill = () => Date.now() - killedAt;
      const [projector, relay, advanced] = await Promise.all([
        until(
          async () => (await Promise.all(survivors.map(writers))).some((w) => w.projector === 'active'),
          30_000,
          'a survivor to take the projector lock',
        ).then(sinceKill),
        until(
          async () => (await Promise.all(survivors.map(writers))).some((w) => w.relay === 'active'),
          30_000,
          'a survivor to take the relay lock',
        ).then(sinceKill),
        until(
          async () => (await metric(second.url, 'ceasefire_projection_position')) > projectedAtKill,
          30_000,
          'the projection to move again',
        ).then(sinceKill),
      ]);

      // An append whose position is taken before later appends commit, committed 2 s after them.
      const slow = db!.createQueryRunner();
      await slow.connect();
      await slow.startTransaction();
      const validated = validateObservation(late, new Date());
      if (!validated.ok) throw new Error('the held-open incident is invalid');
      await store.append([toEvent(validated.observation)], slow.manager);
      const [{ position: heldPosition }] = await slow.query(`SELECT position::int AS position FROM events WHERE key = 'held-open'`);
      await sleep(2000);
      const [{ passed }] = await db!.query(`SELECT count(*)::int AS passed FROM events WHERE position > $1`, [heldPosition]);
      await slow.commitTransaction();
      await slow.release();
      return { passed, consumed, storedAtKill, holder, takeover: { projector, relay, advanced } };
    })();

    const [, outcome] = await Promise.all([produce(kafka.brokers, plan, { db: () => db! }), scenario]);
    await waitUntilSettled(db, plan, 120_000);

    // The held-open append: later appends committed while it was open, and it was not skipped
    // (the store, the bucket sums and the rebuild comparison below all include it).
    expect(outcome.passed).toBeGreaterThan(0);
    // All three consumed before the kill: the group shared the partitions.
    expect(outcome.consumed.map((n) => n > 0)).toEqual([true, true, true]);
    expect(outcome.storedAtKill / plan.rows.size).toBeGreaterThan(0.1);
    expect(outcome.storedAtKill / plan.rows.size).toBeLessThan(0.9);
    // The single writers were on the instance killed, and moved to a survivor within the bound the issue sets.
    expect(outcome.holder).toMatchObject({ projector: 'active', relay: 'active' });
    expect(outcome.takeover.projector).toBeLessThan(10_000);
    expect(outcome.takeover.relay).toBeLessThan(10_000);
    expect(outcome.takeover.advanced).toBeLessThan(10_000);
    expect(first.process.signalCode).toBe('SIGKILL');
    expect([second, third].map((app) => app.process.exitCode)).toEqual([null, null]);

    expect(await storeDifferences(db, plan)).toEqual({ missing: [], unexpected: [], total: plan.rows.size });
    expect(await bucketTotals(db)).toEqual({ totals: plan.totals, groups: plan.groups, claims: plan.claims });
    const alerts = await checkAlerts(kafka.brokers, db);
    expect(alerts.transitions).toBeGreaterThan(0);
    expect(alerts).toMatchObject({ missing: [], unknown: [], conflicting: [], outOfOrder: [], tableMismatches: [] });

    await Promise.all([second.kill('SIGTERM'), third.kill('SIGTERM')]);
    const live = await snapshotProjections(db);
    const [{ events }] = await db.query(`SELECT count(*)::int AS events FROM events`);
    await rebuildNow(db);
    expect(diffSnapshots(live, await snapshotProjections(db))).toEqual({});
    expect((await db.query(`SELECT count(*)::int AS events FROM events`))[0].events).toBe(events);

    console.log(
      `scale-out: ${PARTITIONS} partitions, ${plan.sent.messages} messages -> ${plan.rows.size} observations; consumed per instance before the kill ${outcome.consumed.join(', ')}; ` +
        `SIGKILL at ${outcome.storedAtKill} stored: projector lock taken in ${outcome.takeover.projector} ms, ` +
        `relay lock in ${outcome.takeover.relay} ms, projection moving again in ${outcome.takeover.advanced} ms; ${outcome.passed} later events committed while one append was held open; ${alerts.transitions} alert transitions (${alerts.repeats} repeats)`,
    );
  });
});
