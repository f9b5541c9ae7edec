import * as fc from 'fast-check';
import { parseAccord } from '../../../src/accords/accord.schema';
import { Accord } from '../../../src/accords/accord.types';
import { AccordMonitor, MonitorOutput } from '../../../src/compliance/accord-monitor';
import { AccordRouter } from '../../../src/compliance/accord-router';
import { claimFromAggregate } from '../../../src/compliance/claims';
import { ObservationChange } from '../../../src/compliance/observation-change';
import { Aggregate, Incident } from '../../../src/observations/observation';
import { Placements } from '../../../src/projections/placements';
import { rng } from '../../support/synthetic';

/**
 * Routing an observation only to the accords it can concern is equivalent to stepping every
 * monitor with it: random accords (filters on any keys, alias groups, lists, none at all, in
 * several time zones) and random observations (new versions, revisions that move an incident
 * in or out of a filter, retractions, claims) give, event by event, the same outputs in the
 * same order, and in the end the same clocks and key states.
 */
const TODAY = '2030-01-01';
const ZONES = ['Asia/Kabul', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Bogota', 'Europe/Kyiv'];
const ALIASES = { taliban: ['taliban', 'islamic-emirate'], forces: ['afghan-forces', 'police'] };
const POOLS = {
  actor: ['taliban', 'islamic-emirate', 'afghan-forces', 'police', 'isis-k'],
  target: ['civilians', 'afghan-forces', 'police', 'taliban'],
  category: ['attack', 'clash', 'airstrike'],
  country: ['AF', 'PK', 'NP'],
  admin1: ['Kabul', 'Herat'],
  source: ['acled', 'unama', 'taliban'],
};
const FILTER_VALUES: Record<keyof typeof POOLS, string[]> = {
  ...POOLS,
  actor: ['taliban', 'forces', 'isis-k'],
  target: ['forces', 'civilians', 'taliban'],
};

function randomAccord(random: () => number, n: number): Accord {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const filter = () => {
    const out: Record<string, string | string[]> = {};
    for (const key of Object.keys(FILTER_VALUES) as (keyof typeof POOLS)[]) {
      if (random() < 0.3) out[key] = random() < 0.7 ? pick(FILTER_VALUES[key]) : [pick(FILTER_VALUES[key]), pick(FILTER_VALUES[key])];
    }
    return out;
  };
  const commitments = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => {
    const base = { id: `c${i}`, metric: pick(['attacks', 'incidents', 'killed']), filter: filter() };
    const kind = pick(['prohibition', 'reduction', 'quota']);
    if (kind === 'prohibition') return { ...base, kind, window: { days: 7 } };
    if (kind === 'quota') return { ...base, kind, target: 20, start: '2020-01-10', deadline: '2020-02-20', tolerancePct: 10 };
    return { ...base, kind, window: { days: 10 }, baseline: { value: 3 }, threshold: { atRiskPct: 0, breachPct: 20 }, minEvents: 2 };
  });
  const parsed = parseAccord({
    id: `a${n}`,
    name: `a${n}`,
    signedAt: '2020-01-15',
    timezone: pick(ZONES),
    parties: ['taliban'],
    actors: ALIASES,
    commitments,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.accord;
}

function randomIncident(random: () => number, id: string, revision: number): Incident {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const at = new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 60 * 1440) * 60_000).toISOString();
  return {
    type: 'incident',
    id,
    source: pick(POOLS.source),
    revision,
    occurredAt: random() < 0.3 ? at.slice(0, 10) : at,
    category: pick(POOLS.category),
    actor: pick(POOLS.actor),
    target: pick(POOLS.target),
    location: { country: pick(POOLS.country), admin1: pick(POOLS.admin1) },
    ...(random() < 0.5 ? { killed: { civilians: 1 + Math.floor(random() * 3) } } : {}),
  } as Incident;
}

function randomClaim(random: () => number, id: string): Aggregate {
  const from = `2020-01-${String(1 + Math.floor(random() * 20)).padStart(2, '0')}`;
  return {
    type: 'aggregate',
    id,
    source: 'taliban',
    revision: 1,
    metric: 'attacks',
    filter: { actor: 'taliban' },
    period: { from, to: '2020-02-10' },
    value: Math.floor(random() * 9),
  } as Aggregate;
}

const monitorsOf = (accords: Accord[]) =>
  accords.map((accord) => new AccordMonitor(accord, { asOf: null, totals: new Map(), claims: [], keys: [] }));
const collect = (outs: MonitorOutput[]) => ({ verdicts: outs.flatMap((o) => o.verdicts), transitions: outs.flatMap((o) => o.transitions) });

describe('AccordRouter', () => {
  it('gives, event by event, what stepping every monitor gives', () => {
    let skipped = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const random = rng(seed);
        const accords = Array.from({ length: 2 + Math.floor(random() * 6) }, (_, n) => randomAccord(random, n));
        const [every, routed] = [monitorsOf(accords), monitorsOf(accords)];
        const router = new AccordRouter(routed.map((monitor) => ({ accord: monitor.accord, target: monitor })));
        const current = new Map<string, Incident | Aggregate>();
        for (let i = 0; i < 300; i++) {
          const roll = random();
          const known = [...current.keys()];
          const id = roll < 0.6 || known.length === 0 ? `e${i}` : known[Math.floor(random() * known.length)];
          const before = current.get(id);
          const after =
            roll > 0.9 && before
              ? undefined
              : roll > 0.85
                ? randomClaim(random, `claim-${i % 4}`)
                : randomIncident(random, id, (before?.revision ?? 0) + 1);
          const change: ObservationChange = {
            incidentBefore: before?.type === 'incident' ? new Placements(before) : undefined,
            incidentAfter: after?.type === 'incident' ? new Placements(after) : undefined,
            claimBefore: before?.type === 'aggregate' ? claimFromAggregate(before) : undefined,
            claimAfter: after?.type === 'aggregate' ? claimFromAggregate(after) : undefined,
          };
          const chosen = router.route(change);
          skipped += routed.length - chosen.length;
          const expected = collect(every.map((monitor) => monitor.apply(change, TODAY)));
          expect(collect(chosen.map((monitor) => monitor.apply(change, TODAY)))).toEqual(expected);
          if (after?.type === 'aggregate') current.set(after.id, after);
          else if (after) current.set(id, after);
          else current.delete(id);
        }
        routed.forEach((monitor, n) => {
          expect(monitor.clock).toBe(every[n].clock);
          expect(monitor.keyStates(monitor.dirty)).toEqual(every[n].keyStates(every[n].dirty));
        });
      }),
      { numRuns: 25 },
    );
    expect(skipped).toBeGreaterThan(1000);
  });
});
