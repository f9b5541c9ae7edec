import { localDate } from '../compliance/days';
import { IncidentContribution, incidentContribution } from '../compliance/ledger';
import { PlacedIncident } from '../compliance/observation-change';
import type { Incident } from '../observations/observation';

/** The bucket zone of incidents dated without a time: their day is the same in every time zone. */
export const ANY_ZONE = '*';
/**
 * An instant's bucket label: the zones whose local day is the day before the row's UTC date,
 * those on it and those on the day after, each list joined by ZONE_SEPARATOR and the three by
 * SHIFT_SEPARATOR ('America/Bogota;Asia/Kabul,Europe/Kyiv;Pacific/Chatham'). No IANA zone name
 * holds either. A label without SHIFT_SEPARATOR names one zone, or '*', on the row's own day.
 */
export const ZONE_SEPARATOR = ',';
export const SHIFT_SEPARATOR = ';';

/** A bare date is the same local day everywhere; only an instant needs a zone to become a day. */
export const sameDayEverywhere = (occurredAt: string) => occurredAt.length === 10;

/**
 * An incident version's contribution in each time zone asked for, its dimensions and metrics
 * worked out once (they do not depend on the zone) and its day once per zone.
 */
export class Placements implements PlacedIncident {
  private readonly base: IncidentContribution;
  private readonly byZone = new Map<string, IncidentContribution>();

  constructor(readonly incident: Incident) {
    this.base = incidentContribution(incident, 'UTC');
  }

  get dims() {
    return this.base.dims;
  }

  in(timezone: string): IncidentContribution {
    if (sameDayEverywhere(this.incident.occurredAt)) return this.base;
    let found = this.byZone.get(timezone);
    if (!found) this.byZone.set(timezone, (found = { ...this.base, day: localDate(this.incident.occurredAt, timezone) }));
    return found;
  }

  /**
   * Its one bucket row, as (label, contribution): for all zones when its day is the same
   * everywhere, else on its UTC date under a label telling which of `zones` (sorted) see it a
   * day earlier or later (every offset is within a day of UTC); a reader of a zone shifts the
   * row's day by what the label says of the zone (bucket-queries.ts, zoneShift). None while no
   * accord has a zone: a zone's first accord backfills its rows.
   */
  bucketRow(zones: readonly string[]): [string, IncidentContribution] | null {
    if (sameDayEverywhere(this.incident.occurredAt)) return [ANY_ZONE, this.base];
    if (zones.length === 0) return null;
    const utc = this.base; // worked out in UTC
    const shifted: [string[], string[], string[]] = [[], [], []];
    for (const tz of zones) {
      const { day } = this.in(tz);
      shifted[day < utc.day ? 0 : day > utc.day ? 2 : 1].push(tz);
    }
    return [shifted.map((group) => group.join(ZONE_SEPARATOR)).join(SHIFT_SEPARATOR), utc];
  }
}
