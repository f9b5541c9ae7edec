import { ShardShare, shardName, shardOf } from '../../../src/projections/shards';

describe('shardOf', () => {
  it('puts an accord in the same shard on every call and in every process (a fixed hash, not one keyed on memory)', () => {
    expect(shardOf('us-taliban-2020', 3)).toBe(shardOf('us-taliban-2020', 3));
    // FNV-1a of the id, fixed here so a change to the hash (which would move accords between shards) shows
    expect([0, 1, 2, 3, 4].map((i) => shardOf(`accord-${i}`, 3))).toEqual([2, 1, 0, 2, 0]);
  });

  it('spreads many accords about evenly', () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[shardOf(`accord-${i}`, 3)]++;
    for (const n of counts) expect(Math.abs(n - 1000)).toBeLessThan(100);
  });

  it('names shard 0 as the single projector was named, so its lock and checkpoint carry over', () => {
    expect([0, 1, 2].map(shardName)).toEqual(['projector', 'projector/1', 'projector/2']);
  });
});

describe('ShardShare', () => {
  it('takes every shard alone, and a share of them with others', () => {
    const share = new ShardShare(3);
    for (const i of [0, 1, 2]) {
      expect(share.mayTake()).toBe(true);
      share.took(i);
    }
    expect(share.mayTake()).toBe(false);
    share.setMembers(3);
    expect(share.share).toBe(1);
  });

  it('gives back its highest-numbered shard, one at a time, until within its share', () => {
    const share = new ShardShare(3);
    [0, 1, 2].forEach((i) => share.took(i));
    share.setMembers(2); // share 2 of 3
    expect([0, 1, 2].map((i) => share.shouldRelease(i))).toEqual([false, false, true]);
    share.released(2);
    expect([0, 1].map((i) => share.shouldRelease(i))).toEqual([false, false]);
    share.setMembers(3);
    expect([0, 1].map((i) => share.shouldRelease(i))).toEqual([false, true]);
    share.released(1);
    expect(share.holding()).toEqual([0]);
    expect(share.mayTake()).toBe(false);
  });

  it('counts itself when the heartbeat reports no one', () => {
    const share = new ShardShare(2);
    share.setMembers(0);
    expect(share.share).toBe(2);
  });
});
