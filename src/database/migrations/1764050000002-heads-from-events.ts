import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Observation heads are read from the event store's (stream, key, revision) index as of the
 * projector's position, so the row per observation that mirrored them goes: a write fewer per
 * event on the projector's path.
 */
export class HeadsFromEvents1764050000002 implements MigrationInterface {
  name = 'HeadsFromEvents1764050000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE observation_heads`);
  }

  /** The table comes back empty, so the projections are replayed from the start to fill it. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE observation_heads (
        stream   text NOT NULL,
        key      text NOT NULL,
        revision integer NOT NULL,
        position bigint NOT NULL,
        type     text NOT NULL,
        PRIMARY KEY (stream, key)
      )`);
    await q.query(`TRUNCATE buckets, claims, accords, verdict_keys, alerts`);
    await q.query(`DELETE FROM checkpoints WHERE name = 'projector'`);
  }
}
