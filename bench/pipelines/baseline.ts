import { Consumer } from 'kafkajs';
import { Pool } from 'pg';
import { benchKafka } from '../feed';

/** What every baseline gets from the parent: where to read, where to write, what to report. */
export interface BaselineContext {
  brokers: string[];
  topic: string;
  databaseUrl: string;
  /** called with the number of messages the pipeline has finished (durably, where it writes) */
  progress(done: number): void;
  /** called once the consumer has joined its group: the clock starts after that */
  ready(): void;
}

/**
 * A consumer connected and subscribed to the topic from its start, with the monitor's fetch
 * settings, so the comparison is about the pipeline alone.
 */
export async function baselineConsumer(context: BaselineContext, name: string): Promise<Consumer> {
  const consumer = benchKafka(context.brokers, name).consumer({
    groupId: `${name}-${Date.now()}`,
    maxBytesPerPartition: 2 * 1024 * 1024,
    maxBytes: 8 * 1024 * 1024,
    maxWaitTimeInMs: 100,
  });
  consumer.on(consumer.events.GROUP_JOIN, () => context.ready());
  await consumer.connect();
  await consumer.subscribe({ topic: context.topic, fromBeginning: true });
  return consumer;
}

export function baselinePool(context: BaselineContext, max: number): Pool {
  return new Pool({ connectionString: context.databaseUrl, max });
}

/** The incident fields the baselines keep: the same dimensions as the monitor's buckets. */
export interface Row {
  source: string;
  id: string;
  revision: number;
  day: string;
  actor: string;
  target: string;
  category: string;
  country: string;
  admin1: string;
  killed: number;
  wounded: number;
  json: string;
}

const sum = (group: Record<string, number> | undefined) => (group ? Object.values(group).reduce((a, b) => a + b, 0) : 0);

export function toRow(json: string): Row {
  const o = JSON.parse(json);
  return {
    source: o.source,
    id: o.id,
    revision: o.revision ?? 0,
    day: String(o.occurredAt).slice(0, 10),
    actor: o.actor ?? '',
    target: o.target ?? '',
    category: o.category ?? '',
    country: o.location?.country ?? '',
    admin1: o.location?.admin1 ?? '',
    killed: sum(o.killed),
    wounded: sum(o.wounded),
    json,
  };
}

export const BASELINE_TABLES = `
  CREATE TABLE IF NOT EXISTS base_events (source text, id text, revision int, data jsonb, PRIMARY KEY (source, id, revision));
  CREATE TABLE IF NOT EXISTS base_buckets (
    day date, source text, actor text, target text, category text, country text, admin1 text,
    incidents int NOT NULL, attacks int NOT NULL, killed int NOT NULL, wounded int NOT NULL,
    PRIMARY KEY (day, source, actor, target, category, country, admin1));`;

export const UPSERT_BUCKET_ROW = `
  INSERT INTO base_buckets VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10)
  ON CONFLICT (day, source, actor, target, category, country, admin1) DO UPDATE SET
    incidents = base_buckets.incidents + 1, attacks = base_buckets.attacks + excluded.attacks,
    killed = base_buckets.killed + excluded.killed, wounded = base_buckets.wounded + excluded.wounded`;

export const isAttack = (row: Row) => (row.category === 'other' ? 0 : 1);
