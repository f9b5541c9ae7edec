/**
 * Results computed from the projections, reused until the projector commits again: a read is
 * keyed by what it asks and stamped with the projection position it was computed at, so a
 * hit is exactly what a fresh computation would return. Concurrent misses share one computation.
 */
export class PositionCache<T> {
  private readonly entries = new Map<string, { position: string; value: Promise<T> }>();

  constructor(private readonly capacity = 256) {}

  get(key: string, position: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && hit.position === position) {
      this.entries.set(key, hit); // most recently used last
      return hit.value;
    }
    const value = compute();
    this.entries.set(key, { position, value });
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
