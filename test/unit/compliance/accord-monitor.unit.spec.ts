import { evaluateCommitment } from '../../../src/compliance/commitment';
import { addDays, toDayNumber } from '../../../src/compliance/days';
import { claimMatches, incidentMatches, resolveFilter } from '../../../src/compliance/filters';
import { incidentContribution } from '../../../src/compliance/ledger';
import { metricValue } from '../../../src/compliance/metrics';
import { DailySeries } from '../../../src/compliance/series';
import { Claim } from '../../../src/compliance/verdict.types';
import { Incident } from '../../../src/observations/observation';
import { AccordMonitor, MonitorOutput, verdictKey } from '../../../src/compliance/accord-monitor';
import { shippedAccord } from '../../support/accord-monitor';
import { rng } from '../../support/synthetic';

const accord = shippedAccord();
const TODAY = '2030-01-01';

/**
 * While its clock stands still the monitor evaluates only the sources an event touched. After
 * every event, every key must still hold what a full evaluation of every source gives, with
 * many sources (new ones arriving late), revisions undone, retractions and claims; and a
 * source left with no evidence holds no entry and no open alert. At the end every incident of
 * the sources with a firing alert is retracted, so each of them is withdrawn.
 */
describe('AccordMonitor evaluates only the touched sources', () => {
  it('matches a full evaluation of every source after every event', () => {
    const random = rng(7);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const monitor = new AccordMonitor(accord, { asOf: null, totals: new Map(), claims: [], keys: [] });
    // the evidence as the test keeps it: per commitment, per source, by day; and the claims
    const series = new Map(accord.commitments.map((c) => [c.id, new Map<string, DailySeries>()]));
    const claims = new Map<string, Claim>();
    const live: Incident[] = [];
    let stillClock = 0;
    let keysChecked = 0;
    let withdrawnChecked = 0;
    let resolvedOnWithdrawal = 0;
    /** every key that ever had a verdict */
    const seen = new Map<string, Set<string>>(accord.commitments.map((c) => [c.id, new Set()]));

    const count = (incident: Incident, sign: 1 | -1) => {
      const contribution = incidentContribution(incident, accord.timezone);
      for (const c of accord.commitments) {
        if (!incidentMatches(contribution.dims, resolveFilter(c.filter, accord))) continue;
        const bySource = series.get(c.id)!;
        if (!bySource.has(incident.source)) bySource.set(incident.source, new DailySeries());
        bySource.get(incident.source)!.add(toDayNumber(contribution.day), sign * metricValue(incident, c.metric));
      }
    };

    // after 1,500 events, only the incidents of the sources then firing, until none is left
    let drained: Set<string> | null = null;
    const retractable = () => (drained ? live.filter((incident) => drained!.has(incident.source)) : live);
    for (let i = 0; i < 1500 || retractable().length > 0; i++) {
      if (i === 1500) {
        const states = monitor.keyStates([...seen.values()].flatMap((keys) => [...keys]));
        drained = new Set(states.filter((k) => k.source !== '*' && k.alert.phase === 'firing').map((k) => k.source));
      }
      let out: MonitorOutput;
      const clockBefore = monitor.clock;
      const roll = random();
      const pool = retractable();
      if ((roll < 0.1 || drained) && pool.length > 0) {
        // a retraction: the incident leaves the evidence
        const gone = pool[Math.floor(random() * pool.length)];
        live.splice(live.indexOf(gone), 1);
        const contribution = incidentContribution(gone, accord.timezone);
        out = monitor.step(null, TODAY, [{ incident: gone, placement: contribution, sign: -1 }]);
        count(gone, -1);
      } else if (roll < 0.15) {
        const source = pick(['taliban', 'afghan-government', `claimant-${i % 7}`]);
        const to = addDays('2020-03-01', Math.floor(random() * 60));
        const claim: Claim = {
          source,
          id: `c${i}`,
          metric: 'attacks',
          filter: { actor: 'taliban' },
          period: { from: addDays(to, -29), to },
          value: Math.floor(random() * 900),
          baseline:
            random() < 0.5 ? null : { period: { from: addDays(to, -394), to: addDays(to, -365) }, value: Math.floor(random() * 900) },
        };
        expect(accord.commitments.some((c) => claimMatches(claim, c, accord))).toBe(true);
        out = monitor.step(monitor.claimDate(claim), TODAY, [{ claim, sign: 1 }]);
        claims.set(`${claim.source}/${claim.id}`, claim);
      } else {
        // sources keep arriving: up to 60 of them, most evidence on dates before the clock
        const incident = {
          type: 'incident',
          id: `i${i}`,
          source: `source-${Math.floor(random() * Math.min(60, 5 + i / 20))}`,
          revision: 1,
          occurredAt: addDays('2019-01-01', Math.floor(Math.sqrt(random()) * 540)),
          category: pick(['attack', 'clash', 'airstrike', 'other']),
          actor: pick(['taliban', 'islamic-emirate-of-afghanistan', 'afghan-forces', 'afghan-government']),
          target: pick(['afghan-forces', 'us-forces', 'civilians']),
          location: { country: 'AF', admin1: pick(['Kabul', 'Herat']) },
          prisonersReleased: random() < 0.05 ? Math.floor(random() * 300) : undefined,
        } as Incident;
        const contribution = incidentContribution(incident, accord.timezone);
        out = monitor.step(monitor.incidentDate(contribution), TODAY, [{ incident, placement: contribution, sign: 1 }]);
        count(incident, 1);
        live.push(incident);
      }
      if (clockBefore !== null && monitor.clock === clockBefore) stillClock++;
      for (const v of out.verdicts) seen.get(v.commitmentId)!.add(v.key);
      const tombstones = new Set(out.verdicts.filter((v) => v.entry === null).map((v) => v.key));
      resolvedOnWithdrawal += out.transitions.filter((t) => t.state === 'resolved' && tombstones.has(t.key)).length;

      const asOf = monitor.clock;
      if (asOf === null) continue;
      for (const c of accord.commitments) {
        const matching = [...claims.values()].filter((claim) => claimMatches(claim, c, accord));
        const report = evaluateCommitment(accord, c, { series: series.get(c.id)!, claims: matching }, asOf);
        const held = new Map(
          monitor.keyStates(report.sources.map((s) => verdictKey(accord.id, c.id, s.source))).map((k) => [k.source, k.entry]),
        );
        for (const entry of report.sources) expect(held.get(entry.source)).toEqual(entry);
        const [overall] = monitor.keyStates([verdictKey(accord.id, c.id, '*')]);
        // the overall entry carries the numbers of the first source (in source order) that holds its verdict
        const decisive = report.sources.find((s) => s.verdict === report.verdict);
        expect(overall.entry).toMatchObject({
          verdict: report.verdict,
          value: decisive?.value ?? 0,
          period: decisive?.period ?? { from: asOf, to: asOf },
        });
        keysChecked += report.sources.length + 1;
        const witnesses = new Set([...report.sources.map((s) => s.source), '*']);
        for (const state of monitor.keyStates(seen.get(c.id)!)) {
          if (witnesses.has(state.source)) continue;
          expect(state).toMatchObject({ entry: null, alert: { phase: 'idle', alert: null } });
          withdrawnChecked++;
        }
      }
    }
    // the incremental path really ran, over many sources
    expect(stillClock).toBeGreaterThan(1000);
    expect(keysChecked).toBeGreaterThan(50_000);
    expect(withdrawnChecked).toBeGreaterThan(1000);
    expect(resolvedOnWithdrawal).toBeGreaterThan(10);
  });
});
