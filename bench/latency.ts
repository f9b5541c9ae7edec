import { Producer } from 'kafkajs';
import { benchKafka, incidentChunk, sleep } from './feed';

export interface Latency {
  probes: number;
  received: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  backgroundPerSecond: number;
}

export const PROBE_DAY = '2020-07-01';

/** A Taliban attack on US forces from a source never seen before: its prohibition verdict breaks at once. */
function probe(i: number) {
  const source = `probe-${i}`;
  return {
    key: source,
    value: Buffer.from(
      JSON.stringify({
        type: 'incident',
        id: source,
        source,
        occurredAt: `${PROBE_DAY}T08:00:00+04:30`,
        category: 'attack',
        actor: 'taliban',
        target: 'us-forces',
        location: { country: 'AF', admin1: 'Kabul' },
      }),
    ),
  };
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * Produce-to-alert latency under a steady background: `rate` incidents/s of ordinary
 * traffic, and every 100 ms a probe whose alert the test waits for on the alerts topic.
 */
export async function measureAlertLatency(
  brokers: string[],
  producer: Producer,
  { topic, alertsTopic, seconds, rate }: { topic: string; alertsTopic: string; seconds: number; rate: number },
): Promise<Latency> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const consumer = benchKafka(brokers, 'latency').consumer({ groupId: `latency-${Date.now()}`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topic: alertsTopic, fromBeginning: false });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const alert = JSON.parse(message.value!.toString());
      const sent = sentAt.get(alert.source);
      if (sent !== undefined && alert.state === 'firing') {
        latencies.push(performance.now() - sent);
        sentAt.delete(alert.source);
      }
    },
  });
  while (!joined) await sleep(50);
  await sleep(1000); // let the group settle on the latest offsets before the first probe

  const perTick = Math.round(rate / 10);
  const ticks = seconds * 10;
  const started = performance.now();
  let background = 0;
  for (let tick = 0; tick < ticks; tick++) {
    const due = started + tick * 100;
    while (performance.now() < due) await sleep(1);
    await producer.send({ topic, acks: 1, messages: incidentChunk(100_000 + tick, perTick, 'bg') });
    background += perTick;
    const p = probe(tick);
    sentAt.set(`probe-${tick}`, performance.now());
    await producer.send({ topic, acks: 1, messages: [p] });
  }
  const elapsed = (performance.now() - started) / 1000;
  const deadline = performance.now() + 15_000;
  while (latencies.length < ticks && performance.now() < deadline) await sleep(50);
  await consumer.disconnect();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    probes: ticks,
    received: latencies.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? NaN,
    backgroundPerSecond: background / elapsed,
  };
}
