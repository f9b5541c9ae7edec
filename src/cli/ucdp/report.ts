import { MappingReport } from '../mapping-report';

/** What a row's mapping could not carry over, for the end-of-import report. */
export interface UcdpGaps {
  unknownCountry?: string;
  unknownViolenceType?: string;
  noActor?: boolean;
}

export class UcdpReport extends MappingReport<UcdpGaps> {
  constructor() {
    super('ucdp', (gaps) => [
      gaps.unknownCountry && `with the unknown country ${gaps.unknownCountry}: no location.country`,
      gaps.unknownViolenceType && `with the unknown type_of_violence '${gaps.unknownViolenceType}': category other`,
      gaps.noActor && 'without an actor (side_a empty)',
    ]);
  }
}
