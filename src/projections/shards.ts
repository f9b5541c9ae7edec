/**
 * How the projection work splits (docs/architecture.md, "Shards"). Shard 0, named `projector`,
 * keeps what every accord reads (the bucket log, claims, the boundaries it writes them up to)
 * and the monitors of its share of the accords; shards 1..n-1 keep only the monitors of their
 * share and follow shard 0 boundary by boundary. With one shard, shard 0 is the whole projector.
 */
export interface Shard {
  index: number;
  count: number;
}

export const ONE_SHARD: Shard = { index: 0, count: 1 };

/** Shard 0 keeps the name the single projector always had, so its checkpoint and lock carry over. */
export const shardName = (index: number) => (index === 0 ? 'projector' : `projector/${index}`);

export const shardNames = (count: number) => Array.from({ length: count }, (_, i) => shardName(i));

/** The checkpoints of every projector shard, in SQL. */
export const PROJECTOR_CHECKPOINTS = `(name = 'projector' OR name LIKE 'projector/%')`;

/** FNV-1a of the accord id: stable across processes and releases, unlike anything keyed on memory. */
export function shardOf(accordId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < accordId.length; i++) {
    hash ^= accordId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

export const owns = (shard: Shard, accordId: string) => shardOf(accordId, shard.count) === shard.index;

/**
 * Which shards an instance may hold while `members` instances are running: no more than its
 * share, so shards spread as instances join, and one over its share gives back its
 * highest-numbered shard (shard 0 last, as it carries the most).
 */
export class ShardShare {
  private readonly held = new Set<number>();
  private members = 1;

  constructor(readonly count: number) {}

  setMembers(members: number): void {
    this.members = Math.max(1, members);
  }

  get share(): number {
    return Math.ceil(this.count / this.members);
  }

  mayTake(): boolean {
    return this.held.size < this.share;
  }

  /** Whether holding `index` puts this instance over its share and `index` is the one to give back. */
  shouldRelease(index: number): boolean {
    return this.held.size > this.share && index === Math.max(...this.held);
  }

  took(index: number): void {
    this.held.add(index);
  }

  released(index: number): void {
    this.held.delete(index);
  }

  holding(): number[] {
    return [...this.held].sort((a, b) => a - b);
  }
}
