import { outcomeOf } from '../../../src/delivery/post';
import { redact, receiverId } from '../../../src/delivery/receivers';
import { retryDelayMs } from '../../../src/delivery/retry-schedule';

describe('delivery rules', () => {
  it('retries after 1 s, doubling, never waiting more than 5 minutes', () => {
    expect([1, 2, 3, 4, 9, 10, 30].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 256_000, 300_000, 300_000]);
  });

  it('counts 2xx as sent, skips a 4xx other than 408 and 429, and retries the rest', () => {
    const cases: [number, string][] = [
      [200, 'sent'],
      [204, 'sent'],
      [400, 'skip'],
      [404, 'skip'],
      [410, 'skip'],
      [408, 'retry'],
      [429, 'retry'],
      [500, 'retry'],
      [503, 'retry'],
      [301, 'retry'],
    ];
    expect(cases.map(([status]) => [status, outcomeOf({ status })])).toEqual(cases);
    expect(outcomeOf({ error: 'ECONNREFUSED' })).toBe('retry');
  });

  it('never shows credentials or a query string in a log line', () => {
    expect(redact('https://user:p4ss@hooks.example/path?token=t0k')).toBe('https://hooks.example/path');
  });

  it('names a receiver by a hash of its URL', () => {
    expect(receiverId('https://user:p4ss@hooks.example/')).toMatch(/^[0-9a-f]{16}$/);
    expect(receiverId('https://a.example/')).not.toBe(receiverId('https://b.example/'));
  });
});
