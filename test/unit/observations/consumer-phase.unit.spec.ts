import { consumerHealth } from '../../../src/observations/consumer-phase';

/** What /health shows under `kafka-consumer`: operators and the chaos tests read these details. */
describe('consumerHealth', () => {
  it.each([
    [{ kind: 'starting' } as const, 'degraded', 'starting'],
    [{ kind: 'consuming' } as const, 'up', 'consuming'],
    [{ kind: 'paused', error: 'connection refused', retryMs: 400 } as const, 'degraded', 'paused: connection refused; retrying in 400 ms'],
    [{ kind: 'restarting', error: 'broker gone' } as const, 'down', 'crashed: broker gone (restarting)'],
    [{ kind: 'disconnected' } as const, 'down', 'disconnected from the brokers'],
    [{ kind: 'stopped', reason: 'crashed', error: 'unknown member' } as const, 'down', 'stopped: unknown member (starting again)'],
    [
      { kind: 'stopped', reason: 'cannot start', error: 'no brokers', retryMs: 2000 } as const,
      'down',
      'stopped: cannot start (no brokers); retrying in 2000 ms',
    ],
  ])('reports %o as %s: %s', (phase, status, detail) => {
    expect(consumerHealth(phase)).toEqual({ status, detail });
  });
});
