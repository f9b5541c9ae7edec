import type { Incident } from '../observations/observation';
import { Dims } from './filters';
import { Claim } from './verdict.types';

/** Where an incident falls for an accord: its day in the accord's time zone and its dimensions. */
export interface Placement {
  day: string;
  dims: Dims;
}

/** An incident version and where it falls in any time zone (worked out on demand). */
export interface PlacedIncident {
  incident: Incident;
  dims: Dims;
  in(timezone: string): Placement;
}

/** What one observation changes in the evidence: the version it takes out and the one it puts in. */
export interface ObservationChange {
  incidentBefore?: PlacedIncident;
  incidentAfter?: PlacedIncident;
  claimBefore?: Claim;
  claimAfter?: Claim;
}
