import { MappingReport } from '../mapping-report';

/** What a row's mapping could not carry over, for the end-of-import report. */
export interface AcledGaps {
  unknownCountry?: string;
  countryConflict?: string;
  unknownEventType?: string;
  noActor?: boolean;
}

export class AcledReport extends MappingReport<AcledGaps> {
  constructor() {
    super('acled', (gaps) => [
      gaps.unknownCountry && `with the unknown country ${gaps.unknownCountry}: no location.country`,
      gaps.countryConflict && `with ${gaps.countryConflict}: the number's country kept`,
      gaps.unknownEventType && `with the unknown event type '${gaps.unknownEventType}': category other`,
      gaps.noActor && 'without an actor (actor1 empty or NA)',
    ]);
  }
}
