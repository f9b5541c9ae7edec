import { claimFromAggregate } from '../../../src/compliance/claims';
import { evaluateCommitment } from '../../../src/compliance/commitment';
import { reductionVerdict } from '../../../src/compliance/verdicts';
import { Aggregate } from '../../../src/observations/observation';
import { accordOf, reduction } from '../../support/commitments';

/** CONTRACT section 10: thresholds judge the change a source stated, and whole counts exactly. */
const commitment = reduction({ threshold: { atRiskPct: 5, breachPct: 10 } });
const accord = accordOf([commitment]);

const aggregate = (value: number, changePct: number): Aggregate => ({
  type: 'aggregate',
  id: `claim-${value}-${changePct}`,
  source: 'reuters',
  metric: 'attacks',
  period: { from: '2020-03-01', to: '2020-03-30' },
  value,
  baseline: { changePct },
  revision: 1,
});

const judged = (value: number, changePct: number) =>
  evaluateCommitment(accord, commitment, { series: new Map(), claims: [claimFromAggregate(aggregate(value, changePct))] }, '2020-03-30')
    .sources[0];

describe('stated percentages', () => {
  it('a claim of +10% against breachPct 10 is at_risk and reports changePct 10 as stated', () => {
    expect(judged(577, 10)).toMatchObject({ basis: 'claim', verdict: 'at_risk', changePct: 10 });
  });

  it('a claim of +5% against atRiskPct 5 is compliant and reports changePct 5 as stated', () => {
    expect(judged(577, 5)).toMatchObject({ verdict: 'compliant', changePct: 5 });
  });

  it('a claim of +10.01% is breached', () => {
    expect(judged(577, 10.01)).toMatchObject({ verdict: 'breached', changePct: 10.01 });
  });

  it('a {changePct} claim keeps the stated change beside the baseline derived from it', () => {
    expect(claimFromAggregate(aggregate(577, 10)).baseline).toEqual({
      period: { from: '2019-03-01', to: '2019-03-30' },
      value: 577 / 1.1,
      changePct: 10,
    });
  });

  it('a {value} claim has no stated change and is judged on the change computed from it', () => {
    const claim = claimFromAggregate({ ...aggregate(110, 0), baseline: { period: { from: '2019-03-01', to: '2019-03-30' }, value: 100 } });
    expect(claim.baseline).not.toHaveProperty('changePct');
    expect(reductionVerdict(110, 100, commitment)).toEqual({ verdict: 'at_risk', changePct: 10 });
  });
});

describe('changes from whole counts', () => {
  const rule = (atRiskPct: number, breachPct: number) => ({ threshold: { atRiskPct, breachPct }, minEvents: 0 });

  it('value 11 against baseline 10 is exactly +10%: at_risk against breachPct 10', () => {
    expect(reductionVerdict(11, 10, rule(0, 10))).toEqual({ verdict: 'at_risk', changePct: 10 });
  });

  it('a change exactly on a fractional breachPct is at_risk, where dividing first overshoots (10035 vs 10000, 0.35%)', () => {
    expect(reductionVerdict(10035, 10000, rule(0, 0.35))).toEqual({ verdict: 'at_risk', changePct: 0.35 });
  });

  it('a change exactly on a fractional breachPct is at_risk, where multiplying the threshold undershoots (100290 vs 100000, 0.29%)', () => {
    expect(reductionVerdict(100290, 100000, rule(0, 0.29))).toEqual({ verdict: 'at_risk', changePct: 0.29 });
  });

  it('a change exactly on a fractional atRiskPct is compliant', () => {
    expect(reductionVerdict(10035, 10000, rule(0.35, 1))).toEqual({ verdict: 'compliant', changePct: 0.35 });
  });

  it('one count past a fractional breachPct is breached', () => {
    expect(reductionVerdict(100291, 100000, rule(0, 0.29)).verdict).toBe('breached');
    expect(reductionVerdict(10036, 10000, rule(0, 0.35)).verdict).toBe('breached');
  });
});
