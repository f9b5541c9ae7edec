import { DataSource } from 'typeorm';
import { collectMessages, testKafka } from '../support/kafka-mock';
import { rng, syntheticIncidents } from '../support/synthetic';
import { BUCKET_ROWS, zoneCondition } from '../../src/projections/bucket-queries';
import { shardNames } from '../../src/projections/shards';

/**
 * What the chaos tests share: a stream of observations with redeliveries, revisions, stale
 * revisions and retractions, what the store and the buckets must hold once it has gone
 * through (worked out here from what is sent, not by the monitor's code), a producer that
 * keeps the broker's backlog small, and the checks every test ends with.
 */

const RETRACTED = 2147483647; // a retraction's revision: it outranks every revision (CONTRACT section 1)
const ATTACKS = new Set(['attack', 'clash', 'airstrike', 'explosion', 'violence_against_civilians']);

export interface Message {
  key: string;
  value: string;
}

/** Sums per (source, category) of the incidents that count at the end. */
export type Totals = Record<string, { incidents: number; attacks: number; killed: number; wounded: number; prisoners_released: number }>;

export interface Plan {
  messages: Message[];
  /** `appendedAfter[i]`: how many rows the store holds once messages 0..i are in */
  appendedAfter: number[];
  /** every (source, id, revision) the store must hold, as `source/id#revision` */
  rows: Set<string>;
  totals: Totals;
  /** killed.<group> and wounded.<group> sums */
  groups: Record<string, number>;
  /** aggregates still standing at the end: one claims row each */
  claims: number;
  sent: { messages: number; redeliveries: number; revisions: number; stale: number; retractions: number; aggregates: number };
}

/**
 * About `total` messages: synthetic incidents, each observation keyed by its identity so all
 * its versions share a partition and keep their order; between them exact redeliveries (~4%),
 * revision 2 of an earlier incident (~3%), its revision 1 again after that (stale, ~1%),
 * retractions (~0.5%), a few aggregate claims, and every 20,000 messages the last 500 again
 * (a producer retrying a whole batch).
 */
export function planStream({ total, seed, prefix }: { total: number; seed: number; prefix: string }): Plan {
  const random = rng(seed);
  const base = syntheticIncidents({ count: total, seed, prefix });
  const messages: Message[] = [];
  const sent = { messages: 0, redeliveries: 0, revisions: 0, stale: 0, retractions: 0, aggregates: 0 };
  const first = new Map<string, Message>(); // revision 1 of each incident, by key
  const revised: string[] = [];
  const emit = (observation: Record<string, unknown>) => {
    const message = { key: `${observation.source}/${observation.id}`, value: JSON.stringify(observation) };
    messages.push(message);
    return message;
  };
  let next = 0; // the next base incident to send
  const pickEarlier = () => base[Math.floor(random() * next)];
  while (messages.length < total) {
    const r = random();
    if (r < 0.04 && messages.length > 0) {
      messages.push(messages[Math.floor(random() * messages.length)]);
      sent.redeliveries++;
    } else if (r < 0.07 && next > 0) {
      const incident = pickEarlier();
      emit({
        ...incident,
        revision: 2,
        category: 'attack',
        actor: 'taliban',
        killed: { security_forces: 1 + Math.floor(random() * 3) },
        notes: 'corrected',
      });
      revised.push(`${incident.source}/${incident.id}`);
      sent.revisions++;
    } else if (r < 0.08 && revised.length > 0) {
      messages.push(first.get(revised[Math.floor(random() * revised.length)])!);
      sent.stale++;
    } else if (r < 0.085 && next > 0) {
      const incident = pickEarlier();
      emit({ type: 'retraction', id: incident.id, source: incident.source, reason: 'reported twice' });
      sent.retractions++;
    } else if (r < 0.0855) {
      const source = ['taliban', 'afghan-government', 'unama'][sent.aggregates % 3];
      emit({
        type: 'aggregate',
        id: `${prefix}-claim-${sent.aggregates}`,
        source,
        metric: 'attacks',
        filter: { actor: 'taliban' },
        period: { from: '2020-03-01', to: '2020-04-15' },
        value: 400 + Math.floor(random() * 400),
        baseline: { changePct: -50 + Math.floor(random() * 100) },
      });
      sent.aggregates++;
    } else if (next < base.length) {
      const incident = base[next++];
      first.set(`${incident.source}/${incident.id}`, emit(incident));
    }
    if (messages.length % 20_000 === 0 && messages.length >= 500) messages.push(...messages.slice(-500));
  }
  sent.messages = messages.length;
  return { messages, sent, ...expected(messages) };
}

/**
 * Replays the per-key rule of the store over `messages`, in the order they reach it: a version
 * counts if its revision is above every earlier one of its (source, id).
 */
export function expected(messages: Message[]): Omit<Plan, 'messages' | 'sent'> {
  const highest = new Map<string, number>();
  const current = new Map<string, Record<string, any> | null>();
  const rows = new Set<string>();
  const appendedAfter: number[] = [];
  for (const message of messages) {
    const observation = JSON.parse(message.value);
    const revision = observation.type === 'retraction' ? RETRACTED : (observation.revision ?? 1);
    if (revision > (highest.get(message.key) ?? 0)) {
      highest.set(message.key, revision);
      current.set(message.key, observation.type === 'retraction' ? null : observation);
      rows.add(`${message.key}#${revision}`);
    }
    appendedAfter.push(rows.size);
  }
  const totals: Totals = {};
  const groups: Record<string, number> = {};
  let claims = 0;
  for (const observation of current.values()) {
    if (observation?.type === 'aggregate') claims++;
    if (observation?.type !== 'incident') continue;
    const sum = (m?: Record<string, number>) => Object.values(m ?? {}).reduce((a, b) => a + b, 0);
    const t = (totals[`${observation.source}/${observation.category}`] ??= {
      incidents: 0,
      attacks: 0,
      killed: 0,
      wounded: 0,
      prisoners_released: 0,
    });
    t.incidents++;
    t.attacks += ATTACKS.has(observation.category) ? 1 : 0;
    t.killed += sum(observation.killed);
    t.wounded += sum(observation.wounded);
    t.prisoners_released += observation.prisonersReleased ?? 0;
    for (const measure of ['killed', 'wounded']) {
      for (const [group, n] of Object.entries((observation[measure] ?? {}) as Record<string, number>)) {
        if (n > 0) groups[`${measure}.${group}`] = (groups[`${measure}.${group}`] ?? 0) + n;
      }
    }
  }
  return { appendedAfter, rows, totals, groups, claims };
}

/** Observation rows in the store; -1 while the database does not answer. */
export async function storedObservations(db: DataSource): Promise<number> {
  try {
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM events WHERE type IN ('incident', 'aggregate', 'retraction')`);
    return count;
  } catch {
    return -1;
  }
}

/**
 * Sends the plan in chunks, never more than `maxBacklog` appends ahead of the store, so the
 * mock broker (about 5 MB per partition) never drops a message nobody has read yet.
 * `onChunk` runs after each chunk, e.g. to kill a monitor at a chosen point.
 */
export async function produce(
  brokers: string[],
  plan: Plan,
  {
    db,
    chunk = 1000,
    maxBacklog = 12_000,
    topic = 'ceasefire.incidents',
    onChunk,
    signal,
  }: {
    db: () => DataSource;
    chunk?: number;
    maxBacklog?: number;
    topic?: string;
    onChunk?: (sent: number) => Promise<void>;
    signal?: AbortSignal;
  },
): Promise<void> {
  const producer = testKafka(brokers).producer();
  await producer.connect();
  try {
    for (let start = 0; start < plan.messages.length; start += chunk) {
      for (;;) {
        signal?.throwIfAborted();
        const stored = await storedObservations(db());
        if (stored >= 0 && plan.appendedAfter[start] - stored <= maxBacklog) break;
        await sleep(100);
      }
      await producer.send({ topic, acks: -1, messages: plan.messages.slice(start, start + chunk) });
      await onChunk?.(Math.min(start + chunk, plan.messages.length));
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * Waits until every planned row is stored, each of the `shards` projector shards has read the
 * whole store (the projections' own outputs included) and the relay has published every alert transition and verdict change.
 */
export async function waitUntilSettled(db: DataSource, plan: Plan, timeoutMs: number, shards = 1): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const [state] = await db
      .query(
        `SELECT (SELECT count(*)::int FROM events WHERE type IN ('incident', 'aggregate', 'retraction')) AS stored,
                (SELECT max((SELECT count(*)::int FROM events e WHERE (e.tx_id, e.position) >
                   coalesce((SELECT (tx_id, position) FROM checkpoints c WHERE c.name = s.name), ('0'::xid8, 0::bigint))))
                 FROM unnest($1::text[]) AS s(name)) AS unprojected,
                (SELECT count(*)::int FROM events e WHERE e.type IN ('alert.transitioned', 'verdict.changed') AND (e.tx_id, e.position) >
                   coalesce((SELECT (tx_id, position) FROM checkpoints WHERE name = 'relay'), ('0'::xid8, 0::bigint))) AS unpublished`,
        [shardNames(shards)],
      )
      .catch((error: Error) => [{ error: error.message }]);
    last = state;
    if (state.stored === plan.rows.size && state.unprojected === 0 && state.unpublished === 0) return;
    if (state.stored > plan.rows.size)
      throw new Error(`the store holds ${state.stored} observations, more than the ${plan.rows.size} distinct ones sent`);
    if (Date.now() > deadline)
      throw new Error(`not settled within ${timeoutMs} ms: ${JSON.stringify(last)} (expected ${plan.rows.size} observations)`);
    await sleep(250);
  }
}

/** The store holds exactly the planned (source, id, revision) rows; returns what differs (empty when none). */
export async function storeDifferences(db: DataSource, plan: Plan): Promise<{ missing: string[]; unexpected: string[]; total: number }> {
  const rows: { id: string }[] = await db.query(
    `SELECT stream || '/' || key || '#' || revision AS id FROM events WHERE type IN ('incident', 'aggregate', 'retraction')`,
  );
  const stored = new Set(rows.map((r) => r.id));
  return {
    missing: [...plan.rows].filter((id) => !stored.has(id)).slice(0, 5),
    unexpected: [...stored].filter((id) => !plan.rows.has(id)).slice(0, 5),
    total: rows.length,
  };
}

/** The buckets of the accord's time zone (its own and those of every zone) summed per (source, category), and per casualty group. */
export async function bucketTotals(
  db: DataSource,
  tz = 'Asia/Kabul',
): Promise<{ totals: Totals; groups: Record<string, number>; claims: number }> {
  const rows = await db.query(
    `SELECT source || '/' || category AS key, sum(incidents)::float8 AS incidents, sum(attacks)::float8 AS attacks, sum(killed)::float8 AS killed,
            sum(wounded)::float8 AS wounded, sum(prisoners_released)::float8 AS prisoners_released
     FROM ${BUCKET_ROWS} AS b WHERE ${zoneCondition('$1')} GROUP BY 1`,
    [tz],
  );
  const totals: Totals = {};
  for (const { key, ...sums } of rows) totals[key] = sums;
  const groupRows = await db.query(
    `SELECT g.key, sum(g.value::float8)::float8 AS n FROM ${BUCKET_ROWS} AS b, jsonb_each_text(b.groups) AS g WHERE ${zoneCondition('$1')} GROUP BY 1`,
    [tz],
  );
  const groups = Object.fromEntries(groupRows.map((r: { key: string; n: number }) => [r.key, r.n]));
  const [{ claims }] = await db.query(`SELECT count(*)::int AS claims FROM claims`);
  return { totals, groups, claims };
}

export interface AlertCheck {
  /** alert transitions in the store */
  transitions: number;
  /** messages read from ceasefire.alerts */
  published: number;
  /** copies of an (id, transition) already seen (redelivery after a relay crash; identical, so consumers drop them) */
  repeats: number;
  /** (id, transition) in the store but not on the topic */
  missing: string[];
  /** (id, transition) on the topic but not in the store */
  unknown: string[];
  /** copies of one (id, transition) that differ from each other or from the store */
  conflicting: string[];
  /** alerts whose transitions, first copies in topic order, are not 1, 2, 3... */
  outOfOrder: string[];
  /** alerts whose row in the alerts table is not their latest transition in the store */
  tableMismatches: string[];
}

/**
 * Reads ceasefire.alerts from the start and compares it with the alert transitions in the
 * store: each (id, transition) published, none unknown, every copy identical to the store's,
 * in order per alert; and the alerts table holds each alert's latest transition.
 */
export async function checkAlerts(brokers: string[], db: DataSource): Promise<AlertCheck> {
  const stored: { id: string; transition: number; data: unknown }[] = await db.query(
    `SELECT key AS id, revision AS transition, data FROM events WHERE type = 'alert.transitioned' ORDER BY position`,
  );
  const byPair = new Map(stored.map((t) => [`${t.id}#${t.transition}`, JSON.stringify(t.data)]));
  const messages =
    stored.length === 0
      ? []
      : await collectMessages(brokers, 'ceasefire.alerts', { count: stored.length, timeoutMs: 60_000, settleMs: 3000 });
  const seen = new Map<string, string>();
  const order = new Map<string, number[]>();
  const check: AlertCheck = {
    transitions: stored.length,
    published: messages.length,
    repeats: 0,
    missing: [],
    unknown: [],
    conflicting: [],
    outOfOrder: [],
    tableMismatches: [],
  };
  for (const message of messages) {
    const value = message.value!.toString();
    const alert = JSON.parse(value) as { id: string; transition: number; key: string };
    const pair = `${alert.id}#${alert.transition}`;
    const headersAgree =
      String(message.headers?.['x-alert-id']) === alert.id &&
      String(message.headers?.['x-transition']) === String(alert.transition) &&
      message.key?.toString() === alert.key;
    if (!byPair.has(pair)) check.unknown.push(pair);
    else if (JSON.stringify(JSON.parse(byPair.get(pair)!)) !== JSON.stringify(JSON.parse(value)) || !headersAgree)
      check.conflicting.push(pair);
    if (seen.has(pair)) {
      check.repeats++;
      if (seen.get(pair) !== value) check.conflicting.push(pair);
      continue;
    }
    seen.set(pair, value);
    const list = order.get(alert.id) ?? [];
    list.push(alert.transition);
    order.set(alert.id, list);
  }
  check.missing = [...byPair.keys()].filter((pair) => !seen.has(pair));
  for (const [id, transitions] of order)
    if (transitions.some((t, i) => t !== i + 1)) check.outOfOrder.push(`${id}: ${transitions.join(',')}`);
  const latest = new Map<string, number>();
  for (const t of stored) latest.set(t.id, Math.max(latest.get(t.id) ?? 0, t.transition));
  const table: { id: string; transition: number }[] = await db.query(`SELECT id, transition FROM alerts`);
  const inTable = new Map(table.map((r) => [r.id, r.transition]));
  for (const [id, transition] of latest)
    if (inTable.get(id) !== transition) check.tableMismatches.push(`${id}: store ${transition}, table ${inTable.get(id)}`);
  for (const id of inTable.keys()) if (!latest.has(id)) check.tableMismatches.push(`${id}: in the table only`);
  return check;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
