import { LagHold } from '../../../src/backpressure/lag-hold';

describe('LagHold', () => {
  const at = (store: number, projection: number) => ({ store, projection });

  it('holds only past the limit and lets go only below half of it', () => {
    const hold = new LagHold(100);
    expect(hold.observe(at(100, 0), 0)).toBe(false); // at the limit is not past it
    expect(hold.observe(at(101, 0), 1000)).toBe(true);
    expect(hold.holding).toBe(true);
    expect(hold.observe(at(101, 30), 2000)).toBe(false); // 71 behind: still held
    expect(hold.observe(at(101, 51), 3000)).toBe(false); // 50 behind: still held
    expect(hold.observe(at(101, 52), 4000)).toBe(true); // 49 behind: let go
    expect(hold.holding).toBe(false);
    expect(hold.observe(at(200, 120), 5000)).toBe(false); // 80 behind, below the limit again: not held
  });

  it('says how far behind the projector is, the limit and where intake resumes', () => {
    const hold = new LagHold(100);
    expect(hold.describe()).toBe('projection lag not read yet');
    hold.observe(at(150, 10), 0);
    expect(hold.describe()).toBe('the projector is 140 events behind the store (MAX_PROJECTION_LAG 100); intake resumes below 50');
  });

  it('tells clients to retry when the projector, at its pace since the hold began, is below the resume mark', () => {
    const hold = new LagHold(1000);
    hold.observe(at(3000, 0), 0);
    expect(hold.retryAfterSeconds()).toBe(5); // no pace yet
    hold.observe(at(3000, 500), 1000); // 500 a second, 2500 behind, 2000 to go
    expect(hold.retryAfterSeconds()).toBe(4);
    hold.observe(at(100_000, 510), 2000); // nearly stalled
    expect(hold.retryAfterSeconds()).toBe(60);
  });
});
