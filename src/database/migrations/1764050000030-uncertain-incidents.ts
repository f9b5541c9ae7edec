import { MigrationInterface, QueryRunner } from 'typeorm';

/** An incident carrying uncertainty (CONTRACT section 9), in the words of the partial index, so queries that say it can use it. */
export const UNCERTAIN = `(c.data ? 'dateRange' OR c.data ? 'killedLow' OR c.data ? 'killedHigh' OR c.data ? 'woundedLow' OR c.data ? 'woundedHigh')`;

/**
 * The few incidents whose bounds differ from their best reading: a compliance report looks them
 * up on every read and must not scan the event store to learn there are none.
 */
export class UncertainIncidents1764050000030 implements MigrationInterface {
  name = 'UncertainIncidents1764050000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX events_uncertain ON events (stream, key) WHERE type = 'incident' AND ${UNCERTAIN.replace(/c\.data/g, 'data')}`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX events_uncertain`);
  }
}
