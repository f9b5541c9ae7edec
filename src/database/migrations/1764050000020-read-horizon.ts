import { MigrationInterface, QueryRunner } from 'typeorm';
import { JSONB_SUM_MAPS } from './1764050000001-projections';

/**
 * Advisory locks in the two-key form (pg_locks shows them as classid, objid, objsubid 2): every
 * appending transaction holds (LOCKS, 1) in shared mode; raising the fence takes (LOCKS, 2).
 * Written out here, not imported: a migration must do tomorrow what it does today.
 */
const LOCKS = 1667588467;

/**
 * Readers read past a running transaction of another database at once (it cannot write to this
 * one), and past one of this database that holds no append lock once it has been open longer
 * than `max_block`, after raising the fence above it; an append from a transaction whose id is
 * below the fence fails. The fence is a sequence because a sequence is read outside MVCC: an
 * appender in a repeatable-read transaction still sees a fence raised after its snapshot.
 * docs/architecture.md ("Reading past an open transaction") gives the argument.
 */
const HORIZON = [
  `CREATE SEQUENCE events_fence MINVALUE 0 START 0`,
  `CREATE FUNCTION events_begin_append() RETURNS void LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_advisory_xact_lock_shared(${LOCKS}, 1);
     IF pg_current_xact_id()::text::bigint < (SELECT last_value FROM events_fence) THEN
       RAISE EXCEPTION 'transaction % stayed open past the read horizon before appending; retry it', pg_current_xact_id()
         USING ERRCODE = 'serialization_failure';
     END IF;
   END $$`,
  `CREATE FUNCTION events_begin_append_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM events_begin_append();
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER events_begin_append BEFORE INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION events_begin_append_trigger()`,
  `CREATE FUNCTION events_appending(x xid8) RETURNS boolean LANGUAGE sql VOLATILE AS $$
     SELECT EXISTS (
       SELECT 1 FROM pg_locks t JOIN pg_locks l ON l.virtualtransaction = t.virtualtransaction
       WHERE t.locktype = 'transactionid' AND t.transactionid = xid(x)
         AND l.locktype = 'advisory' AND (l.classid, l.objid, l.objsubid) = (${LOCKS}::oid, 1::oid, 2)
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))
   $$`,
  `CREATE FUNCTION events_read_horizon(max_block interval) RETURNS xid8 LANGUAGE plpgsql VOLATILE AS $$
   DECLARE
     snap pg_snapshot := pg_current_snapshot();
     here oid := (SELECT oid FROM pg_database WHERE datname = current_database());
     elsewhere xid8[];
     stale xid8[];
     horizon xid8;
   BEGIN
     SELECT coalesce(array_agg(x) FILTER (WHERE a.datid <> here), '{}'),
            coalesce(array_agg(x) FILTER (WHERE a.datid = here AND a.xact_start < statement_timestamp() - max_block AND NOT events_appending(x)), '{}')
       INTO elsewhere, stale
     FROM pg_snapshot_xip(snap) AS x JOIN pg_stat_activity a ON a.backend_xid = xid(x);
     SELECT coalesce(min(x), pg_snapshot_xmax(snap)) INTO horizon FROM pg_snapshot_xip(snap) AS x WHERE x <> ALL (elsewhere || stale);
     IF NOT EXISTS (SELECT 1 FROM unnest(stale) AS x WHERE x < horizon) THEN
       RETURN horizon;
     END IF;
     PERFORM pg_advisory_xact_lock(${LOCKS}, 2);
     PERFORM setval('events_fence', greatest(last_value, horizon::text::bigint)) FROM events_fence;
     SELECT coalesce(min(x), horizon) INTO horizon FROM unnest(stale) AS x WHERE x < horizon AND events_appending(x);
     RETURN horizon;
   END $$`,
];

const BUCKET_KEY = 'tz, day, source, actor, target, category, country, admin1';

/**
 * The read horizon that moves past a transaction left open elsewhere on the server, and
 * `bucket_totals`: one row per bucket that the fold job moves the bucket log into, so the log
 * stays short while readers sum both.
 */
export class ReadHorizon1764050000020 implements MigrationInterface {
  name = 'ReadHorizon1764050000020';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of HORIZON) await q.query(statement);
    await q.query(`CREATE TABLE bucket_totals (LIKE buckets INCLUDING DEFAULTS, PRIMARY KEY (${BUCKET_KEY}))`);
    await q.query(JSONB_SUM_MAPS);
    // The fold deletes from the head of the log: vacuumed early, the next pass does not wade through the dead rows.
    await q.query(`ALTER TABLE buckets SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000)`);
  }

  /** The totals go back into the log as rows of their own, so every reader's sums stay. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE buckets RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)`);
    await q.query(`INSERT INTO buckets SELECT * FROM bucket_totals`);
    await q.query(`DROP TABLE bucket_totals`);
    await q.query(`DROP FUNCTION jsonb_sum_maps`);
    await q.query(`DROP TRIGGER events_begin_append ON events`);
    await q.query(`DROP FUNCTION events_read_horizon, events_appending, events_begin_append_trigger, events_begin_append`);
    await q.query(`DROP SEQUENCE events_fence`);
  }
}
