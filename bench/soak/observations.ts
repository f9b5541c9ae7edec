import { RETRACTION_REVISION } from '../../src/observations/observation';
import { rng } from '../../test/support/synthetic';
import { CHUNK, incidentRows, LineChunk } from '../feed';

/** What the event store is expected to hold for one produced message. */
export type Identity = [stream: string, key: string, revision: number];

interface Live {
  incident: Record<string, unknown>;
  revision: number;
}

/** Ids kept eligible for a revision or a retraction, so memory stays flat however long the run. */
const POOL = 10_000;
const CATEGORIES = ['attack', 'clash', 'airstrike', 'other'];

/**
 * New incidents with, mixed in at the given shares, a later revision of an earlier id or its
 * retraction; a retracted id is never produced again, so every message is a new identity.
 */
export class ObservationStream {
  private readonly random = rng(2027);
  private readonly pool: Live[] = [];
  private fresh: Record<string, unknown>[] = [];
  private chunk = 0;

  constructor(private readonly shares: { revisions: number; retractions: number }) {}

  /** The next `count` messages as kcat lines, in chunks of `chunkSize`, with their identities. */
  next(count: number, chunkSize: number): { chunks: LineChunk[]; identities: Identity[] } {
    const chunks: LineChunk[] = [];
    const identities: Identity[] = [];
    for (let made = 0; made < count; made += chunkSize) {
      const lines: string[] = [];
      for (let i = 0; i < Math.min(chunkSize, count - made); i++) {
        const message = this.message();
        identities.push([
          String(message.source),
          String(message.id),
          message.type === 'retraction' ? RETRACTION_REVISION : Number(message.revision ?? 1),
        ]);
        lines.push(`${message.id}\t${JSON.stringify(message)}\n`);
      }
      chunks.push({ data: Buffer.from(lines.join('')), count: lines.length });
    }
    return { chunks, identities };
  }

  private message(): Record<string, unknown> {
    const roll = this.random();
    const slot = Math.floor(this.random() * this.pool.length);
    if (this.pool.length > 0 && roll < this.shares.revisions) return this.revise(this.pool[slot]);
    if (this.pool.length > 0 && roll < this.shares.revisions + this.shares.retractions) return this.retract(slot);
    return this.newIncident();
  }

  private newIncident(): Record<string, unknown> {
    if (this.fresh.length === 0) this.fresh = incidentRows(this.chunk++, CHUNK, 'soak').reverse();
    const incident = this.fresh.pop()!;
    const live = { incident, revision: 1 };
    if (this.pool.length < POOL) this.pool.push(live);
    else this.pool[Math.floor(this.random() * POOL)] = live;
    return incident;
  }

  /** A correction that moves the incident to other buckets. */
  private revise(live: Live): Record<string, unknown> {
    live.revision += 1;
    live.incident = {
      ...live.incident,
      revision: live.revision,
      category: CATEGORIES[Math.floor(this.random() * CATEGORIES.length)],
      killed: { civilians: Math.floor(this.random() * 4) },
    };
    return live.incident;
  }

  private retract(slot: number): Record<string, unknown> {
    const { incident } = this.pool[slot];
    this.pool[slot] = this.pool[this.pool.length - 1];
    this.pool.pop();
    return { type: 'retraction', id: incident.id, source: incident.source, reason: 'withdrawn by the source (soak)' };
  }
}
