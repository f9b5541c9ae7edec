import { EntityManager } from 'typeorm';

export interface Head {
  revision: number;
  position: string;
  type: string;
  /** the event's data, when it had to be read (to undo its contribution) */
  data?: unknown;
}

/** A head with the observation it belongs to, as written. */
export type KeyedHead = Head & { stream: string; key: string };

export const headKey = (stream: string, key: string) => `${stream}\u0000${key}`;

/**
 * The current version of each observation the batch touches, with the data of those that
 * count (incidents and aggregates), since a new revision must first undo them. The LIMIT
 * keeps one index probe per key: on a table growing faster than ANALYZE runs (a rebuild, a
 * fresh store), the planner otherwise sorts the whole table for a merge join.
 */
export async function loadHeads(manager: EntityManager, keys: { stream: string; key: string }[]): Promise<Map<string, Head>> {
  const heads = new Map<string, Head>();
  // A batch often holds several revisions of one observation: each head is read once.
  const unique = [...new Map(keys.map((k) => [headKey(k.stream, k.key), k])).values()];
  if (unique.length === 0) return heads;
  const rows: KeyedHead[] = await manager.query(
    `SELECT h.stream, h.key, h.revision, h.position::text, h.type,
            CASE WHEN h.type <> 'retraction' THEN e.data END AS data
     FROM unnest($1::text[], $2::text[]) AS k(stream, key)
     CROSS JOIN LATERAL (SELECT * FROM observation_heads h WHERE h.stream = k.stream AND h.key = k.key LIMIT 1) h
     LEFT JOIN events e ON e.position = h.position AND h.type <> 'retraction'`,
    [unique.map((k) => k.stream), unique.map((k) => k.key)],
  );
  for (const row of rows) heads.set(headKey(row.stream, row.key), row);
  return heads;
}

/**
 * Writes the changed heads: plain inserts for keys that had none (nearly every key, and an
 * insert costs 40% less than an upsert) and one update for those in `existing`. The projector
 * is the only writer, so what it read (and wrote) says exactly which keys exist.
 */
export async function saveHeads(manager: EntityManager, changed: Map<string, KeyedHead>, existing: Set<string>): Promise<void> {
  const inserts: KeyedHead[] = [];
  const updates: KeyedHead[] = [];
  for (const [id, head] of changed) (existing.has(id) ? updates : inserts).push(head);
  if (inserts.length > 0) {
    await manager.query(`INSERT INTO observation_heads (stream, key, revision, position, type) SELECT * FROM ${UNNEST_HEADS}`, columns(inserts));
  }
  if (updates.length > 0) {
    await manager.query(
      `UPDATE observation_heads h SET revision = u.revision, position = u.position, type = u.type
       FROM ${UNNEST_HEADS} AS u(stream, key, revision, position, type)
       WHERE h.stream = u.stream AND h.key = u.key`,
      columns(updates),
    );
  }
  for (const id of changed.keys()) existing.add(id);
}

const UNNEST_HEADS = `unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::text[])`;

const columns = (rows: KeyedHead[]) => [
  rows.map((r) => r.stream),
  rows.map((r) => r.key),
  rows.map((r) => r.revision),
  rows.map((r) => r.position),
  rows.map((r) => r.type),
];
