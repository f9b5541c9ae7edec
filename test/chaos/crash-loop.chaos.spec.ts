import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/database/data-source';
import { ChildApp, freePort, startChildApp } from '../support/child-app';
import { createTestDatabase } from '../support/database';
import { waitFor } from '../support/http';
import { MockKafka, startMockKafka } from '../support/kafka-mock';
import { diffSnapshots, rebuildNow, snapshotProjections } from '../support/projections';
import { rng } from '../support/synthetic';
import { bucketTotals, checkAlerts, planStream, produce, sleep, storedObservations, storeDifferences, waitUntilSettled } from './harness';

/**
 * Crash safety (issue 5, item 1): 100,000 messages through ceasefire.incidents while the
 * monitor, a child process, is SIGKILLed at random points and started again. Afterwards the
 * store, the projections, a fresh rebuild, the test's own sums and ceasefire.alerts agree.
 */
describe('crash safety', () => {
  let kafka: MockKafka;
  let database: { url: string; drop(): Promise<void> };
  let db: DataSource | null = null;
  let monitor: ChildApp | null = null;

  beforeAll(async () => {
    [kafka, database] = await Promise.all([startMockKafka(), createTestDatabase()]);
  });
  afterAll(async () => {
    await monitor?.kill('SIGKILL');
    await db?.destroy();
    await Promise.all([kafka?.stop(), database?.drop()]);
  });

  it('loses nothing and counts nothing twice through 7 SIGKILLs of the monitor mid-stream', async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
    const plan = planStream({ total: 100_000, seed: 21, prefix: 'crash' });
    const env = { DATABASE_URL: database.url, KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_SESSION_TIMEOUT_MS: '6000' };
    monitor = await startChildApp(env, freePort());
    db = await openDatabase(database.url, 3);
    const started = Date.now();

    // Kill points: spread over the stream with random jitter, plus one kill straight after a
    // restart (while the projector loads its state and the consumer joins the group). The
    // last ends well before the end, since the monitor takes in 10,000-20,000 a second.
    const random = rng(seed);
    const points = [0.06, 0.17, 0.28, 0.39, 0.5, 0.62, 0.74].map((f) => Math.floor((f + (random() - 0.5) * 0.06) * plan.rows.size));
    const kills: { stored: number; afterRestart: boolean; signal: string | null }[] = [];
    // A monitor that dies by itself or stops taking in fails the test, not hangs it.
    const stop = new AbortController();
    const reachStored = (point: number) =>
      waitFor(
        async () => {
          const { exitCode, signalCode } = monitor!.process;
          if (exitCode !== null || signalCode !== null)
            throw new Error(`the monitor exited by itself (${exitCode ?? signalCode}): ${monitor!.output().slice(-4000)}`);
          return storedObservations(db!);
        },
        (stored) => stored >= point,
        90_000,
        `${point} stored observations`,
      );
    const killer = (async () => {
      for (const [i, point] of points.entries()) {
        const afterRestart = i === 3;
        if (!afterRestart) await reachStored(point);
        await sleep(random() * (afterRestart ? 600 : 300));
        const victim = monitor!;
        expect(victim.process.exitCode).toBeNull(); // it was still running: nothing crashed it but us
        const stored = await storedObservations(db!);
        await victim.kill('SIGKILL');
        kills.push({ stored, afterRestart, signal: (await victim.exited).signal });
        monitor = await startChildApp(env, freePort());
      }
    })().catch((error) => {
      stop.abort();
      throw error;
    });
    await Promise.all([produce(kafka.brokers, plan, { db: () => db!, signal: stop.signal }), killer]);
    await waitUntilSettled(db, plan, 120_000);
    const streamed = Date.now() - started;

    expect(kills.map((k) => k.signal)).toEqual(Array(7).fill('SIGKILL'));
    expect(kills.filter((k) => !k.afterRestart && k.stored > 0 && k.stored < plan.rows.size)).toHaveLength(6);

    // The store: exactly the distinct observations sent, none twice (the test's own replay of
    // the per-key revision rule over what it sent).
    expect(plan.sent.messages).toBeGreaterThanOrEqual(100_000);
    expect(await storeDifferences(db, plan)).toEqual({ missing: [], unexpected: [], total: plan.rows.size });

    // The buckets: the sums the test computes from what it sent.
    const buckets = await bucketTotals(db);
    expect(buckets).toEqual({ totals: plan.totals, groups: plan.groups, claims: plan.claims });

    // ceasefire.alerts: every transition in the store, none unknown, repeats identical, in order.
    const alerts = await checkAlerts(kafka.brokers, db);
    expect(alerts.transitions).toBeGreaterThan(0);
    expect(alerts).toMatchObject({ missing: [], unknown: [], conflicting: [], outOfOrder: [], tableMismatches: [] });

    // The projections: row for row what a fresh rebuild gives, and the rebuild derives no
    // verdict change or alert transition that live processing did not already store.
    await monitor!.kill('SIGTERM');
    monitor = null;
    const live = await snapshotProjections(db);
    const [{ events }] = await db.query(`SELECT count(*)::int AS events FROM events`);
    const rebuildStarted = Date.now();
    await rebuildNow(db);
    const rebuildMs = Date.now() - rebuildStarted;
    expect(diffSnapshots(live, await snapshotProjections(db))).toEqual({});
    expect((await db.query(`SELECT count(*)::int AS events FROM events`))[0].events).toBe(events);

    console.log(
      `crash loop (seed ${seed}): ${plan.sent.messages} messages (${JSON.stringify(plan.sent)}) -> ${plan.rows.size} observations stored, ` +
        `${live.buckets.length} bucket rows, ${alerts.transitions} alert transitions (${alerts.published} published, ${alerts.repeats} repeats); ` +
        `${kills.length} SIGKILLs at ${kills.map((k) => k.stored).join(', ')} stored; streamed and settled in ${(streamed / 1000).toFixed(1)} s, rebuild ${(rebuildMs / 1000).toFixed(1)} s`,
    );
    // Above the suite-wide 180 s, which a busy machine can exceed: the test's own waits bound it
    // (settling gives up after 120 s).
  }, 360_000);
});
