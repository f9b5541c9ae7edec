import { appendIsolating, refusedForItsData } from '../../../src/observations/refusals';

const refusal = (code: string) => Object.assign(new Error(`refused (${code})`), { code });

describe('appendIsolating', () => {
  it('appends a batch the store takes in one call', async () => {
    const calls: number[][] = [];
    expect(await appendIsolating([1, 2, 3], async (items) => void calls.push([...items]))).toEqual([]);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it('halves a refused batch until each refused item stands alone, and stores every other item once', async () => {
    const stored: number[] = [];
    const items = Array.from({ length: 100 }, (_, i) => i);
    const bad = new Set([0, 37, 38, 99]);
    const refused = await appendIsolating(items, async (batch) => {
      if (batch.some((i) => bad.has(i))) throw refusal('22P05');
      stored.push(...batch);
    });
    expect(refused.map((r) => r.item)).toEqual([0, 37, 38, 99]);
    expect(refused[0].error.message).toBe('refused (22P05)');
    expect(stored.sort((a, b) => a - b)).toEqual(items.filter((i) => !bad.has(i)));
  });

  it('throws any other failure, for the caller to retry the whole batch', async () => {
    const lost = Object.assign(new Error('connection terminated'), { code: '57P01' });
    await expect(appendIsolating([1, 2], async () => Promise.reject(lost))).rejects.toBe(lost);
    await expect(appendIsolating([1], async () => Promise.reject(new Error('no code')))).rejects.toThrow('no code');
  });
});

describe('refusedForItsData', () => {
  it('is true for data exceptions and program limits, false for the rest', () => {
    expect(['22P02', '22021', '54001'].map((c) => refusedForItsData(refusal(c)))).toEqual([true, true, true]);
    expect(['23505', '57P01', '08006', '40001'].map((c) => refusedForItsData(refusal(c)))).toEqual([false, false, false, false]);
    expect([null, undefined, new Error('x'), { code: 22 }].map(refusedForItsData)).toEqual([false, false, false, false]);
  });
});
