import { buildOnce, freePort } from '../../test/support/child-app';
import { createTestDatabase } from '../../test/support/database';
import { startMockKafka } from '../../test/support/kafka-mock';
import { benchKafka, createTopic, sleep } from '../feed';
import { Ledger } from './ledger';
import { ObservationStream } from './observations';
import { feedAtRate } from './paced-feed';
import { startPollers } from './pollers';
import { compareWithRebuild } from './rebuild-check';
import { RestartableMonitor } from './restartable';
import { startSseReaders } from './sse-readers';
import { auditTargets, printTargets, RssSample, rssTarget, Target } from './targets';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const MINUTES = setting('SOAK_MINUTES', 20);
const RATE = setting('SOAK_RATE', 500);
const KILL_EVERY_MINUTES = setting('SOAK_KILL_EVERY_MINUTES', 5);
const SHARES = { revisions: 0.05, retractions: 0.05 };
const SSE_READERS = 5;
const POLLERS = 20;
const ACCORD = 'us-taliban-2020';
const PATHS = [`/accords/${ACCORD}/compliance`, `/accords/${ACCORD}/windows?metric=attacks&days=30`, `/alerts?accordId=${ACCORD}`];
const TOPIC = 'ceasefire.incidents';
/** How long the projections get to catch up once the feed stops, before the checks run regardless. */
const CATCH_UP_MS = 10 * 60_000;
const RSS_SAMPLE_MS = 5_000;

const log = (line: string) => process.stderr.write(`soak: ${line}\n`);

async function main(): Promise<number> {
  log(`building; ${MINUTES} min at ${RATE}/s, a SIGKILL every ${KILL_EVERY_MINUTES} min, ${SSE_READERS} SSE readers, ${POLLERS} pollers`);
  buildOnce();
  const kafka = await startMockKafka(1);
  const db = await createTestDatabase();
  const monitor = new RestartableMonitor({ DATABASE_URL: db.url, KAFKA_BROKERS: kafka.brokers.join(',') }, freePort());
  const stop = new AbortController();
  let ledger: Ledger | null = null;
  try {
    const producer = benchKafka(kafka.brokers).producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await createTopic(producer, TOPIC);
    await producer.disconnect();
    await monitor.start();
    ledger = await Ledger.open(db.url);
    const until = Date.now() + MINUTES * 60_000;
    const pollers = startPollers(POLLERS, PATHS, () => monitor.url, until, stop.signal);
    const sse = startSseReaders(SSE_READERS, () => monitor.url, stop.signal);
    const stream = new ObservationStream(SHARES);
    const feed = feedAtRate({
      brokers: kafka.brokers,
      topic: TOPIC,
      rate: RATE,
      until,
      stream,
      ledger,
      consumed: () => monitor.consumed(),
    });
    const report = async (when: string) => {
      const [{ bucketRows, appended, produced }, progress, heapMb] = await Promise.all([
        ledger!.counts(),
        monitor.progress(),
        monitor.heapMb(),
      ]);
      const { ok, notModified, failed } = pollers.stats;
      process.stdout.write(
        `${when}: RSS ${monitor.rssMb().toFixed(0)} MB, heap ${heapMb.toFixed(0)} MB, bucket-log rows ${bucketRows}, ` +
          `projection lag ${progress.store - progress.projection}, appended ${appended} of ${produced} produced, kills ${monitor.kills}, ` +
          `polls 200/304/failed ${ok}/${notModified}/${failed}, SSE ${sse.stats.connects} connects ${sse.stats.events} events\n`,
      );
    };
    const samples = await runTimeline(monitor, until, report, feed);
    const produced = await feed;
    await pollers.done;
    log('the feed has stopped; waiting for the projections to catch up');
    await caughtUp(ledger, monitor, produced);
    await report('caught up');
    stop.abort();
    await sse.done;
    const audit = await ledger.audit();
    const transitions = await ledger.alertTransitions();
    await monitor.stop();
    log('comparing the projections with `ceasefire-monitor rebuild`');
    const rebuild = await compareWithRebuild(db.url);
    process.stdout.write(
      `\n${produced} produced (${(produced / (MINUTES * 60)).toFixed(0)}/s of ${RATE}/s asked); kills ${monitor.kills}, consuming again ${monitor.resumeSeconds.map((s) => s.toFixed(0)).join(', ')} s after each; peak RSS per process ${monitor.peaksMb.map((mb) => mb.toFixed(0)).join(', ')} MB; ` +
        `SSE readers saw ${sse.stats.seenByReader.join(', ')} of ${transitions} alert transitions (${sse.stats.repeats} repeats); ` +
        `projection rows ${JSON.stringify(rebuild.rows)}\n`,
    );
    const targets: Target[] = [
      rssTarget(samples, MINUTES),
      ...auditTargets(audit),
      {
        name: 'projections = rebuild',
        value: Object.keys(rebuild.diff).length === 0 ? 'equal' : JSON.stringify(rebuild.diff),
        met: Object.keys(rebuild.diff).length === 0,
      },
    ];
    printTargets(targets);
    return targets.every((t) => t.met) ? 0 : 1;
  } finally {
    stop.abort();
    await monitor.stop().catch(() => undefined);
    await ledger?.close();
    await kafka.stop();
    await db.drop();
  }
}

/** Until `until`: an RSS sample every few seconds, a report every minute, a SIGKILL and restart every KILL_EVERY_MINUTES. */
async function runTimeline(
  monitor: RestartableMonitor,
  until: number,
  report: (when: string) => Promise<void>,
  feed: Promise<number>,
): Promise<RssSample[]> {
  let failure: unknown = null;
  feed.catch((error) => (failure = error));
  const started = until - MINUTES * 60_000;
  const samples: RssSample[] = [];
  let minute = 0;
  let kill = KILL_EVERY_MINUTES;
  let sampled = 0;
  while (Date.now() < until && failure === null) {
    const elapsed = (Date.now() - started) / 60_000;
    if (Date.now() - sampled >= RSS_SAMPLE_MS) {
      samples.push({ minute: elapsed, mb: monitor.rssMb() });
      sampled = Date.now();
    }
    monitor.noteResume();
    if (elapsed >= minute + 1) await report(`minute ${++minute}`);
    if (elapsed >= kill) {
      log(`SIGKILL at minute ${elapsed.toFixed(2)}`);
      await monitor.killAndRestart();
      kill += KILL_EVERY_MINUTES;
    }
    await sleep(250);
  }
  return samples;
}

async function caughtUp(ledger: Ledger, monitor: RestartableMonitor, produced: number): Promise<void> {
  const deadline = Date.now() + CATCH_UP_MS;
  while (Date.now() < deadline) {
    const [{ appended }, { store, projection }] = await Promise.all([ledger.counts(), monitor.progress()]);
    monitor.noteResume();
    if (appended >= produced && store > 0 && projection >= store) return;
    await sleep(1000);
  }
  log('the projections did not catch up in time; checking what is there');
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`soak failed: ${error.stack ?? error}\n`);
    process.exit(1);
  },
);
