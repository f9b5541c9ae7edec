import { PositionCache } from '../../../src/read-model/position-cache';

describe('PositionCache', () => {
  it('reuses a result while the position stands and recomputes once it moves', async () => {
    const cache = new PositionCache<number>();
    let computed = 0;
    const compute = async () => ++computed;
    expect(await cache.get('a', '10', compute)).toBe(1);
    expect(await cache.get('a', '10', compute)).toBe(1);
    expect(await cache.get('a', '11', compute)).toBe(2);
    expect(await cache.get('b', '11', compute)).toBe(3);
  });

  it('shares one computation between concurrent misses', async () => {
    const cache = new PositionCache<string>();
    let calls = 0;
    const compute = () => new Promise<string>((resolve) => setTimeout(() => resolve(`r${++calls}`), 10));
    const results = await Promise.all([1, 2, 3].map(() => cache.get('k', '1', compute)));
    expect(results).toEqual(['r1', 'r1', 'r1']);
    expect(calls).toBe(1);
  });

  it('forgets a failed computation, so the next read tries again', async () => {
    const cache = new PositionCache<number>();
    await expect(cache.get('k', '1', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('k', '1', async () => 7)).toBe(7);
  });

  it('keeps at most its capacity, dropping the least recently used', async () => {
    const cache = new PositionCache<string>(2);
    let calls = 0;
    const compute = (v: string) => async () => (calls++, v);
    await cache.get('a', '1', compute('a'));
    await cache.get('b', '1', compute('b'));
    await cache.get('a', '1', compute('a')); // a is now the most recent
    await cache.get('c', '1', compute('c')); // drops b
    expect(calls).toBe(3);
    await cache.get('a', '1', compute('a'));
    expect(calls).toBe(3);
    await cache.get('b', '1', compute('b'));
    expect(calls).toBe(4);
  });
});
