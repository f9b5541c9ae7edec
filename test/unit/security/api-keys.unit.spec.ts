import * as crypto from 'node:crypto';
import { presentedKey, roleOfKey } from '../../../src/security/api-keys';

jest.mock('node:crypto', () => {
  const actual = jest.requireActual('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});
const timingSafeEqual = crypto.timingSafeEqual as jest.MockedFunction<typeof crypto.timingSafeEqual>;

describe('API keys', () => {
  const keys = [
    { key: 'first-ingest-key', role: 'ingest' as const },
    { key: 'a-much-longer-analyst-key-0123456789', role: 'analyst' as const },
    { key: 'admin', role: 'admin' as const },
  ];

  beforeEach(() => timingSafeEqual.mockClear());

  it('finds the role of a known key and none for an unknown, a prefix or an empty one', () => {
    expect(roleOfKey(keys, 'a-much-longer-analyst-key-0123456789')).toBe('analyst');
    expect(roleOfKey(keys, 'admin')).toBe('admin');
    expect(roleOfKey(keys, 'first-ingest')).toBeNull();
    expect(roleOfKey(keys, '')).toBeNull();
  });

  it('compares in constant time: every configured key, equal-length digests, whether and wherever it matches', () => {
    for (const presented of ['first-ingest-key', 'admin', 'no-such-key', 'x']) {
      timingSafeEqual.mockClear();
      roleOfKey(keys, presented);
      expect(timingSafeEqual).toHaveBeenCalledTimes(keys.length);
      for (const [a, b] of timingSafeEqual.mock.calls) expect((a as Buffer).length).toBe((b as Buffer).length);
    }
  });

  it('takes the key from x-api-key or a Bearer authorization, nothing else', () => {
    expect(presentedKey({ 'x-api-key': 'k1' })).toBe('k1');
    expect(presentedKey({ authorization: 'Bearer k2' })).toBe('k2');
    expect(presentedKey({ authorization: 'Basic k3' })).toBeNull();
    expect(presentedKey({})).toBeNull();
  });
});
