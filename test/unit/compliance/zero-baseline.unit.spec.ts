import { evaluateCommitment } from '../../../src/compliance/commitment';
import { toDayNumber } from '../../../src/compliance/days';
import { DailySeries } from '../../../src/compliance/series';
import { reductionVerdict } from '../../../src/compliance/verdicts';
import { accordOf, reduction } from '../../support/commitments';

/** CONTRACT section 10: value 0 against baseline 0 is compliant whatever minEvents is. */
describe('reduction, zero against zero', () => {
  const rule = (minEvents: number) => ({ threshold: { atRiskPct: 0, breachPct: 10 }, minEvents });

  it.each([0, 1, 20, 1000])('reduction with value 0 and baseline 0 is compliant at minEvents %i', (minEvents) => {
    expect(reductionVerdict(0, 0, rule(minEvents))).toEqual({ verdict: 'compliant', changePct: null });
  });

  it('reduction with baseline 0 and a value at or past minEvents is still breached', () => {
    expect(reductionVerdict(1, 0, rule(0))).toEqual({ verdict: 'breached', changePct: null });
    expect(reductionVerdict(20, 0, rule(20))).toEqual({ verdict: 'breached', changePct: null });
  });

  it('reduction with baseline 0 and a value below minEvents is insufficient_data', () => {
    expect(reductionVerdict(19, 0, rule(20))).toEqual({ verdict: 'insufficient_data', changePct: null });
  });

  it('a witness with no incidents in either window is compliant on a fixed baseline of 0', () => {
    const commitment = reduction({ id: 'calm', baseline: { value: 0 } });
    const accord = accordOf([commitment]);
    const series = new DailySeries();
    series.add(toDayNumber('2019-01-01'), 1);
    const v = evaluateCommitment(accord, commitment, { series: new Map([['acled', series]]), claims: [] }, '2020-03-30');
    expect(v.sources[0]).toMatchObject({ value: 0, baseline: 0, changePct: null, verdict: 'compliant' });
  });
});
