import * as fc from 'fast-check';
import { DailySeries } from '../../../src/compliance/series';

const bruteSum = (map: Map<number, number>, from: number, to: number) => {
  let sum = 0;
  for (const [day, value] of map) if (day >= from && day <= to) sum += value;
  return sum;
};

const bruteFirst = (map: Map<number, number>, upto: number) => {
  const days = [...map].filter(([day, value]) => value > 0 && day <= upto).map(([day]) => day);
  return days.length ? Math.min(...days) : null;
};

// integer deltas keep float sums exact, so equality is exact
const delta = fc.integer({ min: -5, max: 20 });
// clustered days plus far-away ones, so the tree grows both ways, more than once
const day = fc.oneof(fc.integer({ min: 18000, max: 18100 }), fc.integer({ min: 10000, max: 30000 }), fc.integer({ min: -3000, max: 3000 }));
const adds = fc.array(fc.tuple(day, delta), { minLength: 0, maxLength: 60 });
const windows = fc.array(fc.tuple(day, day), { minLength: 1, maxLength: 10 });

describe('DailySeries', () => {
  it('an empty series sums to 0 and has no first positive day', () => {
    const series = new DailySeries();
    expect(series.sum(0, 100000)).toBe(0);
    expect(series.firstPositiveDay(100000)).toBeNull();
  });

  it('a history fed newest first grows the series as little as one fed oldest first', () => {
    const span = 3 * 365;
    const newestFirst = new DailySeries();
    const oldestFirst = new DailySeries();
    for (let d = span - 1; d >= 0; d--) newestFirst.add(20000 + d, 1);
    for (let d = 0; d < span; d++) oldestFirst.add(20000 + d, 1);
    expect(newestFirst.sum(20000, 20000 + span)).toBe(span);
    expect(newestFirst.firstPositiveDay(30000)).toBe(20000);
    // at least doubling on each growth keeps the room within twice what is held, plus the initial slack
    expect(newestFirst.capacity).toBeLessThanOrEqual(2 * span + 128);
    expect(oldestFirst.capacity).toBeLessThanOrEqual(2 * span + 128);
  });

  it('sums over a window are inclusive at both ends', () => {
    const series = new DailySeries();
    series.add(100, 1);
    series.add(129, 2);
    series.add(99, 4);
    series.add(130, 8);
    expect(series.sum(100, 129)).toBe(3);
    expect(series.sum(99, 130)).toBe(15);
    expect(series.sum(101, 128)).toBe(0);
    expect(series.sum(129, 100)).toBe(0);
  });

  it('sums equal a brute-force map for random adds, negative deltas and far-apart days (property)', () => {
    fc.assert(
      fc.property(adds, windows, (ops, ranges) => {
        const series = new DailySeries();
        const map = new Map<number, number>();
        for (const [d, v] of ops) {
          series.add(d, v);
          map.set(d, (map.get(d) ?? 0) + v);
        }
        for (const [a, b] of ranges) {
          expect(series.sum(a, b)).toBe(bruteSum(map, a, b));
          expect(series.sum(Math.min(a, b), Math.max(a, b))).toBe(bruteSum(map, Math.min(a, b), Math.max(a, b)));
        }
        // a window covering everything
        expect(series.sum(-1e6, 1e6)).toBe(bruteSum(map, -1e6, 1e6));
      }),
      { numRuns: 300 },
    );
  });

  it('firstPositiveDay equals a brute-force scan after every add (property)', () => {
    fc.assert(
      fc.property(adds, fc.array(day, { minLength: 1, maxLength: 5 }), (ops, uptos) => {
        const series = new DailySeries();
        const map = new Map<number, number>();
        for (const [d, v] of ops) {
          series.add(d, v);
          map.set(d, (map.get(d) ?? 0) + v);
          for (const upto of uptos) expect(series.firstPositiveDay(upto)).toBe(bruteFirst(map, upto));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('growing to the left after adds on the right keeps earlier sums', () => {
    const series = new DailySeries();
    series.add(20000, 3);
    series.add(20500, 2);
    series.add(100, 7); // far to the left
    series.add(40000, 1); // far to the right
    expect(series.sum(20000, 20000)).toBe(3);
    expect(series.sum(20000, 20500)).toBe(5);
    expect(series.sum(0, 20000)).toBe(10);
    expect(series.sum(-100000, 100000)).toBe(13);
    expect(series.firstPositiveDay(100000)).toBe(100);
  });

  it('firstPositiveDay moves on when the first day drops back to 0', () => {
    // given positive values on days 10 and 20
    const series = new DailySeries();
    series.add(10, 1);
    series.add(20, 2);
    expect(series.firstPositiveDay(100)).toBe(10);
    // when day 10 drops back to 0
    series.add(10, -1);
    // then the first positive day is 20, and nothing up to 19
    expect(series.firstPositiveDay(100)).toBe(20);
    expect(series.firstPositiveDay(19)).toBeNull();
    // and when day 20 drops too there is none
    series.add(20, -2);
    expect(series.firstPositiveDay(100)).toBeNull();
    expect(series.sum(0, 100)).toBe(0);
  });

  it('firstPositiveDay is null up to a day before the first positive one', () => {
    const series = new DailySeries();
    series.add(50, 1);
    expect(series.firstPositiveDay(49)).toBeNull();
    expect(series.firstPositiveDay(50)).toBe(50);
  });

  it('a negative value earlier does not count as positive', () => {
    const series = new DailySeries();
    series.add(5, -1);
    series.add(8, 1);
    expect(series.firstPositiveDay(100)).toBe(8);
    expect(series.sum(0, 10)).toBe(0);
  });
});
