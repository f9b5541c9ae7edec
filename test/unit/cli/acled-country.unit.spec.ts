import { acledCountry } from '../../../src/cli/acled';

describe('acledCountry', () => {
  it('reads the numeric iso column, zero-padded or not, for any country ISO 3166 lists', () => {
    expect(acledCountry('4', '')).toEqual({ alpha2: 'AF' });
    expect(acledCountry('004', '')).toEqual({ alpha2: 'AF' });
    expect(acledCountry('204', 'Benin')).toEqual({ alpha2: 'BJ' });
    expect(acledCountry('768', 'Togo')).toEqual({ alpha2: 'TG' });
  });

  it('reads alpha-3 and alpha-2 codes in either column', () => {
    expect(acledCountry('BEN', '')).toEqual({ alpha2: 'BJ' });
    expect(acledCountry('', 'ner')).toEqual({ alpha2: 'NE' });
    expect(acledCountry('', 'BF')).toEqual({ alpha2: 'BF' });
  });

  it.each([
    ['Democratic Republic of Congo', 'CD'],
    ['Republic of Congo', 'CG'],
    ['Ivory Coast', 'CI'],
    ["Cote d'Ivoire", 'CI'],
    ['eSwatini', 'SZ'],
    ['Palestine', 'PS'],
    ['Bonaire, Saint Eustatius and Saba', 'BQ'],
    ['Syria', 'SY'],
    ['Curacao', 'CW'],
    ['Guinea-Bissau', 'GW'],
  ])("falls back to ACLED's name %s -> %s when there is no number", (name, alpha2) => {
    expect(acledCountry('', name)).toEqual({ alpha2 });
  });

  it('reads Kosovo, which ACLED numbers 0, as the user-assigned XK', () => {
    expect(acledCountry('0', 'Kosovo')).toEqual({ alpha2: 'XK' });
  });

  it('falls back to the name when the number is not an ISO one', () => {
    expect(acledCountry('999', 'Pakistan')).toEqual({ alpha2: 'PK' });
  });

  it('keeps the number when the name names another country, and says so', () => {
    expect(acledCountry('204', 'Togo')).toEqual({ alpha2: 'BJ', conflict: "iso 204 (BJ) but country 'Togo' (TG)" });
  });

  it('names what it could not read, and says nothing when both columns are empty', () => {
    expect(acledCountry('999', 'Atlantis')).toEqual({ unknown: "'Atlantis' iso 999" });
    expect(acledCountry('', 'Akrotiri and Dhekelia')).toEqual({ unknown: "'Akrotiri and Dhekelia'" });
    expect(acledCountry('', '')).toEqual({});
  });
});
