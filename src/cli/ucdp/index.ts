/** UCDP GED's CSV as incidents (CONTRACT section 9; the mapping is in docs/ucdp.md). */
export { ucdpCountry } from './country';
export { gedRevision } from './version';
export { UcdpCsvReader } from './reader';
export { UcdpReport } from './report';
export { mapUcdpRow } from './row';
