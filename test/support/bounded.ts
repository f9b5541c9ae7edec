import { Commitment } from '../../src/accords/accord.types';
import { reckon, withBounds } from '../../src/compliance/bounds';
import { evaluateCommitment } from '../../src/compliance/commitment';
import { toDayNumber } from '../../src/compliance/days';
import { ObservationVersion } from '../../src/compliance/evidence-items';
import { resolveFilter } from '../../src/compliance/filters';
import { metricValue } from '../../src/compliance/metrics';
import { DailySeries } from '../../src/compliance/series';
import { Claim } from '../../src/compliance/verdict.types';
import { Incident } from '../../src/observations/observation';
import { accordOf } from './commitments';

/** An incident as the event store keeps it, an ACLED attack unless told otherwise. */
export const versionOf = (incident: Partial<Incident> & { id: string; occurredAt: string }): ObservationVersion => ({
  source: incident.source ?? 'acled',
  id: incident.id,
  revision: 1,
  type: 'incident',
  data: { type: 'incident', source: 'acled', category: 'attack', revision: 1, ...incident },
});

/**
 * The commitment's verdict with bounds, its best figures from the incidents' buckets as the
 * projections count them, its bounds from `reckoned` (by default every incident).
 */
export function bounded(commitment: Commitment, versions: ObservationVersion[], asOf: string, claims: Claim[] = [], reckoned = versions) {
  const accord = accordOf([commitment]);
  const series = new Map<string, DailySeries>();
  for (const { source, data } of versions) {
    const incident = data as Incident;
    if (!series.has(source)) series.set(source, new DailySeries());
    series.get(source)!.add(toDayNumber(incident.occurredAt.slice(0, 10)), metricValue(incident, commitment.metric));
  }
  const verdict = evaluateCommitment(accord, commitment, { series, claims }, asOf);
  return withBounds(accord, commitment, verdict, reckon(accord, resolveFilter(commitment.filter, accord), commitment.metric, reckoned));
}
