/** Numeric ISO 3166 code, alpha-2, and the English names ACLED writes in `country`. */
const COUNTRIES: [number, string, ...string[]][] = [
  [4, 'AF', 'Afghanistan'], [586, 'PK', 'Pakistan'], [364, 'IR', 'Iran'], [368, 'IQ', 'Iraq'], [760, 'SY', 'Syria'],
  [887, 'YE', 'Yemen'], [804, 'UA', 'Ukraine'], [643, 'RU', 'Russia'], [706, 'SO', 'Somalia'], [729, 'SD', 'Sudan'],
  [728, 'SS', 'South Sudan'], [466, 'ML', 'Mali'], [566, 'NG', 'Nigeria'], [180, 'CD', 'Democratic Republic of Congo', 'Democratic Republic of the Congo'],
  [231, 'ET', 'Ethiopia'], [104, 'MM', 'Myanmar'], [170, 'CO', 'Colombia'], [484, 'MX', 'Mexico'], [434, 'LY', 'Libya'],
  [422, 'LB', 'Lebanon'], [275, 'PS', 'Palestine'], [376, 'IL', 'Israel'], [792, 'TR', 'Turkey', 'Turkiye', 'Türkiye'], [356, 'IN', 'India'],
  [854, 'BF', 'Burkina Faso'], [562, 'NE', 'Niger'], [140, 'CF', 'Central African Republic'], [508, 'MZ', 'Mozambique'],
  [120, 'CM', 'Cameroon'], [404, 'KE', 'Kenya'], [608, 'PH', 'Philippines'], [31, 'AZ', 'Azerbaijan'], [51, 'AM', 'Armenia'],
];
const BY_NUMBER = new Map(COUNTRIES.map(([number, alpha2]) => [number, alpha2]));
const BY_NAME = new Map(COUNTRIES.flatMap(([, alpha2, ...names]) => names.map((name) => [name.toLowerCase(), alpha2] as const)));

/** Alpha-2 from the numeric `iso` column, else from the `country` name; undefined when unknown. */
export function acledCountry(iso: string | undefined, country: string | undefined): string | undefined {
  const number = iso?.trim() ? Number(iso) : NaN;
  return BY_NUMBER.get(number) ?? BY_NAME.get((country ?? '').trim().toLowerCase());
}
