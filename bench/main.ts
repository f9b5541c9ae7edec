import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { buildOnce, ChildApp, freePort, ROOT, startChildApp } from '../test/support/child-app';
import { createTestDatabase } from '../test/support/database';
import { startMockKafka } from '../test/support/kafka-mock';
import { accordScaling, AccordRun } from './accord-scaling';
import { load, timedRequest } from './compliance-load';
import { benchKafka, createTopic, incidentLines } from './feed';
import { Latency, measureAlertLatency } from './latency';
import { RssWatch, timedIngest } from './monitor-run';
import { rawCopy } from './pipelines/raw-copy';
import { reverseHistory } from './reverse-history';
import { runBaseline, Throughput, throughput } from './run-baseline';
import { printAccords, printReport, printShards, Results } from './report';
import { shardScaling, ShardRun } from './shard-scaling';

const count = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const MONITOR_EVENTS = count('BENCH_EVENTS', 1_000_000);
/**
 * The sizes of the run; smaller values (e.g. BENCH_EVENTS=100000) make a quick check. The
 * limits and the hand-batched pipeline take as many rows as the monitor, so each ratio
 * compares the same rows through both, tables grown to the same size.
 */
const SIZES = {
  monitor: MONITOR_EVENTS,
  baseline: count('BENCH_BASELINE_EVENTS', MONITOR_EVENTS),
  naive: count('BENCH_NAIVE_EVENTS', 10_000),
  reverse: count('BENCH_REVERSE_EVENTS', 100_000),
  latencySeconds: count('BENCH_LATENCY_SECONDS', 30),
  loadSeconds: count('BENCH_LOAD_SECONDS', 15),
  warmupSeconds: count('BENCH_WARMUP_SECONDS', 5),
  accords: count('BENCH_ACCORD_EVENTS', 200_000),
  shards: count('BENCH_SHARD_EVENTS', 200_000),
};
/**
 * `BENCH_ONLY=accords`: only the phases of accords and time zones (`BENCH_ACCORD_CASES` picks cases by name, a comma-separated
 * list of substrings); `BENCH_ONLY=shards`: only the sharded projection.
 */
const ONLY = process.env.BENCH_ONLY;
const CASES = process.env.BENCH_ACCORD_CASES?.split(',');
const pickCase = (name: string) => !CASES || CASES.some((c) => name.includes(c));
const ACCORD = 'us-taliban-2020';

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function main(): Promise<void> {
  log(`building; sizes ${JSON.stringify(SIZES)}`);
  buildOnce();
  if (ONLY === 'accords') return accordsOnly();
  if (ONLY === 'shards') return shardsOnly();
  const kafka = await startMockKafka(1);
  const baseDb = await createTestDatabase();
  const monitorDb = await createTestDatabase();
  const reverseDb = await createTestDatabase();
  const producer = benchKafka(kafka.brokers).producer({ allowAutoTopicCreation: true });
  await producer.connect();
  let monitor: ChildApp | null = null;
  try {
    log(`raw COPY of ${SIZES.baseline} rows`);
    const copy = await rawCopy(baseDb.url, SIZES.baseline);
    const rawCopyRate = throughput(copy.events, copy.seconds, copy.cpu);
    log(`raw kafkajs parse of ${SIZES.baseline}`);
    const rawParse = await runBaseline('raw-parse', kafka.brokers, baseDb.url, producer, SIZES.baseline);
    log(`hand-batched pipeline, ${SIZES.baseline}`);
    const handBatched = await runBaseline('hand-batched', kafka.brokers, baseDb.url, producer, SIZES.baseline);
    log(`naive pipeline, ${SIZES.naive}`);
    const naive = await runBaseline('naive', kafka.brokers, baseDb.url, producer, SIZES.naive);

    const env = {
      DATABASE_URL: monitorDb.url,
      KAFKA_BROKERS: kafka.brokers.join(','),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
    };
    const lines = incidentLines(SIZES.monitor);
    monitor = await startChildApp(env, freePort());
    log(`monitor, ${SIZES.monitor} incidents end to end`);
    const rss = new RssWatch(monitor.process.pid!);
    await createTopic(producer, 'ceasefire.incidents');
    const ingest = await timedIngest(monitor, kafka.brokers, 'ceasefire.incidents', lines, SIZES.monitor);
    const peakRssMb = rss.peakMb();
    log(`ingest ${Math.round(ingest.perSecond)}/s, peak RSS ${peakRssMb.toFixed(0)} MB; alert latency for ${SIZES.latencySeconds} s`);
    const latency: Latency = await measureAlertLatency(kafka.brokers, producer, {
      topic: 'ceasefire.incidents',
      alertsTopic: 'ceasefire.alerts',
      seconds: SIZES.latencySeconds,
      rate: 2000,
    });
    await monitor.kill('SIGTERM');
    monitor = null;

    const storedEvents = await countEvents(monitorDb.url);
    log(`rebuild of ${storedEvents} stored events`);
    const rebuild = await timedRebuild(monitorDb.url, storedEvents);

    monitor = await startChildApp(env, freePort());
    const complianceUrl = `${monitor.url}/accords/${ACCORD}/compliance`;
    const firstRequestMs = await timedRequest(complianceUrl);
    log(
      `GET /accords/${ACCORD}/compliance: first request ${firstRequestMs.toFixed(0)} ms; 50 connections, ${SIZES.warmupSeconds} s warm-up, ${SIZES.loadSeconds} s measured`,
    );
    await load(complianceUrl, 50, SIZES.warmupSeconds);
    const compliance = { ...(await load(complianceUrl, 50, SIZES.loadSeconds)), firstRequestMs };
    await monitor.kill('SIGTERM');
    monitor = null;

    log(`${SIZES.reverse} incidents over ten years, fed newest first over HTTP`);
    const reverse = await reverseHistory({ DATABASE_URL: reverseDb.url }, SIZES.reverse);
    log('the same on the embedded default (PGlite), from a fresh DATA_DIR');
    const embeddedDir = mkdtempSync(join(tmpdir(), 'cfm-bench-embedded-'));
    const embedded = await reverseHistory({ DATA_DIR: embeddedDir }, SIZES.reverse).finally(() =>
      rmSync(embeddedDir, { recursive: true, force: true }),
    );
    log(`${SIZES.accords} incidents end to end with 1, 10 and 50 accords over 8 time zones`);
    const accords = await accordScaling(kafka.brokers, producer, SIZES.accords);
    log(`${SIZES.shards} incidents projected for 50 accords by one instance, then by three holding a shard each`);
    const shards = await shardScaling(SIZES.shards, log);

    const results: Results = {
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
      sizes: SIZES,
      throughput: { monitor: ingest, rawCopy: rawCopyRate, rawParse, handBatched, naive },
      peakRssMb,
      latency,
      rebuild,
      compliance,
      reverseHistory: reverse,
      embedded,
      accords,
      shards,
      at: new Date().toISOString(),
    };
    printReport(results);
    writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
    log('wrote bench/results.json');
  } finally {
    await monitor?.kill('SIGTERM');
    await producer.disconnect();
    await kafka.stop();
    await Promise.all([baseDb.drop(), monitorDb.drop(), reverseDb.drop()]);
  }
}

/** The accord phases alone, printed and written into bench/results.json beside the last full run's figures. */
async function accordsOnly(): Promise<void> {
  const kafka = await startMockKafka(1);
  const producer = benchKafka(kafka.brokers).producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    const accords: AccordRun[] = await accordScaling(kafka.brokers, producer, SIZES.accords, pickCase);
    printAccords(accords);
    mergeResults({ accords, accordsAt: new Date().toISOString() });
  } finally {
    await producer.disconnect();
    await kafka.stop();
  }
}

/** The sharded projection alone, written into bench/results.json beside the last full run's figures. */
async function shardsOnly(): Promise<void> {
  const shards: ShardRun[] = await shardScaling(SIZES.shards, log);
  printShards(shards);
  mergeResults({ shards, shardsAt: new Date().toISOString() });
}

function mergeResults(part: Record<string, unknown>): void {
  const file = join(ROOT, 'bench/results.json');
  writeFileSync(file, `${JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), ...part }, null, 2)}\n`);
}

async function countEvents(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query('SELECT count(*)::int AS n FROM events')).rows[0].n;
  } finally {
    await client.end();
  }
}

/** The CLI's `rebuild`, as an operator runs it, timed from spawn to exit. */
async function timedRebuild(databaseUrl: string, events: number): Promise<Throughput> {
  const started = performance.now();
  await promisify(execFile)(process.execPath, [join(ROOT, 'bin/ceasefire-monitor.js'), 'rebuild'], {
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return throughput(events, (performance.now() - started) / 1000);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
