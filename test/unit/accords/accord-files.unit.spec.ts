import { join } from 'node:path';
import { ACCORD_ERROR } from '../../../src/accords/accord-errors';
import { loadAccordsDir, parseAccordText } from '../../../src/accords/accord-files';

const ROOT = join(__dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/accords');

describe('loadAccordsDir', () => {
  it('loads the shipped us-taliban-2020 accord with the three contract commitments', async () => {
    const { accords, errors } = await loadAccordsDir(join(ROOT, 'accords'));
    expect(errors).toEqual([]);
    const accord = accords.find((a) => a.id === 'us-taliban-2020');
    expect(accord).toMatchObject({ signedAt: '2020-02-29', timezone: 'Asia/Kabul', parties: ['united-states', 'taliban'] });
    expect(accord!.commitments.map((c) => [c.id, c.kind, c.metric])).toEqual([
      ['reduce-violence', 'reduction', 'attacks'],
      ['prisoner-release', 'quota', 'prisoners_released'],
      ['no-attacks-on-us-forces', 'prohibition', 'attacks'],
    ]);
    expect(accord!.commitments[0]).toMatchObject({
      window: { days: 30 },
      baseline: 'previous-year',
      threshold: { atRiskPct: 0, breachPct: 10 },
      minEvents: 20,
    });
    expect(accord!.commitments[1]).toMatchObject({ target: 5000, start: '2020-02-29', deadline: '2020-03-10', tolerancePct: 10 });
    expect(accord!.commitments[2]).toMatchObject({ filter: { actor: 'taliban', target: 'us-forces' }, window: { days: 30 } });
    // the release filter must not catch the forces the Taliban attack
    expect(accord!.actors['afghan-government']).not.toContain('military-forces-of-afghanistan-2014-2021');
    expect(accord!.actors['afghan-forces']).toContain('military-forces-of-afghanistan-2014-2021');
  });

  it('reads YAML and JSON in file-name order, skipping other and hidden files', async () => {
    const { accords, errors } = await loadAccordsDir(join(FIXTURES, 'two-accords'));
    expect(errors).toEqual([]);
    expect(accords.map((a) => a.id)).toEqual(['a-ceasefire', 'b-truce']);
    expect(accords[0].signedAt).toBe('2021-06-01');
    expect(accords[1].actors).toEqual({ east: ['east', 'east-militia'] });
  });

  it('reports a second file defining the same accord id, naming both files', async () => {
    const { accords, errors } = await loadAccordsDir(join(FIXTURES, 'same-id'));
    expect(accords.map((a) => a.name)).toEqual(['A ceasefire']);
    expect(errors).toEqual([
      { file: 'b.yml', code: ACCORD_ERROR.duplicateId, field: 'id', reason: 'a-ceasefire is already defined in a.yaml' },
    ]);
  });

  it('reports a missing directory, naming it', async () => {
    const dir = join(FIXTURES, 'no-such-dir');
    const { accords, errors } = await loadAccordsDir(dir);
    expect(accords).toEqual([]);
    expect(errors).toEqual([
      expect.objectContaining({ file: dir, code: ACCORD_ERROR.directoryUnreadable, reason: expect.stringContaining(dir) }),
    ]);
  });
});

describe('parseAccordText', () => {
  const yaml =
    'id: x\nname: X\nsignedAt: 2020-01-01\ntimezone: UTC\ncommitments:\n  - {id: c, kind: prohibition, metric: attacks, window: {days: 1}}\n';

  it('parses YAML by default and names the file in each error', () => {
    expect(parseAccordText(yaml, 'x.yaml').ok).toBe(true);
    const result = parseAccordText(yaml.replace('UTC', 'Mars/Olympus'), 'x.yaml');
    expect(result).toEqual({
      ok: false,
      errors: [expect.objectContaining({ file: 'x.yaml', code: ACCORD_ERROR.badTimeZone, field: 'timezone' })],
    });
  });

  it('reads .json as strict JSON', () => {
    const result = parseAccordText(yaml, 'x.json');
    expect(result).toEqual({ ok: false, errors: [expect.objectContaining({ code: ACCORD_ERROR.syntax, field: '(root)' })] });
  });

  it('refuses a YAML mapping with a key given twice', () => {
    const result = parseAccordText(`${yaml}name: Y\n`, 'x.yaml');
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual([ACCORD_ERROR.syntax]);
  });
});
