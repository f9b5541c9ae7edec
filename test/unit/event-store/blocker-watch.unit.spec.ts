import { Blocker, blockerHealth } from '../../../src/event-store/blocker-watch';

const blocker = (over: Partial<Blocker> = {}): Blocker => ({
  pid: 4242,
  database: 'reports',
  state: 'idle in transaction',
  seconds: 45.4,
  appending: false,
  ...over,
});

describe('blocker health', () => {
  it('is up with no blocker, or one open for less than PROJECTOR_MAX_BLOCK_MS', () => {
    expect(blockerHealth(null, 30_000)).toEqual({ status: 'up' });
    expect(blockerHealth(blocker({ seconds: 29.9 }), 30_000)).toEqual({ status: 'up' });
  });

  it('names a blocker open for PROJECTOR_MAX_BLOCK_MS, and whether the readers read past it', () => {
    expect(blockerHealth(blocker(), 30_000)).toEqual({
      status: 'degraded',
      detail:
        'pid 4242 (database reports, idle in transaction) has held a transaction open for 45 s; the projector and the relay read past it (it has appended nothing)',
    });
    expect(blockerHealth(blocker({ appending: true }), 30_000).detail).toMatch(
      /the projector and the relay wait for it \(it is appending\)$/,
    );
  });

  it('is up for a transaction whose age this role may not see: the readers wait for it, and it cannot be named with an age', () => {
    expect(blockerHealth(blocker({ seconds: null }), 30_000)).toEqual({ status: 'up' });
  });
});
