/**
 * A set of strings kept as 64-bit fingerprints (two 32-bit hashes) in an open-addressing
 * table: 8 bytes a key, where a Set of a million bucket keys would hold ~100 MB of strings.
 * `has` can answer true for a key never added (two keys with one fingerprint), never false
 * for one that was: callers may trust only a "no".
 */
export class KeyFingerprints {
  /** pairs (h1, h2); (0, 0) marks an empty slot */
  private slots = new Uint32Array(2 * 4096);
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(key: string): boolean {
    const [h1, h2] = fingerprint(key);
    return this.find(h1, h2) < 0;
  }

  /** Adds the key; false when its fingerprint was held already (so the key may have been added before). */
  add(key: string): boolean {
    const [h1, h2] = fingerprint(key);
    const free = this.find(h1, h2);
    if (free < 0) return false;
    this.slots[free] = h1;
    this.slots[free + 1] = h2;
    // at most half full, so probes stay short
    if (++this.count * 2 > this.slots.length / 2) this.grow();
    return true;
  }

  /** -1 when the fingerprint is held, else the index of the free slot where it belongs. */
  private find(h1: number, h2: number): number {
    const capacity = this.slots.length / 2;
    for (let i = (h1 ^ h2) & (capacity - 1); ; i = (i + 1) & (capacity - 1)) {
      const a = this.slots[2 * i];
      const b = this.slots[2 * i + 1];
      if (a === 0 && b === 0) return 2 * i;
      if (a === h1 && b === h2) return -1;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] === 0 && old[i + 1] === 0) continue;
      const free = this.find(old[i], old[i + 1]);
      this.slots[free] = old[i];
      this.slots[free + 1] = old[i + 1];
    }
  }
}

/** FNV-1a and a multiplicative hash with another seed over the UTF-16 code units; never (0, 0). */
function fingerprint(key: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 >>>= 0;
  h2 >>>= 0;
  return [h1, h1 === 0 && h2 === 0 ? 1 : h2];
}
