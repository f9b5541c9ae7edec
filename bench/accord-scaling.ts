import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { freePort, ROOT, startChildApp } from '../test/support/child-app';
import { createTestDatabase } from '../test/support/database';
import { Producer } from 'kafkajs';
import { createTopic, incidentLines } from './feed';
import { timedIngest } from './monitor-run';
import { Throughput } from './run-baseline';

/**
 * How ingest scales with the accords watched: the shipped accord alone, then 10 and 50 accords
 * over 8 time zones three ways: each scoped to a country of its own with the incidents spread
 * over those countries (each incident concerns one accord), all but one scoped to countries the
 * incidents never name, and all watching the same actors everywhere (every incident concerns
 * every accord). The feed is the same but for the countries, so the runs compare.
 */
export type Mode = 'own-country' | 'elsewhere' | 'same-actors';
export interface AccordRun {
  name: string;
  accords: number;
  zones: number;
  mode: Mode | 'one';
  ingest: Throughput;
}

const ZONES = [
  'Asia/Kabul',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Europe/Kyiv',
  'America/Bogota',
  'America/New_York',
  'Asia/Tokyo',
  'Africa/Nairobi',
];
/** Two-letter codes, none of them the feed's own AF. */
export const country = (n: number) => String.fromCharCode(66 + Math.floor(n / 26)) + String.fromCharCode(65 + (n % 26));
const neverNamed = (n: number) => (n < 26 ? 'Z' : 'Y') + String.fromCharCode(65 + (n % 26));

/** The 8-zone cases, and two in the shipped accord's zone alone, which tell routing's share from the zones'. */
export const ACCORD_CASES: { name: string; accords: number; mode: Mode | 'one'; zones: number }[] = [
  { name: '1 accord', accords: 1, mode: 'one', zones: 1 },
  ...[10, 50].flatMap((accords) =>
    (['own-country', 'elsewhere', 'same-actors'] as Mode[]).map((mode) => ({
      name: `${accords} accords, ${mode}`,
      accords,
      mode,
      zones: ZONES.length,
    })),
  ),
  ...(['own-country', 'elsewhere'] as Mode[]).map((mode) => ({ name: `50 accords, ${mode}, one zone`, accords: 50, mode, zones: 1 })),
];

function shipped(): Record<string, any> {
  return parse(readFileSync(join(ROOT, 'accords/us-taliban-2020.yaml'), 'utf8'));
}

/** The accords of a case: the shipped one, copied into other zones and narrowed to a country. */
export function accordsOf(accords: number, mode: Mode | 'one', zones: number): Record<string, unknown>[] {
  const base = shipped();
  return Array.from({ length: accords }, (_, i) => {
    const scope = mode === 'own-country' ? country(i) : mode === 'elsewhere' && i > 0 ? neverNamed(i) : undefined;
    return {
      ...base,
      id: `bench-${i}`,
      timezone: ZONES[i % zones],
      commitments: base.commitments.map((c: Record<string, any>) => ({ ...c, filter: scope ? { ...c.filter, country: scope } : c.filter })),
    };
  });
}

export async function accordScaling(
  brokers: string[],
  producer: Producer,
  events: number,
  only: (name: string) => boolean = () => true,
): Promise<AccordRun[]> {
  const runs: AccordRun[] = [];
  for (const { name, accords, mode, zones } of ACCORD_CASES.filter((c) => only(c.name))) {
    const dir = mkdtempSync(join(tmpdir(), 'cfm-bench-accords-'));
    const db = await createTestDatabase();
    const topic = `bench.accords.${runs.length}.${Date.now()}`;
    accordsOf(accords, mode, zones).forEach((accord, i) => writeFileSync(join(dir, `bench-${i}.json`), JSON.stringify(accord)));
    const lines = incidentLines(events, `acc${runs.length}`, (incident, n) => {
      if (mode === 'own-country') (incident.location as { country: string }).country = country(n % accords);
    });
    const monitor = await startChildApp(
      {
        DATABASE_URL: db.url,
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_TOPIC_INCIDENTS: topic,
        ACCORDS_DIR: dir,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_SECOND: '1000000',
        RATE_LIMIT_BURST: '1000000',
      },
      freePort(),
    );
    try {
      await createTopic(producer, topic);
      const ingest = await timedIngest(monitor, brokers, topic, lines, events);
      process.stderr.write(`bench: ${name}: ${Math.round(ingest.perSecond)}/s\n`);
      runs.push({ name, accords, zones: Math.min(accords, zones), mode, ingest });
    } finally {
      await monitor.kill('SIGTERM');
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return runs;
}
