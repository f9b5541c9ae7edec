import { EntityManager, QueryRunner } from 'typeorm';
import { Logger } from 'pino';
import { Accord } from '../accords/accord.types';
import { Clock } from '../config/clock';
import { BulkLoad } from '../database/bulk-rows';
import { AccordMonitor, KeyState, MonitorOutput } from '../compliance/accord-monitor';
import { AccordRouter } from '../compliance/accord-router';
import { claimFromAggregate } from '../compliance/claims';
import { localDate } from '../compliance/days';
import { incidentContribution, supersedes } from '../compliance/ledger';
import { ObservationChange } from '../compliance/observation-change';
import { EventStore } from '../event-store/event-store';
import { Checkpoint, StoredEvent } from '../event-store/event.types';
import { Aggregate, Incident } from '../observations/observation';
import { isObservation } from '../observations/observation-event';
import { AsOf, latestIncidentDay, loadAccordEvidence } from './accord-evidence';
import { BucketDeltas } from './bucket-deltas';
import { advance, loadCheckpoint, saveCheckpoint, ShardCheckpoint, StoredCheckpoint } from './checkpoints';
import { ClaimChanges } from './claim-changes';
import { currentVersions, Head, headKey, loadHeads } from './observation-heads';
import { saveOutputs } from './outputs';
import { Placements, sameDayEverywhere } from './placements';
import { ProjectionPipeline } from './projection-pipeline';
import { nextBoundary, readSegment, recordBoundary, saveZone } from './segments';
import { ONE_SHARD, owns, Shard, shardName } from './shards';
import { unflushedCommit } from './unflushed-commit';

export const PROJECTOR = 'projector';
/** Events per projection batch: one transaction each. */
export const PROJECTOR_BATCH = 5000;
/**
 * Working out a batch gives way to I/O every this many events, so the batch being written and
 * the one read ahead move on meanwhile instead of waiting for the whole batch to be worked out.
 */
const YIELD_EVERY = 500;
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An incident version's row in the bucket log, one whatever the zones (see Placements.bucketRow). */
function addToBuckets(buckets: BucketDeltas, placed: Placements | undefined, zones: readonly string[], sign: 1 | -1): void {
  const row = placed?.bucketRow(zones);
  if (row) buckets.add(...row, sign);
}

const collect = (into: MonitorOutput, out: MonitorOutput) => {
  into.verdicts.push(...out.verdicts);
  into.transitions.push(...out.transitions);
};

/** A batch holding one reads and writes the accords' projections as it goes, so it runs alone. */
const isAccordChange = (type: string) => type === 'accord.defined' || type === 'accord.retired';

/** The current versions, as of `before`, of the observations among `events`. */
const headsBefore = (manager: EntityManager, events: StoredEvent[], before: Checkpoint) =>
  loadHeads(
    manager,
    events.filter((e) => isObservation(e.type)),
    before,
  );

interface Batch {
  heads: Map<string, Head>;
  buckets: BucketDeltas;
  claims: ClaimChanges;
  out: MonitorOutput;
  acks: { alertId: string; by: string; at: string }[];
  /** copies of the key states the batch changed, taken before the next batch changes them; a key sealed twice (after a retirement) keeps its last */
  dirty: Map<string, KeyState>;
  clocks: { id: string; asOf: string | null }[];
}

/**
 * Turns the event store into projections: observation heads, daily buckets per time zone,
 * claims, accords, live verdicts and alert transitions. One transaction per batch, holding
 * the rows and the checkpoint together, so a crash between them cannot double-count. One
 * engine runs one shard (shards.ts): shard 0 writes the buckets and claims and cuts the store
 * into boundaries; the others follow it boundary by boundary with only their accords' monitors.
 */
export class ProjectionEngine {
  private monitors = new Map<string, AccordMonitor>();
  /** the monitors an observation can concern, rebuilt whenever an accord is (re)defined */
  private router = new AccordRouter<AccordMonitor>([]);
  /** the accords' time zones, whose buckets every incident dated by an instant goes to */
  private zones: string[] = [];
  /** the last boundary shard 0 wrote its bucket rows up to */
  private seq = 0n;
  /** each accord's clock as the last sealed batch writes it, so a batch writes only the clocks that moved */
  private sealedClocks = new Map<string, string | null>();
  private checkpoint: ShardCheckpoint | null = null;
  /** today's date per time zone, taken once per batch */
  private readonly todays = new Map<string, string>();

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly bulk: BulkLoad,
    readonly shard: Shard = ONE_SHARD,
  ) {}

  /** The shard's name: its checkpoint's and its lock's. */
  get name(): string {
    return shardName(this.shard.index);
  }

  /** Shard 0 writes what every accord reads. */
  private get leads(): boolean {
    return this.shard.index === 0;
  }

  /** Loads the live state that the committed projections imply; call on (re)gaining the lock. */
  async load(manager: EntityManager): Promise<void> {
    this.checkpoint = await loadCheckpoint(manager, this.name);
    this.seq = BigInt(this.checkpoint.seq);
    this.monitors = new Map();
    const rows: { document: Accord; as_of: string | null }[] = (
      await manager.query(`SELECT document, as_of FROM accords ORDER BY id`)
    ).filter((row: { document: Accord }) => owns(this.shard, row.document.id));
    for (const row of rows) this.monitors.set(row.document.id, await this.seedMonitor(manager, row.document, row.as_of));
    this.sealedClocks = new Map(rows.map((row) => [row.document.id, row.as_of]));
    if (this.leads) this.zones = (await manager.query(`SELECT tz FROM bucket_zones`)).map((r: { tz: string }) => r.tz).sort();
    this.monitorsChanged();
  }

  private monitorsChanged(): void {
    const monitors = [...this.monitors.values()];
    this.router = new AccordRouter(monitors.map((monitor) => ({ accord: monitor.accord, target: monitor })));
  }

  get position(): ShardCheckpoint | null {
    return this.checkpoint;
  }

  /** What a follower's projections are as of: its own checkpoint, which is a boundary of shard 0's. */
  private asOf(): AsOf {
    return this.leads ? null : { batch: this.checkpoint!.seq, upTo: this.checkpoint! };
  }

  /**
   * Projects everything stored after the checkpoint. Given a `reader` (a second connection),
   * each batch is computed on it while the batch before commits on `runner`: the database
   * writes one batch while Node works out the next (heads come from the immutable store, so
   * the batch in flight is seen as well). A batch that defines an accord reads the
   * projections, so it waits for the one in flight and runs alone, as every batch does
   * without a reader. With a reader, the next batch's events are also asked for as soon as
   * this batch's heads are in, so the database reads them while Node works this one out.
   * `batches` bounds how many batches it takes on (the live loop takes one at a time, so it
   * can be stopped between them). Returns how many events it read (0: caught up).
   */
  async catchUp(
    runner: QueryRunner,
    reader: QueryRunner | null,
    limit: number,
    { onCommitted = () => undefined, batches = Infinity }: { onCommitted?: (events: number) => void; batches?: number } = {},
  ): Promise<number> {
    if (!this.checkpoint) await this.load(runner.manager);
    if (!this.leads) return this.follow(runner, limit, { onCommitted, batches });
    let after: StoredCheckpoint = this.checkpoint!;
    const pipeline = new ProjectionPipeline((from) => this.store.readAfter(from, limit, null, (reader ?? runner).manager));
    let read = 0;
    try {
      for (let taken = 0; taken < batches; taken++) {
        const events = await pipeline.read(after);
        if (events.length === 0) break;
        read += events.length;
        const before = after;
        const next = advance(after, events);
        after = next;
        if (!reader || events.some((e) => isAccordChange(e.type))) {
          await pipeline.settle();
          await this.projectAlone(runner, events, before, next);
          onCommitted(events.length);
          continue;
        }
        const heads = headsBefore(reader.manager, events, before);
        if (taken + 1 < batches) pipeline.readAhead(next, heads);
        const batch = await this.compute(reader.manager, events, await heads, before);
        await pipeline.commit(() =>
          this.commit(runner, () => this.write(runner.manager, batch, next)).then(() => onCommitted(events.length)),
        );
      }
      await pipeline.settle();
    } catch (error) {
      await pipeline.drain();
      this.checkpoint = null; // the in-memory state may be ahead of the database: reload it
      throw error;
    }
    return read;
  }

  /**
   * A follower's catch-up: one boundary of shard 0's at a time, each in one transaction with
   * its checkpoint, so it never projects past the bucket rows it would read (see shards.ts).
   * Returns how many events it read, or how many boundaries it passed if those held none.
   */
  private async follow(
    runner: QueryRunner,
    limit: number,
    { onCommitted, batches }: { onCommitted: (events: number) => void; batches: number },
  ): Promise<number> {
    let read = 0;
    for (let taken = 0; taken < batches; taken++) {
      const from = this.checkpoint!;
      const boundary = await nextBoundary(runner.manager, from.seq);
      if (!boundary) break;
      const events = await readSegment(this.store, runner.manager, from, boundary, limit);
      read += Math.max(events.length, 1);
      await this.projectAlone(runner, events, from, boundary);
      onCommitted(events.length);
    }
    return read;
  }

  /** Computes and writes a batch in one transaction, so an accord it defines sees the batch so far. */
  private projectAlone(runner: QueryRunner, events: StoredEvent[], before: StoredCheckpoint, next: StoredCheckpoint): Promise<void> {
    return this.commit(runner, async () => {
      const heads = await headsBefore(runner.manager, events, before);
      return this.write(runner.manager, await this.compute(runner.manager, events, heads, before), next);
    });
  }

  /**
   * One transaction (see unflushedCommit); the checkpoint it returns is taken only once it has
   * committed. It appends outputs, so it declares itself an appender first (see beginAppending).
   */
  private async commit(runner: QueryRunner, work: () => Promise<ShardCheckpoint>): Promise<void> {
    try {
      this.checkpoint = await unflushedCommit(runner, async () => {
        await this.store.beginAppending(runner.manager);
        return work();
      });
    } catch (error) {
      this.checkpoint = null;
      throw error;
    }
  }

  /** Applies a batch of events (and the heads of its observations) to the in-memory state; what is to be written is sealed into the batch. */
  private async compute(manager: EntityManager, events: StoredEvent[], heads: Map<string, Head>, before: StoredCheckpoint): Promise<Batch> {
    this.todays.clear();
    const batch: Batch = {
      heads,
      buckets: new BucketDeltas(),
      claims: new ClaimChanges(),
      out: { verdicts: [], transitions: [] },
      acks: [],
      dirty: new Map(),
      clocks: [],
    };
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToIo();
      if (isObservation(event.type)) this.applyObservation(event, batch);
      else if (event.type === 'accord.defined')
        await this.defineAccord(manager, event, batch, i === 0 ? before : advance(before, events.slice(0, i)));
      else if (event.type === 'accord.retired') await this.retireAccord(manager, event.key, batch);
      else if (event.type === 'alert.acknowledged') this.acknowledge(event, batch);
    }
    this.seal(batch);
    return batch;
  }

  /** The batch's rows, each accord's clock and the checkpoint (shard 0's also the boundary it wrote its rows up to). */
  private async write(manager: EntityManager, batch: Batch, next: StoredCheckpoint & { seq?: string }): Promise<ShardCheckpoint> {
    await this.flush(manager, batch, next);
    for (const { id, asOf } of batch.clocks) {
      await manager.query(`UPDATE accords SET as_of = $2 WHERE id = $1 AND as_of IS DISTINCT FROM $2::date`, [id, asOf]);
    }
    const checkpoint = { ...next, seq: this.leads ? this.seq.toString() : next.seq! };
    await saveCheckpoint(manager, this.name, checkpoint);
    return checkpoint;
  }

  private applyObservation(event: StoredEvent, batch: Batch): void {
    const id = headKey(event.stream, event.key);
    const head = batch.heads.get(id);
    if (!supersedes(head, event)) return;
    const before = head?.data as Incident | Aggregate | undefined;
    const after = event.type === 'retraction' ? undefined : (event.data as Incident | Aggregate);
    const change: ObservationChange = {
      incidentBefore: before?.type === 'incident' ? new Placements(before) : undefined,
      incidentAfter: after?.type === 'incident' ? new Placements(after) : undefined,
      claimBefore: before?.type === 'aggregate' ? claimFromAggregate(before) : undefined,
      claimAfter: after?.type === 'aggregate' ? claimFromAggregate(after) : undefined,
    };
    if (this.leads) {
      addToBuckets(batch.buckets, change.incidentBefore as Placements | undefined, this.zones, -1);
      addToBuckets(batch.buckets, change.incidentAfter as Placements | undefined, this.zones, 1);
      if (change.claimAfter) batch.claims.put(change.claimAfter, event.position);
      else if (change.claimBefore) batch.claims.remove(event.stream, event.key);
    }
    for (const monitor of this.router.route(change)) collect(batch.out, monitor.apply(change, this.today(monitor.accord)));
    batch.heads.set(id, { revision: event.revision, position: event.position, type: event.type, data: after });
  }

  /**
   * The new definition reads the projections as they stand at this event: shard 0 writes them
   * up to a boundary just before it (`before`), so a follower, whose segment then starts with
   * this event, reads them as of its own checkpoint.
   */
  private async defineAccord(manager: EntityManager, event: StoredEvent, batch: Batch, before: StoredCheckpoint): Promise<void> {
    const accord = event.data as Accord;
    this.seal(batch);
    await this.flush(manager, batch, before);
    if (this.leads && !this.zones.includes(accord.timezone)) await this.backfillTimezone(manager, accord.timezone, event);
    if (!owns(this.shard, accord.id)) return;
    if (!this.leads && (before.txId !== this.checkpoint!.txId || before.position !== this.checkpoint!.position))
      throw new Error(`${this.name}: accord ${accord.id} is defined inside one of shard 0's segments, not at its start`);
    await manager.query(
      `INSERT INTO accords (id, revision, document, defined_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, document = excluded.document, defined_at = excluded.defined_at`,
      [accord.id, event.revision, JSON.stringify(accord), event.recordedAt],
    );
    const previous = this.monitors.get(accord.id);
    const monitor = await this.seedMonitor(manager, accord, previous?.clock ?? null);
    this.monitors.set(accord.id, monitor);
    this.monitorsChanged();
    collect(batch.out, monitor.reevaluate(await latestIncidentDay(manager, accord, this.asOf()), this.today(accord)));
  }

  /** Its keys withdrawn and its row gone; its events stay, so a later definition starts from them. */
  private async retireAccord(manager: EntityManager, id: string, batch: Batch): Promise<void> {
    const monitor = this.monitors.get(id);
    if (!monitor) return;
    collect(batch.out, monitor.retire(this.today(monitor.accord)));
    this.seal(batch);
    this.monitors.delete(id);
    this.sealedClocks.delete(id); // its row goes: a later definition writes its clock anew
    this.monitorsChanged();
    await manager.query(`DELETE FROM accords WHERE id = $1`, [id]);
  }

  private acknowledge(event: StoredEvent, batch: Batch): void {
    const ack = event.data as { alertId: string; accordId: string; by: string; at: string };
    if (!owns(this.shard, ack.accordId)) return;
    batch.out.transitions.push(...(this.monitors.get(ack.accordId)?.acknowledge(ack.alertId, ack.by, ack.at) ?? []));
    batch.acks.push({ alertId: ack.alertId, by: ack.by, at: ack.at });
  }

  /** The batch's outputs; shard 0 also its bucket rows and claims, up to a new boundary at `upTo`. */
  private async flush(manager: EntityManager, batch: Batch, upTo: StoredCheckpoint): Promise<void> {
    if (this.leads) {
      this.seq += 1n;
      await batch.buckets.flush(manager, this.bulk, this.seq.toString());
      await batch.claims.flush(manager);
      await recordBoundary(manager, this.seq.toString(), upTo);
    }
    await saveOutputs(manager, this.store, batch.out, [...batch.dirty.values()], batch.acks);
    batch.out = { verdicts: [], transitions: [] };
    batch.acks = [];
    batch.dirty.clear();
  }

  /** Takes what the monitors changed into the batch, so computing the next batch cannot alter it. */
  private seal(batch: Batch): void {
    for (const monitor of this.monitors.values()) {
      for (const state of monitor.keyStates(monitor.dirty)) batch.dirty.set(state.key, { ...state });
      monitor.dirty.clear();
    }
    for (const monitor of this.monitors.values()) {
      const { id } = monitor.accord;
      if (this.sealedClocks.has(id) && this.sealedClocks.get(id) === monitor.clock) continue;
      this.sealedClocks.set(id, monitor.clock);
      batch.clocks.push({ id, asOf: monitor.clock });
    }
  }

  /**
   * A time zone no accord used before: its buckets are built from the observations current
   * before `at`, those dated by an instant (the others are in every zone's buckets already).
   */
  private async backfillTimezone(manager: EntityManager, tz: string, at: Checkpoint): Promise<void> {
    this.zones = [...this.zones, tz].sort(); // sorted, so a label names its zones in one order
    await saveZone(manager, tz);
    const page = 5000;
    let after = { stream: '', key: '' };
    for (;;) {
      const rows = await currentVersions(manager, at, after, page);
      if (rows.length === 0) return;
      const deltas = new BucketDeltas();
      for (const row of rows) {
        const incident = row.data as Incident;
        if (row.type === 'incident' && !sameDayEverywhere(incident.occurredAt)) deltas.add(tz, incidentContribution(incident, tz), 1);
      }
      await deltas.flush(manager, this.bulk, this.seq.toString()); // as of the boundary just before the definition
      after = rows[rows.length - 1];
    }
  }

  private async seedMonitor(manager: EntityManager, accord: Accord, asOf: string | null): Promise<AccordMonitor> {
    const { totals, claims } = await loadAccordEvidence(manager, accord, this.asOf());
    const keys: KeyState[] = (
      await manager.query(
        `SELECT key, accord_id, commitment_id, source, changes, entry, alert_state FROM verdict_keys WHERE accord_id = $1`,
        [accord.id],
      )
    ).map((r: Record<string, any>) => ({
      key: r.key,
      accordId: r.accord_id,
      commitmentId: r.commitment_id,
      source: r.source,
      changes: r.changes,
      entry: r.entry,
      alert: r.alert_state,
    }));
    return new AccordMonitor(accord, { asOf, totals, claims, keys });
  }

  /** Per batch, not per event: formatting a date in a time zone is too slow to repeat for every event of a rebuild. */
  private today(accord: Accord): string {
    let today = this.todays.get(accord.timezone);
    if (today === undefined) this.todays.set(accord.timezone, (today = localDate(this.clock.now().toISOString(), accord.timezone)));
    return today;
  }
}
