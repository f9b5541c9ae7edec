import { BaselineContext, BASELINE_TABLES, baselineConsumer, baselinePool, isAttack, toRow, UPSERT_BUCKET_ROW } from './baseline';

/** The pipeline most teams write first: `eachMessage`, one transaction per message. */
export async function naive(context: BaselineContext): Promise<void> {
  const pool = baselinePool(context, 1);
  await pool.query(BASELINE_TABLES);
  const consumer = await baselineConsumer(context, 'naive');
  let done = 0;
  await consumer.run({
    eachMessage: async ({ message }) => {
      const r = toRow(message.value!.toString());
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`INSERT INTO base_events VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [r.source, r.id, r.revision, r.json]);
        await client.query(UPSERT_BUCKET_ROW, [
          r.day,
          r.source,
          r.actor,
          r.target,
          r.category,
          r.country,
          r.admin1,
          isAttack(r),
          r.killed,
          r.wounded,
        ]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      context.progress(++done);
    },
  });
}
