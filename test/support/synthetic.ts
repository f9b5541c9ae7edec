/**
 * Deterministic synthetic incidents for tests and the benchmark: several sources, actors,
 * provinces and categories over a span of dates, with a seeded generator so every run sends
 * the same observations.
 */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SOURCES = ['unama', 'acled', 'afghan-government', 'taliban', 'resolute-support'];
const ACTORS = ['taliban', 'islamic-emirate-of-afghanistan', 'afghan-forces', 'us-forces', 'isis-k'];
const TARGETS = ['afghan-forces', 'civilians', 'us-forces', 'taliban'];
const CATEGORIES = ['attack', 'clash', 'airstrike', 'explosion', 'violence_against_civilians', 'other'];
const PROVINCES = ['Kabul', 'Herat', 'Kandahar', 'Balkh', 'Helmand', 'Logar', 'Nangarhar', 'Kunduz'];

export interface SyntheticOptions {
  count: number;
  seed?: number;
  from?: string;
  days?: number;
  /** id prefix, so several runs can share a store */
  prefix?: string;
}

export function syntheticIncidents({
  count,
  seed = 1,
  from = '2019-01-01',
  days = 540,
  prefix = 'syn',
}: SyntheticOptions): Record<string, unknown>[] {
  const random = rng(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const start = Date.parse(`${from}T00:00:00Z`);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    // more violence later in the span, so windows cross their thresholds
    const dayOffset = Math.floor(Math.sqrt(random()) * days);
    const minutes = Math.floor(random() * 1440);
    const at = new Date(start + dayOffset * 86_400_000 + minutes * 60_000);
    const category = pick(CATEGORIES);
    const killed = random() < 0.5 ? { security_forces: Math.floor(random() * 4), civilians: Math.floor(random() * 3) } : undefined;
    out.push({
      type: 'incident',
      id: `${prefix}-${i}`,
      source: pick(SOURCES),
      occurredAt: random() < 0.3 ? at.toISOString().slice(0, 10) : at.toISOString().replace('.000Z', '+00:00'),
      category,
      actor: pick(ACTORS),
      target: pick(TARGETS),
      location: { country: 'AF', admin1: pick(PROVINCES) },
      ...(killed ? { killed } : {}),
      ...(random() < 0.3 ? { wounded: { security_forces: Math.floor(random() * 5) } } : {}),
    });
  }
  return out;
}
