/** ACLED's CSV export as incidents (CONTRACT section 6; the mapping is in docs/acled.md). */
export { actorSlug } from './actor';
export { acledCategory } from './category';
export { acledCountry } from './country';
export { acledDate } from './date';
export { AcledCsvReader } from './reader';
export { AcledReport } from './report';
export { mapAcledRow } from './row';
