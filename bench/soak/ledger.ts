import { Client } from 'pg';
import { RETRACTION_REVISION } from '../../src/observations/observation';
import { OBSERVATION_TYPES } from '../../src/observations/observation-event';
import { Identity } from './observations';
import { BUCKET_ROWS, zoneCondition } from '../../src/projections/bucket-queries';

const OBSERVATION_EVENTS = `type IN (${OBSERVATION_TYPES.map((type) => `'${type}'`).join(', ')})`;

/**
 * Every produced identity, written to a table of the monitor's database before it is
 * produced, so the end checks are joins rather than a set held by the load generator.
 */
export class Ledger {
  private constructor(readonly client: Client) {}

  static async open(databaseUrl: string): Promise<Ledger> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(
      'CREATE TABLE soak_produced (stream text NOT NULL, key text NOT NULL, revision int NOT NULL, PRIMARY KEY (stream, key, revision))',
    );
    return new Ledger(client);
  }

  async record(identities: Identity[]): Promise<void> {
    await this.client.query('INSERT INTO soak_produced SELECT * FROM unnest($1::text[], $2::text[], $3::int[])', [
      identities.map((i) => i[0]),
      identities.map((i) => i[1]),
      identities.map((i) => i[2]),
    ]);
  }

  async counts(): Promise<{ bucketRows: number; appended: number; produced: number }> {
    const { rows } = await this.client.query(`
      SELECT (SELECT count(*)::int FROM buckets) AS "bucketRows",
        (SELECT count(*)::int FROM events WHERE ${OBSERVATION_EVENTS}) AS appended,
        (SELECT count(*)::int FROM soak_produced) AS produced`);
    return rows[0];
  }

  async alertTransitions(): Promise<number> {
    return (await this.client.query(`SELECT count(*)::int AS n FROM events WHERE type = 'alert.transitioned'`)).rows[0].n;
  }

  /** Produced vs appended, identity by identity, and what the buckets count. */
  async audit(): Promise<Audit> {
    const { rows } = await this.client.query(`
      SELECT
        (SELECT count(*)::int FROM soak_produced) AS produced,
        (SELECT count(*)::int FROM soak_produced p WHERE NOT EXISTS (
           SELECT 1 FROM events e WHERE e.stream = p.stream AND e.key = p.key AND e.revision = p.revision)) AS lost,
        (SELECT count(*)::int FROM events WHERE ${OBSERVATION_EVENTS}) AS appended,
        (SELECT count(DISTINCT (stream, key, revision))::int FROM events WHERE ${OBSERVATION_EVENTS}) AS distinct,
        (SELECT count(*)::int FROM events e WHERE ${OBSERVATION_EVENTS} AND NOT EXISTS (
           SELECT 1 FROM soak_produced p WHERE e.stream = p.stream AND e.key = p.key AND e.revision = p.revision)) AS unexpected,
        (SELECT count(*)::int FROM (SELECT 1 FROM soak_produced GROUP BY stream, key HAVING max(revision) < ${RETRACTION_REVISION}) AS l) AS live,
        (SELECT count(*)::int FROM (SELECT 1 FROM soak_produced GROUP BY stream, key HAVING max(revision) = ${RETRACTION_REVISION}) AS r) AS retracted,
        (SELECT coalesce(json_agg(t), '[]') FROM (
           SELECT z.zone AS tz, (SELECT coalesce(sum(incidents), 0)::int FROM ${BUCKET_ROWS} AS b WHERE ${zoneCondition('z.zone')}) AS incidents
           FROM (SELECT tz AS zone FROM bucket_zones) AS z) AS t) AS "bucketIncidents"`);
    return rows[0];
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

export interface Audit {
  produced: number;
  /** produced identities the store does not hold */
  lost: number;
  /** observation events in the store, and how many distinct identities among them */
  appended: number;
  distinct: number;
  /** stored observations nobody produced */
  unexpected: number;
  /** ids whose last word is an incident, and ids retracted */
  live: number;
  retracted: number;
  /** incidents the buckets count, per accord time zone: each live id once, retracted ones nowhere */
  bucketIncidents: { tz: string; incidents: number }[];
}
