import { parse as parseYaml } from 'yaml';
import { ACCORD_ERROR } from '../../../src/accords/accord-errors';
import { AccordParse, parseAccord } from '../../../src/accords/accord.schema';
import { QuotaCommitment, ReductionCommitment } from '../../../src/accords/accord.types';

const prohibition = { id: 'no-attacks', kind: 'prohibition', metric: 'attacks', window: { days: 30 } };
const reduction = { id: 'fewer', kind: 'reduction', metric: 'attacks', window: { days: 30 }, threshold: { atRiskPct: 0, breachPct: 10 } };
const quota = { id: 'release', kind: 'quota', metric: 'prisoners_released', target: 5000, start: '2020-02-29', deadline: '2020-03-10' };
const doc = (over: Record<string, unknown> = {}) => ({
  id: 'us-taliban-2020',
  name: 'Agreement',
  signedAt: '2020-02-29',
  timezone: 'Asia/Kabul',
  parties: ['united-states', 'taliban'],
  commitments: [prohibition],
  ...over,
});

function errorsOf(result: AccordParse) {
  if (result.ok) throw new Error('expected the accord to be refused');
  return result.errors;
}
function accordOf(result: AccordParse) {
  if (!result.ok) throw new Error(`expected a valid accord: ${JSON.stringify(result.errors)}`);
  return result.accord;
}

describe('parseAccord', () => {
  it('fills the documented defaults', () => {
    const accord = accordOf(parseAccord(doc({ commitments: [reduction, quota, prohibition] })));
    const [r, q, p] = accord.commitments;
    expect(r).toMatchObject({ baseline: 'previous-year', minEvents: 0, filter: {}, alerting: { forDays: 0, keepFiringForDays: 0 } });
    expect((q as QuotaCommitment).tolerancePct).toBe(0);
    expect(p.filter).toEqual({});
    expect(accord.actors).toEqual({});
  });

  it('names commitments.N.metric for an unknown metric', () => {
    const errors = errorsOf(parseAccord(doc({ commitments: [prohibition, { ...prohibition, id: 'x', metric: 'casualties' }] })));
    expect(errors).toEqual([expect.objectContaining({ code: ACCORD_ERROR.unknownMetric, field: 'commitments.1.metric' })]);
  });

  it('accepts per-group metrics and refuses a malformed group', () => {
    expect(parseAccord(doc({ commitments: [{ ...prohibition, metric: 'killed.civilians' }] })).ok).toBe(true);
    expect(errorsOf(parseAccord(doc({ commitments: [{ ...prohibition, metric: 'killed.Civilians' }] })))[0].field).toBe(
      'commitments.0.metric',
    );
  });

  it('names a date before 1900 and text PostgreSQL cannot store (U+0000, an unpaired surrogate)', () => {
    const errors = errorsOf(
      parseAccord(doc({ signedAt: '0000-01-01', name: 'a\u0000b', commitments: [{ ...quota, deadline: '0999-12-31' }] })),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { code: ACCORD_ERROR.invalidField, field: 'signedAt', reason: 'must be 1900-01-01 or later' },
        { code: ACCORD_ERROR.invalidField, field: 'commitments.0.deadline', reason: 'must be 1900-01-01 or later' },
      ]),
    );
    expect(errorsOf(parseAccord(doc({ name: 'x\ud800' })))).toEqual([
      { code: ACCORD_ERROR.invalidField, field: 'name', reason: 'must not contain U+0000 or an unpaired surrogate' },
    ]);
  });

  it('names timezone for a zone Intl does not know', () => {
    const errors = errorsOf(parseAccord(doc({ timezone: 'Asia/Kabull' })));
    expect(errors).toEqual([{ code: ACCORD_ERROR.badTimeZone, field: 'timezone', reason: expect.stringContaining('time zone') }]);
  });

  it('names commitments.N.target for a quota without a target', () => {
    const { target: _dropped, ...noTarget } = quota;
    const errors = errorsOf(parseAccord(doc({ commitments: [prohibition, noTarget] })));
    expect(errors).toEqual([{ code: ACCORD_ERROR.missingField, field: 'commitments.1.target', reason: 'is required' }]);
  });

  it('names the second of two commitments sharing an id, even when another commitment is invalid', () => {
    const errors = errorsOf(
      parseAccord(doc({ commitments: [prohibition, { ...reduction, metric: 'nope' }, { ...quota, id: 'no-attacks' }] })),
    );
    expect(errors.map((e) => [e.code, e.field])).toEqual([
      [ACCORD_ERROR.unknownMetric, 'commitments.1.metric'],
      [ACCORD_ERROR.duplicateCommitmentId, 'commitments.2.id'],
    ]);
  });

  it('names each unknown key, at the top level and inside a commitment', () => {
    const errors = errorsOf(parseAccord(doc({ partys: ['taliban'], commitments: [{ ...prohibition, windw: { days: 3 } }] })));
    expect(
      errors
        .filter((e) => e.code === ACCORD_ERROR.unknownKey)
        .map((e) => e.field)
        .sort(),
    ).toEqual(['commitments.0.windw', 'partys']);
  });

  it('refuses a field of another kind (a reduction has no target)', () => {
    const errors = errorsOf(parseAccord(doc({ commitments: [{ ...reduction, target: 10 }] })));
    expect(errors).toEqual([expect.objectContaining({ code: ACCORD_ERROR.unknownKey, field: 'commitments.0.target' })]);
  });

  it('names kind when it is not one of the three', () => {
    expect(errorsOf(parseAccord(doc({ commitments: [{ ...prohibition, kind: 'cap' }] })))[0].field).toBe('commitments.0.kind');
  });

  it('refuses an empty commitment list', () => {
    expect(errorsOf(parseAccord(doc({ commitments: [] })))[0].field).toBe('commitments');
  });

  it('takes a YAML Date for signedAt and quota dates, as the UTC calendar date', () => {
    const accord = accordOf(
      parseAccord(
        doc({
          signedAt: new Date('2020-02-29T00:00:00Z'),
          commitments: [{ ...quota, start: new Date('2020-02-29'), deadline: new Date('2020-03-10') }],
        }),
      ),
    );
    expect(accord.signedAt).toBe('2020-02-29');
    expect(accord.commitments[0]).toMatchObject({ start: '2020-02-29', deadline: '2020-03-10' });
  });

  it('takes unquoted dates from a YAML 1.1 parse, which makes them Date objects', () => {
    const raw = parseYaml(
      'id: a\nname: A\nsignedAt: 2020-02-29\ntimezone: UTC\ncommitments: [{id: c, kind: prohibition, metric: attacks, window: {days: 1}}]',
      {
        version: '1.1',
      },
    ) as { signedAt: unknown };
    expect(raw.signedAt).toBeInstanceOf(Date);
    expect(accordOf(parseAccord(raw)).signedAt).toBe('2020-02-29');
  });

  it('refuses dates that do not exist', () => {
    expect(errorsOf(parseAccord(doc({ signedAt: '2021-02-29' })))[0]).toMatchObject({ code: ACCORD_ERROR.invalidField, field: 'signedAt' });
  });

  it('refuses a quota whose deadline is before its start', () => {
    expect(errorsOf(parseAccord(doc({ commitments: [{ ...quota, deadline: '2020-02-28' }] })))[0].field).toBe('commitments.0.deadline');
  });

  it('refuses atRiskPct above breachPct, and accepts negative thresholds (a required cut)', () => {
    expect(errorsOf(parseAccord(doc({ commitments: [{ ...reduction, threshold: { atRiskPct: 20, breachPct: 10 } }] })))[0].field).toBe(
      'commitments.0.threshold.atRiskPct',
    );
    const cut = accordOf(parseAccord(doc({ commitments: [{ ...reduction, threshold: { atRiskPct: -60, breachPct: -50 } }] })));
    expect((cut.commitments[0] as ReductionCommitment).threshold).toEqual({ atRiskPct: -60, breachPct: -50 });
  });

  it.each([
    ['window.days 0', { ...reduction, window: { days: 0 } }, 'commitments.0.window.days'],
    ['window.days 3661', { ...prohibition, window: { days: 3661 } }, 'commitments.0.window.days'],
    ['a fractional minEvents', { ...reduction, minEvents: 2.5 }, 'commitments.0.minEvents'],
    ['a negative fixed baseline', { ...reduction, baseline: { value: -1 } }, 'commitments.0.baseline.value'],
    ['an unknown baseline', { ...reduction, baseline: 'last-year' }, 'commitments.0.baseline'],
    ['target 0', { ...quota, target: 0 }, 'commitments.0.target'],
    ['tolerancePct 101', { ...quota, tolerancePct: 101 }, 'commitments.0.tolerancePct'],
    ['a negative forDays', { ...prohibition, alerting: { forDays: -1 } }, 'commitments.0.alerting.forDays'],
    ['an unknown category', { ...prohibition, filter: { category: 'shooting' } }, 'commitments.0.filter.category'],
    ['a lower-case country', { ...prohibition, filter: { country: 'af' } }, 'commitments.0.filter.country'],
    ['an empty filter list', { ...prohibition, filter: { actor: [] } }, 'commitments.0.filter.actor'],
    ['an unknown filter key', { ...prohibition, filter: { province: 'Kabul' } }, 'commitments.0.filter.province'],
  ])('names the field for %s', (_name, commitment, field) => {
    expect(errorsOf(parseAccord(doc({ commitments: [commitment] }))).map((e) => e.field)).toContain(field);
  });

  it('keeps a fixed baseline and a full filter', () => {
    const filter = {
      actor: ['taliban', 'haqqani-network'],
      target: 'us-forces',
      category: ['attack', 'airstrike'],
      country: 'AF',
      admin1: 'Kabul',
      source: 'unama',
    };
    const accord = accordOf(parseAccord(doc({ commitments: [{ ...reduction, baseline: { value: 120 }, filter }] })));
    expect(accord.commitments[0]).toMatchObject({ baseline: { value: 120 }, filter });
  });

  it('refuses ids and parties that are not slugs', () => {
    const errors = errorsOf(parseAccord(doc({ id: 'US Taliban', parties: ['United States'] })));
    expect(errors.map((e) => e.field)).toEqual(['id', 'parties.0']);
  });

  it("lists each alias group's own name first, once", () => {
    const accord = accordOf(parseAccord(doc({ actors: { taliban: ['islamic-emirate-of-afghanistan', 'taliban'], 'us-forces': [] } })));
    expect(accord.actors).toEqual({ taliban: ['taliban', 'islamic-emirate-of-afghanistan'], 'us-forces': ['us-forces'] });
  });

  it('refuses a slug listed in two alias groups', () => {
    const errors = errorsOf(parseAccord(doc({ actors: { taliban: ['taliban-fighters'], insurgents: ['taliban-fighters'] } })));
    expect(errors).toEqual([
      { code: ACCORD_ERROR.ambiguousAlias, field: 'actors.insurgents', reason: 'taliban-fighters is already in group taliban' },
    ]);
  });

  it('refuses something that is not an object at all', () => {
    expect(errorsOf(parseAccord('id: x'))).toEqual([expect.objectContaining({ field: '(root)' })]);
    expect(errorsOf(parseAccord(null))[0].field).toBe('(root)');
  });
});
