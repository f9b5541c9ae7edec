import { EntityManager } from 'typeorm';
import { Checkpoint } from '../event-store/event.types';
import { OBSERVATION_TYPES } from '../observations/observation-event';

export interface Head {
  revision: number;
  position: string;
  type: string;
  /** the event's data, when it counts (incidents and aggregates), since a new revision must first undo it */
  data?: unknown;
}

export const headKey = (stream: string, key: string) => `${stream}\u0000${key}`;

/**
 * The current version of each observation the batch touches: of its events projected so far
 * (up to `upTo`), the one with the highest revision. Events are immutable, so this is read
 * from the store's own (stream, key, revision) index, walked down from the top; nothing is
 * written per event to keep heads, and a batch worked out while the one before it commits
 * sees that batch's events as well. The LIMIT keeps one index probe per key: on a table
 * growing faster than ANALYZE runs the planner would otherwise sort the table for a join.
 */
export async function loadHeads(
  manager: EntityManager,
  keys: { stream: string; key: string }[],
  upTo: Checkpoint,
): Promise<Map<string, Head>> {
  const heads = new Map<string, Head>();
  // A batch often holds several revisions of one observation: each head is read once.
  const unique = [...new Map(keys.map((k) => [headKey(k.stream, k.key), k])).values()];
  if (unique.length === 0) return heads;
  const rows: (Head & { stream: string; key: string })[] = await manager.query(
    `SELECT k.stream, k.key, h.revision, h.position::text, h.type, CASE WHEN h.type <> 'retraction' THEN h.data END AS data
     FROM unnest($1::text[], $2::text[]) AS k(stream, key)
     CROSS JOIN LATERAL (
       SELECT e.revision, e.position, e.type, e.data FROM events e
       WHERE e.stream = k.stream AND e.key = k.key AND (e.tx_id, e.position) <= ($3::xid8, $4::bigint)
       ORDER BY e.revision DESC LIMIT 1) h`,
    [unique.map((k) => k.stream), unique.map((k) => k.key), upTo.txId, upTo.position],
  );
  for (const row of rows) heads.set(headKey(row.stream, row.key), row);
  return heads;
}

/**
 * The current version of every observation as of just before `before`, a page at a time in
 * (stream, key) order after `after` (start with empty strings): what a time zone no accord
 * used before is backfilled from.
 */
export async function currentVersions(
  manager: EntityManager,
  before: Checkpoint,
  after: { stream: string; key: string },
  limit: number,
): Promise<{ stream: string; key: string; type: string; data: unknown }[]> {
  return manager.query(
    `SELECT DISTINCT ON (stream, key) stream, key, type, data FROM events
     WHERE type = ANY($1) AND (tx_id, position) < ($2::xid8, $3::bigint) AND (stream, key) > ($4, $5)
     ORDER BY stream, key, revision DESC LIMIT $6`,
    [OBSERVATION_TYPES, before.txId, before.position, after.stream, after.key, limit],
  );
}
