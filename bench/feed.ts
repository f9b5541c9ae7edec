import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { syntheticIncidents } from '../test/support/synthetic';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** Messages are produced in chunks of this many; each chunk is generated on demand. */
export const CHUNK = 2000;

/**
 * The mock broker keeps ~5 MB per partition and drops older messages, so at most this many
 * (about 8 MB over its 4 partitions) may wait unconsumed: the feed streams, never preloads.
 */
export const MAX_BACKLOG = 20_000;

export function benchKafka(brokers: string[], clientId = 'bench'): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } });
}

/** Chunk `k` of the run: deterministic, ids unique across chunks, a year and a half of dates. */
export function incidentChunk(k: number, size = CHUNK, prefix = 'bench'): { key: string; value: Buffer }[] {
  return syntheticIncidents({ count: size, seed: k + 1, prefix: `${prefix}${k}` }).map((incident) => ({
    key: String(incident.id),
    value: Buffer.from(JSON.stringify(incident)),
  }));
}

/** The same rows as plain objects, for the baselines that bypass Kafka. */
export function incidentRows(k: number, size = CHUNK, prefix = 'bench') {
  return syntheticIncidents({ count: size, seed: k + 1, prefix: `${prefix}${k}` });
}

/**
 * The run's incidents as `key<TAB>json` lines (each first passed to `edit`, with its ordinal), one buffer per chunk, made before the clock
 * starts: made on the fly they took ~8 µs of CPU a message from the pipeline being measured.
 */
export function incidentLines(
  total: number,
  prefix = 'bench',
  edit: (incident: Record<string, unknown>, n: number) => void = () => undefined,
): LineChunk[] {
  const chunks: LineChunk[] = [];
  for (let k = 0, made = 0; made < total; k++, made += CHUNK) {
    const rows = incidentRows(k, Math.min(CHUNK, total - made), prefix);
    rows.forEach((incident, i) => edit(incident, made + i));
    chunks.push({
      data: Buffer.from(rows.map((incident) => `${incident.id}\t${JSON.stringify(incident)}\n`).join('')),
      count: rows.length,
    });
  }
  return chunks;
}

export interface LineChunk {
  data: Buffer;
  /** messages (lines) in `data` */
  count: number;
}

/**
 * Streams the chunks to `topic` through kcat's producer (librdkafka), never letting more than
 * MAX_BACKLOG messages wait for the consumer (`consumed` reports how many it has finished).
 * On two cores the load generator competes with what it measures: kafkajs took 11.4 µs of
 * CPU a message to produce, librdkafka 1.1 (100k messages). Keys are hashed as kafkajs and
 * Java do (murmur2). Resolves with the time of the first produce, the start of every end-to-end
 * measurement, once kcat has delivered everything.
 */
export async function streamIncidents(brokers: string[], topic: string, chunks: LineChunk[], consumed: () => number): Promise<number> {
  const kcat = spawn('kcat', ['-P', '-b', brokers.join(','), '-t', topic, '-K', '\t', '-X', 'acks=1', '-X', 'partitioner=murmur2_random'], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  kcat.stdin!.on('error', () => undefined); // a producer that died is reported by its exit code below
  let errors = '';
  kcat.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
  const exited = once(kcat, 'exit') as Promise<[number | null]>;
  let started = 0;
  let sent = 0;
  for (const { data, count } of chunks) {
    while (sent + count - consumed() > MAX_BACKLOG) {
      if (kcat.exitCode !== null) break;
      await sleep(5);
    }
    if (started === 0) started = performance.now();
    if (!kcat.stdin!.write(data)) await Promise.race([once(kcat.stdin!, 'drain'), exited]);
    sent += count;
  }
  kcat.stdin!.end();
  const [code] = await exited;
  if (code !== 0) throw new Error(`kcat's producer exited with ${code}: ${errors}`);
  return started;
}

/** The topic exists before a consumer joins, so the group is assigned its partitions at once. */
export async function createTopic(producer: Producer, topic: string): Promise<void> {
  await producer.send({ topic, acks: 1, messages: [] }).catch(() => undefined);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
