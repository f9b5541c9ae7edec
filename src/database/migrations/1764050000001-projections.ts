import { MigrationInterface, QueryRunner } from 'typeorm';

/** Adds two {name: number} maps key by key, dropping zeros. */
export const JSONB_SUM_MAPS = `
  CREATE FUNCTION jsonb_sum_maps(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(key, total), '{}'::jsonb)
    FROM (SELECT key, sum(value::double precision) AS total
          FROM (SELECT * FROM jsonb_each_text(a) UNION ALL SELECT * FROM jsonb_each_text(b)) AS pairs
          GROUP BY key) AS sums
    WHERE total <> 0
  $$`;

/**
 * Projections: everything here can be dropped and rebuilt from the event store. The
 * projector writes them and its checkpoint in one transaction.
 */
export class Projections1764050000001 implements MigrationInterface {
  name = 'Projections1764050000001';

  async up(q: QueryRunner): Promise<void> {
    // The version of each observation that counts now (the highest revision seen).
    await q.query(`
      CREATE TABLE observation_heads (
        stream   text NOT NULL,
        key      text NOT NULL,
        revision integer NOT NULL,
        position bigint NOT NULL,
        type     text NOT NULL,
        PRIMARY KEY (stream, key)
      )`);
    // Daily sums per dimension in each accord time zone in use ('' = not given): one row per
    // (day, dimensions) with the metrics as columns, per-group counts in `groups`
    // ({"killed.civilians": 2}); a row per metric would triple the rows the hot path writes.
    await q.query(`
      CREATE TABLE buckets (
        tz        text NOT NULL,
        day       date NOT NULL,
        source    text NOT NULL,
        actor     text NOT NULL,
        target    text NOT NULL,
        category  text NOT NULL,
        country   text NOT NULL,
        admin1    text NOT NULL,
        incidents double precision NOT NULL DEFAULT 0,
        attacks   double precision NOT NULL DEFAULT 0,
        killed    double precision NOT NULL DEFAULT 0,
        wounded   double precision NOT NULL DEFAULT 0,
        prisoners_released double precision NOT NULL DEFAULT 0,
        groups    jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (tz, day, source, actor, target, category, country, admin1)
      )`);
    await q.query(JSONB_SUM_MAPS);
    await q.query(`
      CREATE TABLE claims (
        source      text NOT NULL,
        id          text NOT NULL,
        position    bigint NOT NULL,
        metric      text NOT NULL,
        filter      jsonb NOT NULL,
        period_from date NOT NULL,
        period_to   date NOT NULL,
        value       double precision NOT NULL,
        baseline    jsonb,
        PRIMARY KEY (source, id)
      )`);
    await q.query(`
      CREATE TABLE accords (
        id         text PRIMARY KEY,
        revision   integer NOT NULL,
        document   jsonb NOT NULL,
        defined_at timestamptz NOT NULL,
        as_of      date
      )`);
    // The live verdict and alert state machine of every key {accordId}/{commitmentId}/{source|*}.
    await q.query(`
      CREATE TABLE verdict_keys (
        key           text PRIMARY KEY,
        accord_id     text NOT NULL,
        commitment_id text NOT NULL,
        source        text NOT NULL,
        changes       integer NOT NULL,
        entry         jsonb,
        alert_state   jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE alerts (
        id            text PRIMARY KEY,
        key           text NOT NULL,
        accord_id     text NOT NULL,
        state         text NOT NULL,
        raised_at     date NOT NULL,
        transition    integer NOT NULL,
        body          jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX alerts_by_accord ON alerts (accord_id, state, raised_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['alerts', 'verdict_keys', 'accords', 'claims', 'buckets', 'observation_heads']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION jsonb_sum_maps`);
  }
}
