import { acledCountry } from '../acled/country';

/** UCDP's spellings that neither the ISO library nor ACLED's table know (lower case, former name dropped). */
const UCDP_NAMES: Record<string, string> = {
  'bosnia-herzegovina': 'BA',
  'dr congo': 'CD',
  'kingdom of eswatini': 'SZ',
  'macedonia, fyr': 'MK',
};

/**
 * GED's `country` as alpha-2, or the name as written when it names none. UCDP adds a state's
 * former name in brackets (`Myanmar (Burma)`, `DR Congo (Zaire)`), which no list spells.
 */
export function ucdpCountry(name: string | undefined): { alpha2?: string; unknown?: string } {
  const written = name?.trim() ?? '';
  const current = written.replace(/\s*\([^()]*\)$/, '');
  const { alpha2 } = acledCountry(undefined, UCDP_NAMES[current.toLowerCase()] ?? current);
  return alpha2 || !written ? { alpha2 } : { unknown: `'${written}'` };
}
