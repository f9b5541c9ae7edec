import { Backoff } from '../../../src/resilience/backoff';

describe('backoff', () => {
  it('doubles from the first delay and stays at the cap', () => {
    const backoff = new Backoff(200, 1000);
    expect(Array.from({ length: 6 }, () => backoff.next())).toEqual([200, 400, 800, 1000, 1000, 1000]);
  });

  it('peeks at the next delay without taking it', () => {
    const backoff = new Backoff(1000, 30_000);
    expect(backoff.peek()).toBe(1000);
    expect(backoff.next()).toBe(1000);
    expect(backoff.peek()).toBe(2000);
    expect(backoff.next()).toBe(2000);
  });

  it('starts again from the first delay after a reset', () => {
    const backoff = new Backoff(200, 10_000);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(200);
  });
});
