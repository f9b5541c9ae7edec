import { parseAccord } from '../../../src/accords/accord.schema';
import { aliasCoverage } from '../../../src/accords/alias-coverage';
import { Accord } from '../../../src/accords/accord.types';

const accord = (): Accord => {
  const parsed = parseAccord({
    id: 'af',
    name: 'Afghanistan',
    signedAt: '2020-02-29',
    timezone: 'Asia/Kabul',
    actors: { taliban: ['taliban', 'islamic-emirate-of-afghanistan'], 'afghan-forces': ['military-forces-of-afghanistan-2014-2021'] },
    commitments: [
      {
        id: 'no-attacks',
        kind: 'prohibition',
        metric: 'attacks',
        window: { days: 30 },
        filter: { actor: 'taliban', target: ['afghan-forces', 'civilians'] },
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.accord;
};

describe('aliasCoverage', () => {
  // an export that writes the forces' years as (2014-), not (2014-2021)
  const store = new Map([
    ['taliban', 40],
    ['military-forces-of-afghanistan-2014', 25],
    ['civilians-afghanistan', 12],
    ['isis-k', 3],
  ]);

  it('counts each alias and literal filter slug in the store, with the most similar slugs for one that matches nothing', () => {
    expect(aliasCoverage(accord(), store).names).toEqual([
      { group: 'taliban', slug: 'taliban', count: 40, similar: [] },
      { group: 'taliban', slug: 'islamic-emirate-of-afghanistan', count: 0, similar: [] },
      { group: 'afghan-forces', slug: 'afghan-forces', count: 0, similar: ['military-forces-of-afghanistan-2014'] },
      {
        group: 'afghan-forces',
        slug: 'military-forces-of-afghanistan-2014-2021',
        count: 0,
        similar: ['military-forces-of-afghanistan-2014'],
      },
      { group: 'civilians', slug: 'civilians', count: 0, similar: ['civilians-afghanistan'] },
    ]);
  });

  it('lists the store slugs no name matches, most frequent first', () => {
    expect(aliasCoverage(accord(), store).unmatched).toEqual([
      { slug: 'military-forces-of-afghanistan-2014', count: 25 },
      { slug: 'civilians-afghanistan', count: 12 },
      { slug: 'isis-k', count: 3 },
    ]);
  });
});
