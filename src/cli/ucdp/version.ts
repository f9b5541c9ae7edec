/**
 * A GED version as a revision that orders the releases: 24.1 -> 240100, the monthly candidate
 * 24.0.3 -> 240003, so a later release of an event (UCDP keeps its id) replaces the earlier one.
 */
export function gedRevision(version: string): number {
  const parts = /^(\d{1,3})\.(\d{1,2})(?:\.(\d{1,2}))?$/.exec(version.trim());
  if (!parts || Number(parts[1]) === 0) throw new Error(`--ged-version must be a GED version such as 24.1 or 25.0.3, not '${version}'`);
  return Number(parts[1]) * 10_000 + Number(parts[2]) * 100 + Number(parts[3] ?? 0);
}
