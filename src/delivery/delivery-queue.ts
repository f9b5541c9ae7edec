import { EntityManager } from 'typeorm';
import { AlertTransition } from '../compliance/alerts';

/** One message for one webhook receiver, as the deliveries table holds it. */
export interface Delivery {
  id: string;
  alertKey: string;
  alertId: string;
  transition: number;
  /** the alert JSON exactly as signed and sent */
  body: string;
  attempts: number;
}

/** Every transition for every receiver, in outbox order, so each receiver's ids follow the outbox; a repeat is dropped. */
export async function enqueue(manager: EntityManager, receivers: readonly string[], alerts: readonly AlertTransition[]): Promise<void> {
  await manager.query(
    `INSERT INTO deliveries (receiver, alert_key, alert_id, transition, body)
     SELECT r.receiver, t.key, t.id, t.transition, t.body
     FROM unnest($1::text[]) WITH ORDINALITY AS r(receiver, rank),
          unnest($2::text[], $3::text[], $4::int[], $5::text[]) WITH ORDINALITY AS t(key, id, transition, body, ord)
     ORDER BY r.rank, t.ord
     ON CONFLICT (receiver, alert_id, transition) DO NOTHING`,
    [receivers, alerts.map((a) => a.key), alerts.map((a) => a.id), alerts.map((a) => a.transition), alerts.map((a) => JSON.stringify(a))],
  );
}

/**
 * Claims the oldest undelivered message of each alert key that is due, at most `limit`,
 * by pushing its due time past `leaseMs`: the next message of a key waits until this one is
 * gone, which keeps each key in order, and a concurrent claimer re-checks `due_at` and skips it.
 * The UPDATE sits in a CTE because TypeORM answers a bare UPDATE with [rows, count].
 */
export function claim(manager: EntityManager, receiver: string, leaseMs: number, limit: number): Promise<Delivery[]> {
  return manager.query(
    `WITH heads AS (
       SELECT DISTINCT ON (alert_key) id, due_at FROM deliveries WHERE receiver = $1 ORDER BY alert_key, id
     ), due AS (
       SELECT id FROM heads WHERE due_at <= now() ORDER BY id LIMIT $3
     ), claimed AS (
       UPDATE deliveries d SET due_at = now() + $2 * interval '1 millisecond'
       FROM due WHERE d.id = due.id AND d.due_at <= now()
       RETURNING d.id::text, d.alert_key AS "alertKey", d.alert_id AS "alertId", d.transition, d.body, d.attempts
     )
     SELECT * FROM claimed ORDER BY id::bigint`,
    [receiver, leaseMs, limit],
  );
}

export async function settle(manager: EntityManager, id: string): Promise<void> {
  await manager.query(`DELETE FROM deliveries WHERE id = $1`, [id]);
}

export async function postpone(manager: EntityManager, id: string, attempts: number, delayMs: number): Promise<void> {
  await manager.query(`UPDATE deliveries SET attempts = $2, due_at = now() + $3 * interval '1 millisecond' WHERE id = $1`, [
    id,
    attempts,
    delayMs,
  ]);
}

/** Messages not yet delivered (or skipped) to any of these receivers. */
export async function backlog(manager: EntityManager, receivers: readonly string[]): Promise<number> {
  const [row] = await manager.query(`SELECT count(*)::int AS n FROM deliveries WHERE receiver = ANY($1::text[])`, [receivers]);
  return row.n;
}
