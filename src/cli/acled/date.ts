const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * `2020-03-21`, or older exports' `21 March 2020`, `21-March-2020` (the 2016-2018 Middle East files)
 * and `21/03/2020` (the Africa files, day first); null when it is not a real date.
 */
export function acledDate(text: string): string | null {
  const value = text.trim();
  let ymd: [number, number, number] | null = null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (iso) ymd = [+iso[1], +iso[2], +iso[3]];
  const dayFirst = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (dayFirst) ymd = [+dayFirst[3], +dayFirst[2], +dayFirst[1]];
  const long = /^(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s-]+(\d{4})$/.exec(value);
  if (long) {
    const word = long[2].toLowerCase();
    const month = MONTHS.findIndex((m) => m === word || (word.length === 3 && m.startsWith(word)));
    if (month >= 0) ymd = [+long[3], month + 1, +long[1]];
  }
  if (!ymd) return null;
  const [year, month, day] = ymd;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 April over to 1 May; a real date survives the round trip
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
