import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/database/data-source';
import { ChildApp, freePort, startChildApp } from '../support/child-app';
import { createTestDatabase } from '../support/database';
import { MockKafka, startMockKafka } from '../support/kafka-mock';
import { KafkaProxy, startKafkaProxy } from '../support/tcp-proxy';
import { bucketTotals, checkAlerts, planStream, produce, sleep, storedObservations, storeDifferences, waitUntilSettled } from './harness';

const OUTAGE_MS = 15_000;

interface HealthSample {
  status: number;
  overall?: string;
  kafka: Record<string, string>;
}

/** /health's HTTP status, overall status and every Kafka component's state. */
async function health(app: ChildApp): Promise<HealthSample> {
  try {
    const response = await fetch(`${app.url}/health`, { signal: AbortSignal.timeout(5000) });
    const body = (await response.json()) as { status: string; components: Record<string, { status: string; detail?: string }> };
    const kafka = Object.fromEntries(
      Object.entries(body.components)
        .filter(([name]) => name.startsWith('kafka'))
        .map(([name, c]) => [name, `${c.status}: ${c.detail ?? ''}`]),
    );
    return { status: response.status, overall: body.status, kafka };
  } catch (error) {
    return { status: 0, kafka: { error: (error as Error).message } };
  }
}

/**
 * Broker outage (issue 5, item 4): the monitor reaches the mock brokers only through TCP
 * proxies the test controls (they rewrite the addresses the brokers advertise, so the client
 * cannot go around them); every connection is cut and refused for 15 s mid-stream. The
 * process stays up, /health reports Kafka down, consumption resumes, nothing is lost.
 */
describe('broker outage', () => {
  let kafka: MockKafka;
  let proxy: KafkaProxy;
  let database: { url: string; drop(): Promise<void> };
  let db: DataSource | null = null;
  let monitor: ChildApp | null = null;

  beforeAll(async () => {
    [kafka, database] = await Promise.all([startMockKafka(), createTestDatabase()]);
    proxy = await startKafkaProxy(kafka.brokers);
  });
  afterAll(async () => {
    await monitor?.kill('SIGKILL');
    await db?.destroy();
    await proxy?.close();
    await Promise.all([kafka?.stop(), database?.drop()]);
  });

  it('rides out 15 s without its brokers, reports Kafka down meanwhile, then resumes and loses nothing', async () => {
    const plan = planStream({ total: 30_000, seed: 57, prefix: 'broker-outage' });
    monitor = await startChildApp(
      { DATABASE_URL: database.url, KAFKA_BROKERS: proxy.brokers.join(','), KAFKA_SESSION_TIMEOUT_MS: '6000' },
      freePort(),
    );
    const app = monitor;
    db = await openDatabase(database.url, 2);

    const outage = (async () => {
      while ((await storedObservations(db!)) < plan.rows.size * 0.3) await sleep(50);
      const before = await health(app);
      await proxy.cut();
      const cutAt = Date.now();
      const storedAtCut = await storedObservations(db!);
      const during: HealthSample[] = [];
      let storedAfter5s = -1;
      while (Date.now() - cutAt < OUTAGE_MS) {
        during.push(await health(app));
        if (storedAfter5s < 0 && Date.now() - cutAt > 5000) storedAfter5s = await storedObservations(db!);
        await sleep(250);
      }
      const storedAtRestore = await storedObservations(db!);
      const aliveThroughout = app.process.exitCode === null && app.process.signalCode === null;
      await proxy.restore();
      const restoredAt = Date.now();
      const outageMs = restoredAt - cutAt;
      while ((await storedObservations(db!)) <= storedAtRestore) await sleep(100);
      const resumedAfterMs = Date.now() - restoredAt;
      return { before, storedAtCut, storedAfter5s, storedAtRestore, during, aliveThroughout, outageMs, resumedAfterMs };
    })();
    // the test's producer talks to the brokers directly: only the monitor is cut off
    await Promise.all([produce(kafka.brokers, plan, { db: () => db! }), outage]);
    const { before, storedAtCut, storedAfter5s, storedAtRestore, during, aliveThroughout, outageMs, resumedAfterMs } = await outage;
    await waitUntilSettled(db, plan, 120_000);
    const after = await health(app);

    expect(aliveThroughout).toBe(true);
    expect(app.process.exitCode).toBeNull();
    expect(storedAtCut).toBeLessThan(plan.rows.size);
    // The cut really cut (the monitor could not go around the proxies): once a batch fetched
    // before it was appended, the store stood still for the last 10 s of it.
    expect(storedAfter5s).toBeGreaterThan(0);
    expect(storedAtRestore).toBe(storedAfter5s);
    expect(storedAtRestore).toBeLessThan(plan.rows.size);
    // /health: the brokers up before, down during (the database up, so 200 and `degraded`),
    // every component up again after.
    expect(before.kafka.kafka).toMatch(/^up/);
    const down = during.filter((s) => s.status === 200 && s.overall === 'degraded' && s.kafka.kafka?.startsWith('down'));
    expect(down.length).toBeGreaterThan(during.length / 2);
    expect(during.filter((s) => s.status === 0)).toEqual([]);
    expect(after).toMatchObject({ status: 200, overall: 'ok' });

    expect(await storeDifferences(db, plan)).toEqual({ missing: [], unexpected: [], total: plan.rows.size });
    expect(await bucketTotals(db)).toEqual({ totals: plan.totals, groups: plan.groups, claims: plan.claims });
    const alerts = await checkAlerts(kafka.brokers, db);
    expect(alerts).toMatchObject({ missing: [], unknown: [], conflicting: [], outOfOrder: [], tableMismatches: [] });

    console.log(
      `broker outage: ${plan.sent.messages} messages -> ${plan.rows.size} observations; connections cut at ${storedAtCut} stored for ${outageMs} ms ` +
        `(${storedAtRestore} stored when restored); ${down.length} of ${during.length} /health samples reported Kafka down; ` +
        `appending again ${resumedAfterMs} ms after the restore; ${proxy.accepted()} connections through the proxies; ${alerts.transitions} alert transitions`,
    );
    console.log(`broker outage, /health during it: ${JSON.stringify(during[during.length - 1])}; after: ${JSON.stringify(after)}`);
  });
});
