import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook deliveries waiting for their receiver: one row per receiver and alert transition,
 * deleted once delivered (or refused for good). Not a projection: a rebuild keeps it.
 */
export class Deliveries1764050000010 implements MigrationInterface {
  name = 'Deliveries1764050000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deliveries (
        id          bigserial PRIMARY KEY,
        receiver    text NOT NULL,
        alert_key   text NOT NULL,
        alert_id    text NOT NULL,
        transition  integer NOT NULL,
        body        text NOT NULL,
        attempts    integer NOT NULL DEFAULT 0,
        due_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deliveries_once UNIQUE (receiver, alert_id, transition)
      )`);
    // each key's oldest message first: the heads a sender claims
    await q.query(`CREATE INDEX deliveries_queue ON deliveries (receiver, alert_key, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deliveries`);
  }
}
