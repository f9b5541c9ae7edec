import { parseAccord } from '../../../src/accords/accord.schema';
import { expand, expandAll, groupOf } from '../../../src/accords/aliases';

const parsed = parseAccord({
  id: 'a',
  name: 'A',
  signedAt: '2020-02-29',
  timezone: 'Asia/Kabul',
  actors: { taliban: ['islamic-emirate-of-afghanistan', 'taliban-militants'], 'us-forces': ['usfor-a'] },
  commitments: [{ id: 'c', kind: 'prohibition', metric: 'attacks', window: { days: 30 } }],
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const accord = parsed.accord;

describe('aliases', () => {
  it('puts a raw slug in the group that lists it', () => {
    expect(groupOf(accord, 'islamic-emirate-of-afghanistan')).toBe('taliban');
    expect(groupOf(accord, 'usfor-a')).toBe('us-forces');
  });

  it('puts a group name in its own group', () => {
    expect(groupOf(accord, 'taliban')).toBe('taliban');
  });

  it('leaves a slug no group lists as itself, including names of Object.prototype', () => {
    expect(groupOf(accord, 'haqqani-network')).toBe('haqqani-network');
    expect(groupOf(accord, 'constructor')).toBe('constructor');
    expect(expand(accord, 'constructor')).toEqual(['constructor']);
  });

  it('expands a group to every slug it stands for, itself first', () => {
    expect(expand(accord, 'taliban')).toEqual(['taliban', 'islamic-emirate-of-afghanistan', 'taliban-militants']);
  });

  it('expands a literal slug to itself only, even when it is a member of a group', () => {
    expect(expand(accord, 'taliban-militants')).toEqual(['taliban-militants']);
  });

  it('includes the group name even for a hand-built accord that left it out', () => {
    expect(expand({ actors: { g: ['x'] } }, 'g')).toEqual(['g', 'x']);
  });

  it('expands a filter list without repeats', () => {
    expect(expandAll(accord, ['taliban', 'taliban-militants', 'usfor-a'])).toEqual([
      'taliban',
      'islamic-emirate-of-afghanistan',
      'taliban-militants',
      'usfor-a',
    ]);
    expect(expandAll(accord, 'us-forces')).toEqual(['us-forces', 'usfor-a']);
  });
});
