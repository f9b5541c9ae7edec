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
 * Produces `total` incidents to `topic`, never letting more than MAX_BACKLOG wait for the
 * consumer (`consumed` reports how many it has finished). Resolves with the time of the
 * first produce, the start of every end-to-end measurement.
 */
export async function streamIncidents(
  producer: Producer,
  topic: string,
  total: number,
  consumed: () => number,
  prefix = 'bench',
): Promise<number> {
  let started = 0;
  for (let k = 0, sent = 0; sent < total; k++) {
    const size = Math.min(CHUNK, total - sent);
    const messages = incidentChunk(k, size, prefix);
    while (sent + size - consumed() > MAX_BACKLOG) await sleep(5);
    if (started === 0) started = performance.now();
    await producer.send({ topic, acks: 1, messages });
    sent += size;
  }
  return started;
}

/** The topic exists before a consumer joins, so the group is assigned its partitions at once. */
export async function createTopic(producer: Producer, topic: string): Promise<void> {
  await producer.send({ topic, acks: 1, messages: [] }).catch(() => undefined);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
