import { BaselineContext, BASELINE_TABLES, baselineConsumer, baselinePool, isAttack, toRow } from './baseline';

/**
 * The lean pipeline a strong engineer writes in an afternoon: `eachBatch`, one multi-row
 * insert per batch, bucket deltas summed in memory and upserted once per batch, in one
 * transaction, offsets committed after it. No validation, windows or alerts.
 */
export async function handBatched(context: BaselineContext): Promise<void> {
  const pool = baselinePool(context, 2);
  await pool.query(BASELINE_TABLES);
  const consumer = await baselineConsumer(context, 'hand-batched');
  let done = 0;
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch, resolveOffset }) => {
      if (batch.messages.length === 0) return;
      const rows = batch.messages.map((m) => toRow(m.value!.toString()));
      const buckets = new Map<string, number[]>();
      for (const r of rows) {
        const key = [r.day, r.source, r.actor, r.target, r.category, r.country, r.admin1].join('\u0000');
        const b = buckets.get(key) ?? [0, 0, 0, 0];
        b[0] += 1;
        b[1] += isAttack(r);
        b[2] += r.killed;
        b[3] += r.wounded;
        buckets.set(key, b);
      }
      const keys = [...buckets.keys()].map((k) => k.split('\u0000'));
      const values = [...buckets.values()];
      const column = <T>(pick: (i: number) => T) => keys.map((_, i) => pick(i));
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO base_events SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::jsonb[]) ON CONFLICT DO NOTHING`,
          [rows.map((r) => r.source), rows.map((r) => r.id), rows.map((r) => r.revision), rows.map((r) => r.json)],
        );
        await client.query(
          `INSERT INTO base_buckets AS b SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
             $8::int[], $9::int[], $10::int[], $11::int[])
           ON CONFLICT (day, source, actor, target, category, country, admin1) DO UPDATE SET
             incidents = b.incidents + excluded.incidents, attacks = b.attacks + excluded.attacks,
             killed = b.killed + excluded.killed, wounded = b.wounded + excluded.wounded`,
          [...[0, 1, 2, 3, 4, 5, 6].map((d) => column((i) => keys[i][d])), ...[0, 1, 2, 3].map((m) => column((i) => values[i][m]))],
        );
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      const last = batch.messages[batch.messages.length - 1].offset;
      resolveOffset(last);
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(Number(last) + 1) }]);
      done += rows.length;
      context.progress(done);
    },
  });
}
