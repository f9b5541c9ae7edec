import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store: append-only, a global position, `(stream, key, revision)` unique.
 * `tx_id` is the appending transaction's id: readers take only rows whose transaction is
 * older than every transaction still running (pg_snapshot_xmin), in (tx_id, position)
 * order, so an event whose position became visible late is never skipped.
 */
export class EventStore1764050000000 implements MigrationInterface {
  name = 'EventStore1764050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        position    bigserial PRIMARY KEY,
        tx_id       xid8 NOT NULL DEFAULT pg_current_xact_id(),
        type        text NOT NULL,
        stream      text NOT NULL,
        key         text NOT NULL,
        revision    integer NOT NULL,
        data        jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_identity UNIQUE (stream, key, revision)
      )`);
    await q.query(`CREATE INDEX events_read_order ON events (tx_id, position)`);
    // The outbox: the relay reads only the monitor's own published facts, without scanning observations.
    await q.query(`CREATE INDEX events_outbox ON events (tx_id, position) WHERE type IN ('alert.transitioned', 'verdict.changed')`);
    await q.query(`
      CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the event store is append-only (% refused)', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_append_only()`);
    await q.query(`
      CREATE TABLE checkpoints (
        name         text PRIMARY KEY,
        tx_id        xid8 NOT NULL,
        position     bigint NOT NULL,
        max_position bigint NOT NULL DEFAULT 0,
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE checkpoints`);
    await q.query(`DROP TABLE events`);
    await q.query(`DROP FUNCTION events_append_only`);
  }
}
