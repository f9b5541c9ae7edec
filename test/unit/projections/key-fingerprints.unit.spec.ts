import { KeyFingerprints } from '../../../src/projections/key-fingerprints';

const key = (i: number) => `Asia/Kabul\u00002020-03-${String(1 + (i % 28)).padStart(2, '0')}\u0000source-${i % 7}\u0000actor-${i}\u0000us-forces\u0000attack\u0000AF\u0000Kabul`;

describe('KeyFingerprints', () => {
  it('knows every key added, through many growths, and (almost) no other', () => {
    const set = new KeyFingerprints();
    for (let i = 0; i < 50_000; i++) set.add(key(i));
    set.add(key(5)); // again: no second slot
    expect(set.size).toBe(50_000);
    let missing = 0;
    for (let i = 0; i < 50_000; i++) if (!set.has(key(i))) missing++;
    expect(missing).toBe(0);
    let falsePositives = 0;
    for (let i = 50_000; i < 100_000; i++) if (set.has(key(i))) falsePositives++;
    // 64-bit fingerprints: a collision among 50,000 keys is a one-in-a-billion event
    expect(falsePositives).toBe(0);
  });

  it('tells apart keys that differ in one character, and the empty key', () => {
    const set = new KeyFingerprints();
    set.add('');
    set.add('a\u0000b');
    expect(set.has('')).toBe(true);
    expect(set.has('a\u0000b')).toBe(true);
    expect(set.has('a\u0000c')).toBe(false);
    expect(set.has('b\u0000b')).toBe(false);
  });
});
