import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Accord, Commitment, ProhibitionCommitment, QuotaCommitment, ReductionCommitment } from '../../../src/accords/accord.types';
import { parseAccord } from '../../../src/accords/accord.schema';
import { evaluateAccord, evaluateCommitment, overall, windowEnding } from '../../../src/compliance/commitment';
import { toDayNumber } from '../../../src/compliance/days';
import { DailySeries } from '../../../src/compliance/series';
import { Claim } from '../../../src/compliance/verdict.types';

/** The shipped accord, through the same validation as the app. */
function loadShipped(): Accord {
  const raw = parse(readFileSync(join(__dirname, '../../../accords/us-taliban-2020.yaml'), 'utf8'));
  const parsed = parseAccord(raw);
  if (!parsed.ok) throw new Error(`shipped accord does not parse: ${JSON.stringify(parsed.errors)}`);
  return parsed.accord;
}

const accord = loadShipped();
const byId = <T extends Commitment>(id: string) => accord.commitments.find((c) => c.id === id) as T;
const reduce = byId<ReductionCommitment>('reduce-violence');
const quota = byId<QuotaCommitment>('prisoner-release');
const prohibit = byId<ProhibitionCommitment>('no-attacks-on-us-forces');

/** A series from [date, amount] pairs. */
function series(...points: Array<[string, number]>): DailySeries {
  const s = new DailySeries();
  for (const [date, amount] of points) s.add(toDayNumber(date), amount);
  return s;
}

/** `count` on every day of [from, to]. */
function perDay(s: DailySeries, from: string, to: string, count: number): DailySeries {
  for (let d = toDayNumber(from); d <= toDayNumber(to); d++) s.add(d, count);
  return s;
}

const claim = (over: Partial<Claim> & Pick<Claim, 'source' | 'period' | 'value'>): Claim => ({
  id: `${over.source}-${over.period.to}`,
  metric: 'attacks',
  filter: { actor: 'taliban' },
  baseline: null,
  ...over,
});

const evaluate = (c: Commitment, input: { series?: Array<[string, DailySeries]>; claims?: Claim[] }, asOf: string) =>
  evaluateCommitment(accord, c, { series: new Map(input.series ?? []), claims: input.claims ?? [] }, asOf);

describe('the shipped accord', () => {
  it('parses with the three commitments the tests rely on', () => {
    expect(accord.timezone).toBe('Asia/Kabul');
    expect(reduce).toMatchObject({ kind: 'reduction', window: { days: 30 }, baseline: 'previous-year', minEvents: 20 });
    expect(quota).toMatchObject({ kind: 'quota', target: 5000, start: '2020-02-29', deadline: '2020-03-10', tolerancePct: 10 });
    expect(prohibit).toMatchObject({ kind: 'prohibition', window: { days: 30 } });
  });
});

describe('windows', () => {
  it('windowEnding is the inclusive run of days ending on the as-of date', () => {
    expect(windowEnding('2020-03-30', 30)).toEqual({ from: '2020-03-01', to: '2020-03-30' });
    expect(windowEnding('2020-03-01', 1)).toEqual({ from: '2020-03-01', to: '2020-03-01' });
  });

  it('an incident on the first day of a 30-day window counts', () => {
    // given an attack on US forces on 2020-03-01, when evaluated as of 2020-03-30
    const v = evaluate(prohibit, { series: [['acled', series(['2020-03-01', 1])]] }, '2020-03-30');
    // then the window is 03-01..03-30 and it is breached
    expect(v.sources).toEqual([
      expect.objectContaining({
        source: 'acled',
        verdict: 'breached',
        value: 1,
        period: { from: '2020-03-01', to: '2020-03-30' },
        basis: 'incidents',
      }),
    ]);
    expect(v.verdict).toBe('breached');
  });

  it('an incident on the last day (the as-of date) of a 30-day window counts', () => {
    const v = evaluate(prohibit, { series: [['acled', series(['2020-03-30', 1])]] }, '2020-03-30');
    expect(v.sources[0]).toMatchObject({ verdict: 'breached', value: 1 });
  });

  it('an incident the day before the window does not count (but makes the source a witness)', () => {
    const v = evaluate(prohibit, { series: [['acled', series(['2020-02-29', 1])]] }, '2020-03-30');
    expect(v.sources).toEqual([expect.objectContaining({ source: 'acled', verdict: 'compliant', value: 0 })]);
    expect(v.verdict).toBe('compliant');
  });

  it('an incident the day after the as-of date does not count', () => {
    const v = evaluate(prohibit, { series: [['acled', series(['2020-01-15', 1], ['2020-03-31', 1])]] }, '2020-03-30');
    expect(v.sources[0]).toMatchObject({ verdict: 'compliant', value: 0 });
  });
});

describe('reduction baselines', () => {
  it('previous-year baseline uses the same dates one year earlier, both ends inclusive', () => {
    // given 40 attacks on 2019-03-01 and 2019-03-30 (20 each) and 2 just outside,
    // and 44 in the window 2020-03-01..2020-03-30
    const s = series(['2019-02-28', 1], ['2019-03-01', 20], ['2019-03-30', 20], ['2019-03-31', 1], ['2020-03-01', 22], ['2020-03-30', 22]);
    const v = evaluate(reduce, { series: [['afghan-government', s]] }, '2020-03-30');
    // then value 44 vs baseline 40: +10%, exactly breachPct, at_risk
    expect(v.sources[0]).toMatchObject({
      basis: 'incidents',
      value: 44,
      baseline: 40,
      changePct: 10,
      verdict: 'at_risk',
      period: { from: '2020-03-01', to: '2020-03-30' },
    });
  });

  it('previous-year baseline of a window starting on 29 February starts on 28 February', () => {
    // window 2020-02-29..2020-03-29 -> baseline 2019-02-28..2019-03-29
    const s = series(['2019-02-27', 100], ['2019-02-28', 30], ['2020-03-01', 30]);
    const v = evaluate(reduce, { series: [['afghan-government', s]] }, '2020-03-29');
    expect(v.sources[0]).toMatchObject({ period: { from: '2020-02-29', to: '2020-03-29' }, value: 30, baseline: 30, verdict: 'compliant' });
  });

  it('pre-accord baseline is the equal-length window ending the day before signedAt', () => {
    const preAccord: ReductionCommitment = { ...reduce, baseline: 'pre-accord' };
    // signedAt 2020-02-29, 30 days -> 2020-01-30..2020-02-28
    const s = series(['2020-01-29', 1000], ['2020-01-30', 10], ['2020-02-28', 10], ['2020-02-29', 1000], ['2020-03-15', 25]);
    const v = evaluate(preAccord, { series: [['afghan-government', s]] }, '2020-03-30');
    expect(v.sources[0]).toMatchObject({ value: 25, baseline: 20, changePct: 25, verdict: 'breached' });
  });

  it('pre-accord baseline does not move with the as-of date', () => {
    const preAccord: ReductionCommitment = { ...reduce, baseline: 'pre-accord' };
    const s = series(['2020-01-30', 40], ['2020-06-01', 10]);
    expect(evaluate(preAccord, { series: [['unama', s]] }, '2020-06-10').sources[0]).toMatchObject({
      baseline: 40,
      value: 10,
      verdict: 'compliant',
    });
    expect(evaluate(preAccord, { series: [['unama', s]] }, '2020-09-10').sources[0]).toMatchObject({
      baseline: 40,
      value: 0,
      verdict: 'compliant',
    });
  });

  it('a fixed baseline is used as given', () => {
    const fixed: ReductionCommitment = { ...reduce, baseline: { value: 120 } };
    const v = evaluate(fixed, { series: [['unama', series(['2020-03-10', 150])]] }, '2020-03-30');
    expect(v.sources[0]).toMatchObject({ value: 150, baseline: 120, changePct: 25, verdict: 'breached' });
  });

  it('too few events on both sides is insufficient_data, and so is the overall verdict', () => {
    const v = evaluate(reduce, { series: [['unama', series(['2019-03-01', 5], ['2020-03-10', 5])]] }, '2020-03-30');
    expect(v.sources[0]).toMatchObject({ value: 5, baseline: 5 });
    expect(v.sources[0].verdict).toBe('insufficient_data');
    expect(v.verdict).toBe('insufficient_data');
  });
});

describe('witnesses and silence', () => {
  it('a source with no counting incident and no claim is left out (silence is not compliance)', () => {
    // given a source whose series is empty and one whose values cancel out
    const v = evaluate(
      prohibit,
      {
        series: [
          ['silent', new DailySeries()],
          ['cancelled', series(['2020-03-10', 1], ['2020-03-10', -1])],
        ],
      },
      '2020-03-30',
    );
    expect(v.sources).toEqual([]);
    expect(v.verdict).toBe('insufficient_data');
  });

  it('a silent source does not dilute another source’s verdict', () => {
    const v = evaluate(
      prohibit,
      {
        series: [
          ['silent', new DailySeries()],
          ['acled', series(['2020-03-10', 1])],
        ],
      },
      '2020-03-30',
    );
    expect(v.sources.map((s) => s.source)).toEqual(['acled']);
    expect(v.verdict).toBe('breached');
  });

  it('an incident that adds nothing to the metric does not make a witness (a release of 0 prisoners)', () => {
    const s = new DailySeries();
    s.add(toDayNumber('2020-03-01'), 0);
    expect(evaluate(quota, { series: [['afghan-government', s]] }, '2020-03-05').sources).toEqual([]);
  });

  it('a source is not a witness the day before its first counting incident', () => {
    const s = series(['2020-03-05', 1]);
    expect(evaluate(prohibit, { series: [['acled', s]] }, '2020-03-04').sources).toEqual([]);
  });

  it('a source becomes a witness on the day of its first counting incident', () => {
    const s = series(['2020-03-05', 1]);
    expect(evaluate(prohibit, { series: [['acled', s]] }, '2020-03-05').sources).toEqual([
      expect.objectContaining({ source: 'acled', verdict: 'breached' }),
    ]);
  });

  it('a witness stays a witness long after its incident, reporting compliance', () => {
    const s = series(['2019-06-01', 1]);
    expect(evaluate(prohibit, { series: [['acled', s]] }, '2020-03-30').sources).toEqual([
      expect.objectContaining({ source: 'acled', verdict: 'compliant', value: 0 }),
    ]);
  });

  it('sources are listed in source order', () => {
    const v = evaluate(
      prohibit,
      {
        series: [
          ['unama', series(['2020-03-01', 1])],
          ['acled', series(['2020-03-01', 1])],
        ],
      },
      '2020-03-30',
    );
    expect(v.sources.map((s) => s.source)).toEqual(['acled', 'unama']);
  });
});

describe('claim vs incident evidence', () => {
  const asOf = '2020-03-30';
  const witness = () => series(['2020-03-15', 1]); // breached on incidents

  it('a claim ending on the as-of date decides over incidents (tie goes to the claim)', () => {
    const c = claim({ source: 'taliban', id: 'tb-1', period: { from: '2020-03-01', to: asOf }, value: 0 });
    const v = evaluate(prohibit, { series: [['taliban', witness()]], claims: [c] }, asOf);
    expect(v.sources).toEqual([
      expect.objectContaining({ source: 'taliban', basis: 'claim', claimId: 'tb-1', verdict: 'compliant', value: 0, period: c.period }),
    ]);
  });

  it('a claim ending before the as-of date loses to a witness’s incidents', () => {
    const c = claim({ source: 'taliban', period: { from: '2020-03-01', to: '2020-03-29' }, value: 0 });
    const v = evaluate(prohibit, { series: [['taliban', witness()]], claims: [c] }, asOf);
    expect(v.sources[0]).toMatchObject({ basis: 'incidents', verdict: 'breached', value: 1 });
    expect(v.sources[0].claimId).toBeUndefined();
  });

  it('a claim ending before the as-of date decides for a source that is not a witness', () => {
    const c = claim({ source: 'taliban', id: 'tb-early', period: { from: '2020-03-01', to: '2020-03-15' }, value: 2 });
    const v = evaluate(prohibit, { claims: [c] }, asOf);
    expect(v.sources).toEqual([
      expect.objectContaining({ source: 'taliban', basis: 'claim', claimId: 'tb-early', verdict: 'breached', value: 2 }),
    ]);
  });

  it('a claim ending after the as-of date is ignored: a non-witness is left out', () => {
    const c = claim({ source: 'taliban', period: { from: '2020-03-01', to: '2020-03-31' }, value: 0 });
    expect(evaluate(prohibit, { claims: [c] }, asOf).sources).toEqual([]);
  });

  it('a claim ending after the as-of date is ignored: a witness is judged on incidents', () => {
    const c = claim({ source: 'taliban', period: { from: '2020-03-01', to: '2020-03-31' }, value: 0 });
    const v = evaluate(prohibit, { series: [['taliban', witness()]], claims: [c] }, asOf);
    expect(v.sources[0]).toMatchObject({ basis: 'incidents', verdict: 'breached' });
  });

  it('of several claims the one ending latest up to the as-of date decides', () => {
    const claims = [
      claim({ source: 'taliban', id: 'a', period: { from: '2020-03-01', to: '2020-03-10' }, value: 5 }),
      claim({ source: 'taliban', id: 'b', period: { from: '2020-03-01', to: '2020-03-20' }, value: 0 }),
      claim({ source: 'taliban', id: 'c', period: { from: '2020-03-01', to: '2020-04-20' }, value: 9 }),
    ];
    expect(evaluate(prohibit, { claims }, asOf).sources[0]).toMatchObject({ claimId: 'b', verdict: 'compliant' });
  });

  it('a reduction claim is judged against its own baseline', () => {
    // the Taliban: 537 attacks, down 54.7%
    const c = claim({
      source: 'taliban',
      period: { from: '2020-03-01', to: '2020-04-15' },
      value: 537,
      baseline: { period: { from: '2019-03-01', to: '2019-04-15' }, value: 1185 },
    });
    const v = evaluate(reduce, { claims: [c] }, '2020-04-15');
    expect(v.sources[0]).toMatchObject({ basis: 'claim', value: 537, baseline: 1185, verdict: 'compliant' });
    expect(v.sources[0].changePct).toBeCloseTo(((537 - 1185) / 1185) * 100, 9);
  });

  it('a quota claim is judged at the end of its own period and carries target, expected, deadline', () => {
    const c = claim({
      source: 'afghan-government',
      metric: 'prisoners_released',
      filter: { actor: 'afghan-government' },
      period: { from: '2020-02-29', to: '2020-03-10' },
      value: 5000,
    });
    const v = evaluate(quota, { claims: [c] }, '2020-03-10');
    expect(v.sources[0]).toMatchObject({
      basis: 'claim',
      verdict: 'fulfilled',
      value: 5000,
      target: 5000,
      expected: 5000,
      deadline: '2020-03-10',
    });
  });
});

describe('overall verdict', () => {
  it('is contested when one source says breached and another compliant', () => {
    expect(overall(['breached', 'compliant'])).toBe('contested');
    expect(overall(['compliant', 'at_risk', 'breached'])).toBe('contested');
  });

  it('is the worst of breached > at_risk > compliant > fulfilled otherwise', () => {
    expect(overall(['breached', 'at_risk'])).toBe('breached');
    expect(overall(['at_risk', 'compliant'])).toBe('at_risk');
    expect(overall(['fulfilled', 'compliant'])).toBe('compliant');
    expect(overall(['fulfilled', 'at_risk'])).toBe('at_risk');
    expect(overall(['fulfilled'])).toBe('fulfilled');
    expect(overall(['breached', 'fulfilled'])).toBe('breached');
  });

  it('ignores insufficient_data next to a source with a verdict', () => {
    expect(overall(['insufficient_data', 'compliant'])).toBe('compliant');
    expect(overall(['insufficient_data', 'breached'])).toBe('breached');
  });

  it('is insufficient_data when no source has a verdict', () => {
    expect(overall([])).toBe('insufficient_data');
    expect(overall(['insufficient_data', 'insufficient_data'])).toBe('insufficient_data');
  });

  it('is contested on the commitment when the government sees attacks and the Taliban claim none', () => {
    const c = claim({
      source: 'taliban',
      period: { from: '2020-03-01', to: '2020-03-30' },
      value: 0,
      filter: { actor: 'taliban', target: 'us-forces' },
    });
    const v = evaluate(prohibit, { series: [['afghan-government', series(['2020-03-15', 3])]], claims: [c] }, '2020-03-30');
    expect(v.sources.map((s) => [s.source, s.verdict])).toEqual([
      ['afghan-government', 'breached'],
      ['taliban', 'compliant'],
    ]);
    expect(v.verdict).toBe('contested');
  });
});

describe('selfReported', () => {
  const c = (source: string) =>
    claim({
      source,
      id: source,
      period: { from: '2020-03-01', to: '2020-03-30' },
      value: 10,
      baseline: { period: { from: '2019-03-01', to: '2019-03-30' }, value: 20 },
    });

  it('is true for a party reporting on a commitment whose filter actor is itself (taliban on actor taliban)', () => {
    const v = evaluate(reduce, { claims: [c('taliban')] }, '2020-03-30');
    expect(v.sources[0]).toMatchObject({ source: 'taliban', selfReported: true });
  });

  it('is true for a party reporting on itself through incidents too', () => {
    const v = evaluate(reduce, { series: [['taliban', series(['2020-03-10', 1])]] }, '2020-03-30');
    expect(v.sources[0]).toMatchObject({ source: 'taliban', basis: 'incidents', selfReported: true });
  });

  it('is false for the other party (united-states on actor taliban)', () => {
    const v = evaluate(reduce, { claims: [c('united-states')] }, '2020-03-30');
    expect(v.sources[0]).toMatchObject({ source: 'united-states', selfReported: false });
  });

  it('is false for a non-party even when it is the filter actor (afghan-government on its own releases)', () => {
    const v = evaluate(quota, { series: [['afghan-government', series(['2020-03-01', 100])]] }, '2020-03-05');
    expect(v.sources[0]).toMatchObject({ source: 'afghan-government', selfReported: false });
  });

  it('is false for a party on a commitment about another actor (taliban on afghan-government releases)', () => {
    const v = evaluate(quota, { series: [['taliban', series(['2020-03-01', 100])]] }, '2020-03-05');
    expect(v.sources[0]).toMatchObject({ source: 'taliban', selfReported: false });
  });

  it('is false for independent monitors', () => {
    const v = evaluate(reduce, { claims: [c('unama')], series: [['acled', series(['2020-03-10', 1])]] }, '2020-03-30');
    expect(v.sources.map((s) => [s.source, s.selfReported])).toEqual([
      ['acled', false],
      ['unama', false],
    ]);
  });
});

describe('quota', () => {
  it('quota entries carry target, expected and deadline, per source and on the commitment', () => {
    // 2,100 released on 2020-03-01; as of 2020-03-04, 5 of 11 days have elapsed (expected ~2272.7, tolerance edge ~2045.5)
    const v = evaluate(quota, { series: [['afghan-government', series(['2020-03-01', 2100])]] }, '2020-03-04');
    const expected = (5000 * 5) / 11;
    expect(v).toMatchObject({ kind: 'quota', target: 5000, deadline: '2020-03-10', verdict: 'compliant' });
    expect(v.expected).toBeCloseTo(expected, 9);
    expect(v.sources[0]).toMatchObject({
      basis: 'incidents',
      value: 2100,
      target: 5000,
      deadline: '2020-03-10',
      period: { from: '2020-02-29', to: '2020-03-04' },
      verdict: 'compliant',
    });
    expect(v.sources[0].expected).toBeCloseTo(expected, 9);
  });

  it('quota cumulates from start, not before', () => {
    const s = series(['2020-02-28', 4000], ['2020-03-01', 500]);
    const v = evaluate(quota, { series: [['afghan-government', s]] }, '2020-03-11');
    expect(v.sources[0]).toMatchObject({ value: 500, verdict: 'breached' });
  });

  it('quota is fulfilled once the cumulative reaches the target', () => {
    const s = perDay(new DailySeries(), '2020-02-29', '2020-03-09', 500);
    const v = evaluate(quota, { series: [['afghan-government', s]] }, '2020-03-09');
    expect(v.sources[0]).toMatchObject({ value: 5000, verdict: 'fulfilled' });
    expect(v.verdict).toBe('fulfilled');
  });

  it('non-quota commitments carry no target, expected or deadline', () => {
    const v = evaluate(prohibit, { series: [['acled', series(['2020-03-01', 1])]] }, '2020-03-30');
    expect(v).not.toHaveProperty('target');
    expect(v).not.toHaveProperty('expected');
    expect(v.sources[0]).not.toHaveProperty('target');
  });
});

describe('evaluateAccord', () => {
  it('evaluates every commitment in order, insufficient_data where nothing is known', () => {
    const inputs = new Map([['no-attacks-on-us-forces', { series: new Map([['acled', series(['2020-03-01', 1])]]), claims: [] }]]);
    const report = evaluateAccord(accord, inputs, '2020-03-30');
    expect(report.accordId).toBe('us-taliban-2020');
    expect(report.asOf).toBe('2020-03-30');
    expect(report.commitments.map((c) => [c.id, c.verdict])).toEqual([
      ['reduce-violence', 'insufficient_data'],
      ['prisoner-release', 'insufficient_data'],
      ['no-attacks-on-us-forces', 'breached'],
    ]);
    expect(report.commitments[1]).toMatchObject({ target: 5000, expected: 5000, deadline: '2020-03-10', sources: [] });
  });
});
