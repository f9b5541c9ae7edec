/**
 * Concurrent callers with the same key share the call already in flight, so a burst of
 * dashboard polls costs one database round trip. A joining caller's result was read at most
 * one round trip before it asked, as any concurrent read's could be; nothing outlives the call.
 */
export class SingleFlight<T> {
  private readonly flying = new Map<string, Promise<T>>();

  run(key: string, call: () => Promise<T>): Promise<T> {
    const flying = this.flying.get(key);
    if (flying) return flying;
    const started = call().finally(() => this.flying.delete(key));
    this.flying.set(key, started);
    return started;
  }
}
