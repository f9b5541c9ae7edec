import { elapsedShare, prohibitionVerdict, quotaVerdict, reductionVerdict } from '../../../src/compliance/verdicts';

/** CONTRACT section 3, the verdict rules, from numbers to a verdict. */
describe('reductionVerdict', () => {
  const rule = { threshold: { atRiskPct: 0, breachPct: 10 }, minEvents: 20 };

  it('reduction is at_risk, not breached, when changePct is exactly breachPct', () => {
    // given a baseline of 100, when the value is 110 (+10%)
    const result = reductionVerdict(110, 100, rule);
    // then it is at_risk: the threshold is strict
    expect(result).toEqual({ verdict: 'at_risk', changePct: 10 });
  });

  it('reduction is breached one point past breachPct', () => {
    expect(reductionVerdict(111, 100, rule)).toEqual({ verdict: 'breached', changePct: 11 });
  });

  it('reduction is breached a fraction past breachPct', () => {
    const result = reductionVerdict(1101, 1000, rule);
    expect(result.verdict).toBe('breached');
    expect(result.changePct).toBeCloseTo(10.1, 10);
  });

  it('reduction is compliant when changePct is exactly atRiskPct', () => {
    expect(reductionVerdict(100, 100, rule)).toEqual({ verdict: 'compliant', changePct: 0 });
  });

  it('reduction is at_risk just past atRiskPct', () => {
    const result = reductionVerdict(1001, 1000, rule);
    expect(result.verdict).toBe('at_risk');
    expect(result.changePct).toBeCloseTo(0.1, 10);
  });

  it('reduction is compliant when the value fell', () => {
    expect(reductionVerdict(50, 100, rule)).toEqual({ verdict: 'compliant', changePct: -50 });
  });

  it('reduction honours a non-zero atRiskPct as a strict bound', () => {
    const wide = { threshold: { atRiskPct: 5, breachPct: 10 }, minEvents: 0 };
    expect(reductionVerdict(105, 100, wide).verdict).toBe('compliant');
    expect(reductionVerdict(106, 100, wide).verdict).toBe('at_risk');
  });

  it('reduction is insufficient_data when value + baseline is one below minEvents', () => {
    // given value 10 and baseline 9 (19 < 20), even though the change is +11%
    const result = reductionVerdict(10, 9, rule);
    expect(result.verdict).toBe('insufficient_data');
  });

  it('reduction is judged once value + baseline is exactly minEvents', () => {
    expect(reductionVerdict(10, 10, rule)).toEqual({ verdict: 'compliant', changePct: 0 });
    expect(reductionVerdict(12, 8, rule)).toEqual({ verdict: 'breached', changePct: 50 });
  });

  it('reduction with baseline 0 and value >= minEvents is breached with changePct null', () => {
    expect(reductionVerdict(20, 0, rule)).toEqual({ verdict: 'breached', changePct: null });
    expect(reductionVerdict(500, 0, rule)).toEqual({ verdict: 'breached', changePct: null });
  });

  it('reduction with baseline 0 and value below minEvents is insufficient_data', () => {
    expect(reductionVerdict(19, 0, rule)).toEqual({ verdict: 'insufficient_data', changePct: null });
  });

  it('reduction with baseline 0 and value 0 and minEvents 0 is compliant', () => {
    expect(reductionVerdict(0, 0, { ...rule, minEvents: 0 })).toEqual({ verdict: 'compliant', changePct: null });
  });

  it('reduction with a null baseline is insufficient_data whatever the value', () => {
    expect(reductionVerdict(1000, null, rule)).toEqual({ verdict: 'insufficient_data', changePct: null });
  });
});

describe('elapsedShare', () => {
  // 2020-02-29 .. 2020-03-10 inclusive: 11 days
  const rule = { start: '2020-02-29', deadline: '2020-03-10' };

  it('counts the start day itself as one whole elapsed day', () => {
    expect(elapsedShare(rule, '2020-02-29')).toBeCloseTo(1 / 11, 12);
  });

  it('is 1 on the deadline day', () => {
    expect(elapsedShare(rule, '2020-03-10')).toBe(1);
  });

  it('is 0 before the start', () => {
    expect(elapsedShare(rule, '2020-02-28')).toBe(0);
    expect(elapsedShare(rule, '2019-12-31')).toBe(0);
  });

  it('is capped at 1 after the deadline', () => {
    expect(elapsedShare(rule, '2020-04-01')).toBe(1);
  });

  it('is the share of whole days in the middle', () => {
    expect(elapsedShare(rule, '2020-03-04')).toBeCloseTo(5 / 11, 12);
  });
});

describe('quotaVerdict', () => {
  const rule = { target: 1000, start: '2020-03-01', deadline: '2020-03-10', tolerancePct: 10 };

  it('quota is fulfilled once cumulative reaches the target, before the deadline', () => {
    expect(quotaVerdict(1000, '2020-03-02', rule).verdict).toBe('fulfilled');
    expect(quotaVerdict(1200, '2020-03-02', rule).verdict).toBe('fulfilled');
  });

  it('quota is fulfilled when the target is reached even after the deadline', () => {
    expect(quotaVerdict(1000, '2020-04-01', rule).verdict).toBe('fulfilled');
  });

  it('quota short of target on the deadline day itself is not breached', () => {
    // on the deadline expected = target; 950 >= 1000 * 0.9
    const near = quotaVerdict(950, '2020-03-10', rule);
    expect(near).toEqual({ verdict: 'compliant', expected: 1000 });
    const far = quotaVerdict(100, '2020-03-10', rule);
    expect(far).toEqual({ verdict: 'at_risk', expected: 1000 });
  });

  it('quota short of target the day after the deadline is breached', () => {
    expect(quotaVerdict(999, '2020-03-11', rule)).toEqual({ verdict: 'breached', expected: 1000 });
  });

  it('quota is compliant at exactly expected * (1 - tolerance)', () => {
    // as of 2020-03-05: 5 of 10 days elapsed, expected 500, tolerance edge 450
    const { expected } = quotaVerdict(0, '2020-03-05', rule);
    expect(expected).toBe(500);
    const edge = expected * (1 - rule.tolerancePct / 100);
    expect(edge).toBe(450);
    expect(quotaVerdict(edge, '2020-03-05', rule).verdict).toBe('compliant');
  });

  it('quota is at_risk just below expected * (1 - tolerance)', () => {
    expect(quotaVerdict(449.99, '2020-03-05', rule).verdict).toBe('at_risk');
    expect(quotaVerdict(449, '2020-03-05', rule).verdict).toBe('at_risk');
  });

  it('quota before its start expects nothing and is compliant with nothing released', () => {
    expect(quotaVerdict(0, '2020-02-20', rule)).toEqual({ verdict: 'compliant', expected: 0 });
  });

  it('quota expected grows with the elapsed share (shipped prisoner-release rule)', () => {
    const shipped = { target: 5000, start: '2020-02-29', deadline: '2020-03-10', tolerancePct: 10 };
    expect(quotaVerdict(0, '2020-02-29', shipped).expected).toBeCloseTo(5000 / 11, 9);
    // 0 released on the start day: expected*0.9 ~ 409 > 0, so at_risk
    expect(quotaVerdict(0, '2020-02-29', shipped).verdict).toBe('at_risk');
  });
});

describe('prohibitionVerdict', () => {
  it('prohibition is compliant at 0', () => {
    expect(prohibitionVerdict(0)).toBe('compliant');
  });

  it('prohibition is breached at anything above 0', () => {
    expect(prohibitionVerdict(1)).toBe('breached');
    expect(prohibitionVerdict(0.5)).toBe('breached');
    expect(prohibitionVerdict(42)).toBe('breached');
  });
});
