import { SingleFlight } from '../../../src/read-model/single-flight';

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('SingleFlight', () => {
  it('gives concurrent callers of one key the call in flight, and other keys their own', async () => {
    const flight = new SingleFlight<string>();
    const pending = deferred<string>();
    let calls = 0;
    const call = () => (calls++, pending.promise);
    const shared = [flight.run('a', call), flight.run('a', call)];
    const other = flight.run('b', async () => 'b');
    pending.resolve('a1');
    expect(await Promise.all(shared)).toEqual(['a1', 'a1']);
    expect(await other).toBe('b');
    expect(calls).toBe(1);
  });

  it('keeps nothing once the call settles: the next caller makes a fresh call', async () => {
    const flight = new SingleFlight<number>();
    let calls = 0;
    expect(await flight.run('k', async () => ++calls)).toBe(1);
    expect(await flight.run('k', async () => ++calls)).toBe(2);
  });

  it('passes a failure to every waiting caller and forgets it', async () => {
    const flight = new SingleFlight<number>();
    const pending = deferred<number>();
    const waiting = [flight.run('k', () => pending.promise), flight.run('k', () => pending.promise)];
    pending.reject(new Error('db down'));
    for (const w of waiting) await expect(w).rejects.toThrow('db down');
    expect(await flight.run('k', async () => 7)).toBe(7);
  });
});
