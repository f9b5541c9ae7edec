import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What lets the projection work run as several shards (projections/shards.ts): the bucket log
 * labels each row with the boundary it was written up to (`batch`), so a shard that follows
 * another can read the buckets as of its own checkpoint; `projection_batches` lists those
 * boundaries; `bucket_zones` keeps the zones instants are bucketed in apart from which accords
 * the shard that writes them owns; `projector_members` are the running instances the shards
 * spread over; the partial index lets claims be read from the store as of a checkpoint
 * without scanning it.
 */
export class ProjectorShards1764050000050 implements MigrationInterface {
  name = 'ProjectorShards1764050000050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE buckets ADD COLUMN batch bigint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE checkpoints ADD COLUMN seq bigint NOT NULL DEFAULT 0, ADD COLUMN holder text`);
    await q.query(`
      CREATE TABLE projection_batches (
        seq bigint PRIMARY KEY,
        tx_id xid8 NOT NULL,
        position bigint NOT NULL,
        max_position bigint NOT NULL
      )`);
    await q.query(`CREATE TABLE bucket_zones (tz text PRIMARY KEY)`);
    await q.query(`CREATE TABLE projector_members (instance text PRIMARY KEY, seen_at timestamptz NOT NULL)`);
    await q.query(`
      INSERT INTO bucket_zones (tz)
      SELECT tz FROM buckets WHERE tz <> '*' UNION SELECT tz FROM bucket_totals WHERE tz <> '*'
      UNION SELECT document->>'timezone' FROM accords`);
    await q.query(`CREATE INDEX events_aggregates ON events (stream, key) WHERE type = 'aggregate'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX events_aggregates`);
    await q.query(`DROP TABLE projector_members`);
    await q.query(`DROP TABLE bucket_zones`);
    await q.query(`DROP TABLE projection_batches`);
    await q.query(`DELETE FROM checkpoints WHERE name LIKE 'projector/%'`);
    await q.query(`ALTER TABLE checkpoints DROP COLUMN seq, DROP COLUMN holder`);
    await q.query(`ALTER TABLE buckets DROP COLUMN batch`);
  }
}
