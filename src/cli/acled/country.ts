// the library's browser entry: its Node entry registers every language, and only English names are read
import countries from 'i18n-iso-countries/index';
import english from 'i18n-iso-countries/langs/en.json';

countries.registerLocale(english);

/** ACLED's spellings that the library's English names lack (lower case). */
const ACLED_NAMES: Record<string, string> = {
  'democratic republic of congo': 'CD',
  'republic of congo': 'CG',
  swaziland: 'SZ',
  'bonaire, saint eustatius and saba': 'BQ',
  syria: 'SY',
  laos: 'LA',
  moldova: 'MD',
  micronesia: 'FM',
  brunei: 'BN',
  'east timor': 'TL',
  'vatican city': 'VA',
  'falkland islands': 'FK',
  'saint-barthelemy': 'BL',
  'saint-martin': 'MF',
  'sint maarten': 'SX',
  macau: 'MO',
  'british virgin islands': 'VG',
};

/**
 * A numeric code (ACLED writes 4, not 004), alpha-3 or alpha-2. ACLED writes 0 for Kosovo,
 * which has no ISO number; its name gives the user-assigned XK.
 */
function fromCode(text: string): string | undefined {
  if (/^\d{1,3}$/.test(text)) return Number(text) === 0 ? undefined : countries.numericToAlpha2(text);
  const code = text.toUpperCase();
  if (/^[A-Z]{3}$/.test(code)) return countries.alpha3ToAlpha2(code);
  return /^[A-Z]{2}$/.test(code) && countries.isValid(code) ? code : undefined;
}

// the library compares a name with every name it knows, so each text is looked up once per import
const resolved = new Map<string, string | undefined>();
function alpha2Of(text: string): string | undefined {
  if (!resolved.has(text))
    resolved.set(text, fromCode(text) ?? ACLED_NAMES[text.toLowerCase()] ?? countries.getSimpleAlpha2Code(text, 'en'));
  return resolved.get(text);
}

/** The row's country as alpha-2, and for the end-of-import report what could not be read or disagreed. */
export interface AcledCountry {
  alpha2?: string;
  unknown?: string;
  conflict?: string;
}

/** The numeric `iso` column decides; the `country` name is the fallback, and is checked against it. */
export function acledCountry(iso: string | undefined, country: string | undefined): AcledCountry {
  const number = iso?.trim() ?? '';
  const name = country?.trim() ?? '';
  const byNumber = number ? alpha2Of(number) : undefined;
  const byName = name ? alpha2Of(name) : undefined;
  if (byNumber && byName && byNumber !== byName)
    return { alpha2: byNumber, conflict: `iso ${number} (${byNumber}) but country '${name}' (${byName})` };
  const alpha2 = byNumber ?? byName;
  if (alpha2 || (!number && !name)) return { alpha2 };
  return { unknown: [name && `'${name}'`, number && `iso ${number}`].filter(Boolean).join(' ') };
}
