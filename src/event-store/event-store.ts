import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CONFIG, Config, loadConfig } from '../config/config';
import { planAppend } from './append-plan';
import { AppendOutcome, Checkpoint, EventType, NewEvent, START, StoredEvent } from './event.types';

/**
 * One statement per batch, the batch as one JSON document (not five arrays, whose JSON
 * elements the driver must escape one by one). An event is appended unless its
 * (stream, key) already holds an equal or higher revision, so a redelivered message, an HTTP
 * retry or a re-import changes nothing; the unique constraint settles races between
 * concurrent appenders. It answers with the ordinals (from 1) of the events it did not
 * append, so the usual batch, all new, comes back empty.
 */
const APPEND = `
  WITH input AS (
    SELECT * FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (type text, stream text, key text, revision int, data jsonb))
      WITH ORDINALITY AS i(type, stream, key, revision, data, ord)
  ), appended AS (
    INSERT INTO events (type, stream, key, revision, data)
    SELECT i.type, i.stream, i.key, i.revision, i.data FROM input i
    WHERE NOT EXISTS (
      SELECT 1 FROM events e WHERE e.stream = i.stream AND e.key = i.key AND e.revision >= i.revision)
    ORDER BY i.ord
    ON CONFLICT (stream, key, revision) DO NOTHING
    RETURNING stream, key, revision
  )
  SELECT i.ord::int AS ord FROM input i
  WHERE NOT EXISTS (SELECT 1 FROM appended a WHERE a.stream = i.stream AND a.key = i.key AND a.revision = i.revision)`;

/**
 * Reads take only rows below the read horizon (see READ_HORIZON), in (tx_id, position) order.
 * The ORDER BY names the table's columns: bare `position` would sort the text output column.
 */
const READ_AFTER = `
  SELECT position::text, tx_id::text AS "txId", type, stream, key, revision, data, recorded_at::text AS "recordedAt"
  FROM events
  WHERE (tx_id, position) > ($1::xid8, $2::bigint)
    AND tx_id < $5::xid8
    AND ($4::text[] IS NULL OR type = ANY($4::text[]))
  ORDER BY events.tx_id, events.position
  LIMIT $3`;

/** A stretch another reader has already read up to `upTo`: every transaction at or before it has finished, so no horizon is needed. */
const READ_BETWEEN = `
  SELECT position::text, tx_id::text AS "txId", type, stream, key, revision, data, recorded_at::text AS "recordedAt"
  FROM events
  WHERE (tx_id, position) > ($1::xid8, $2::bigint)
    AND (tx_id, position) <= ($3::xid8, $4::bigint)
    AND type = ANY($6::text[])
  ORDER BY events.tx_id, events.position
  LIMIT $5`;

/** Outbox reads: the types are literals, so the partial index events_outbox serves them. */
const readOutbox = (types: string) => `
  SELECT position::text, tx_id::text AS "txId", type, stream, key, revision, data, recorded_at::text AS "recordedAt"
  FROM events
  WHERE (tx_id, position) > ($1::xid8, $2::bigint)
    AND tx_id < $4::xid8
    AND type IN (${types})
  ORDER BY events.tx_id, events.position
  LIMIT $3`;
const READ_OUTBOX_AFTER = readOutbox(`'alert.transitioned', 'verdict.changed'`);
const READ_ALERT_TRANSITIONS_AFTER = readOutbox(`'alert.transitioned'`);

/** The last alert transition readers can see (the rule of READ_AFTER), read backwards on events_outbox. */
const ALERT_TRANSITIONS_END = `
  SELECT tx_id::text AS "txId", position::text FROM events
  WHERE type = 'alert.transitioned' AND tx_id < $1::xid8
  ORDER BY events.tx_id DESC, events.position DESC
  LIMIT 1`;

/**
 * Every transaction id below it is finished or will never append (migration
 * 1764050000020-read-horizon). Its own statement, so that the read after it takes a later
 * snapshot: a transaction that committed in between must be seen by the read.
 */
const READ_HORIZON = `SELECT events_read_horizon($1::interval)::text AS horizon`;

@Injectable()
export class EventStore {
  private readonly maxBlock: string;

  /** Reads run outside a transaction or in a read-committed one: each needs a snapshot later than its horizon. */
  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(CONFIG) config: Pick<Config, 'PROJECTOR_MAX_BLOCK_MS'> = loadConfig({}),
  ) {
    this.maxBlock = `${config.PROJECTOR_MAX_BLOCK_MS} milliseconds`;
  }

  /**
   * Marks the running transaction as an appender before it does anything else, so readers wait
   * for it however long it runs instead of reading past it and failing its append.
   */
  async beginAppending(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT events_begin_append()`);
  }

  /** Appends a batch; one outcome per event, in input order. `manager` joins a running transaction. */
  async append(events: readonly NewEvent[], manager: EntityManager = this.dataSource.manager): Promise<AppendOutcome[]> {
    const outcomes: AppendOutcome[] = events.map(() => 'duplicate');
    const send = planAppend(events);
    if (send.length === 0) return outcomes;
    // jsonb_to_recordset takes the columns it names and ignores any other property
    const sent = send.length === events.length ? events : send.map((index) => events[index]);
    const skipped: { ord: number }[] = await manager.query(APPEND, [JSON.stringify(sent)]);
    for (const index of send) outcomes[index] = 'accepted';
    for (const { ord } of skipped) outcomes[send[ord - 1]] = 'duplicate';
    return outcomes;
  }

  async readAfter(
    after: Checkpoint,
    limit: number,
    types: readonly EventType[] | null = null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredEvent[]> {
    return manager.query(READ_AFTER, [after.txId, after.position, limit, types, await this.horizon(manager)]);
  }

  /** Events of `types` after `after` and at or before `upTo`, which a reader has already passed. */
  async readBetween(
    after: Checkpoint,
    upTo: Checkpoint,
    limit: number,
    types: readonly EventType[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredEvent[]> {
    return manager.query(READ_BETWEEN, [after.txId, after.position, upTo.txId, upTo.position, limit, types]);
  }

  /** Verdict changes and alert transitions after a checkpoint, for the outbox relay. */
  async readOutboxAfter(after: Checkpoint, limit: number, manager: EntityManager = this.dataSource.manager): Promise<StoredEvent[]> {
    return manager.query(READ_OUTBOX_AFTER, [after.txId, after.position, limit, await this.horizon(manager)]);
  }

  /** Alert transitions after a checkpoint, for the SSE feed and its replay. */
  async readAlertTransitionsAfter(
    after: Checkpoint,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredEvent[]> {
    return manager.query(READ_ALERT_TRANSITIONS_AFTER, [after.txId, after.position, limit, await this.horizon(manager)]);
  }

  /** Where the stored alert transitions end for a reader now; START when there are none. */
  async alertTransitionsEnd(): Promise<Checkpoint> {
    const [row] = await this.dataSource.query(ALERT_TRANSITIONS_END, [await this.horizon(this.dataSource.manager)]);
    return row ?? START;
  }

  /** Where one stored event sits in the read order, or null when the store holds no such event. */
  async checkpointOf(stream: string, key: string, revision: number): Promise<Checkpoint | null> {
    const [row] = await this.dataSource.query(
      `SELECT tx_id::text AS "txId", position::text FROM events WHERE stream = $1 AND key = $2 AND revision = $3`,
      [stream, key, revision],
    );
    return row ?? null;
  }

  private async horizon(manager: EntityManager): Promise<string> {
    const [row] = await manager.query(READ_HORIZON, [this.maxBlock]);
    return row.horizon;
  }

  async lastPosition(): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT coalesce(max(position), 0)::text AS position FROM events`);
    return row.position;
  }

  /** The current (highest-revision) event of one stream key, e.g. an accord's latest definition. */
  async latest(stream: string, key: string): Promise<StoredEvent | null> {
    const [row] = await this.dataSource.query(
      `SELECT position::text, tx_id::text AS "txId", type, stream, key, revision, data, recorded_at::text AS "recordedAt"
       FROM events WHERE stream = $1 AND key = $2 ORDER BY revision DESC LIMIT 1`,
      [stream, key],
    );
    return row ?? null;
  }
}
