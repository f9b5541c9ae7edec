import { bothFilters, resolveFilter } from '../../../src/compliance/filters';

const accord = { actors: { civilians: ['civilians', 'villagers'] } };
const both = (a: Record<string, string | string[]>, b: Record<string, string | string[]>) =>
  Object.fromEntries(
    Object.entries(bothFilters(resolveFilter(a, accord), resolveFilter(b, accord))).map(([key, values]) => [key, [...values!].sort()]),
  );

describe("a query narrowing a commitment's filter", () => {
  it('keeps every key of either, and accepts on a shared key only what both accept, aliases expanded', () => {
    expect(both({ category: ['attack', 'explosion'], target: 'civilians' }, { target: 'villagers', source: 'acled' })).toEqual({
      category: ['attack', 'explosion'],
      target: ['villagers'],
      source: ['acled'],
    });
  });

  it('accepts nothing on a key where they share no value', () => {
    expect(both({ source: ['acled', 'unama'] }, { source: 'reuters' })).toEqual({ source: [] });
  });
});
