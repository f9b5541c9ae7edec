import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Accord, Commitment } from '../accords/accord.types';
import { evaluateSource } from '../compliance/commitment';
import { claimItem, EvidenceItem, evidencePeriods, EvidencePeriods, incidentItems, ItemKey, pageAfter } from '../compliance/evidence-items';
import { bothFilters, resolveFilter } from '../compliance/filters';
import { Claim, DatePeriod, SourceVerdict } from '../compliance/verdict.types';
import { Checkpoint } from '../event-store/event.types';
import { claimsFor, seriesBySource } from '../compliance/evidence';
import { asArrays } from '../projections/accord-evidence';
import { dailyTotals } from '../projections/bucket-queries';
import { loadCheckpoint } from '../projections/checkpoints';
import { loadClaims } from '../projections/claim-changes';
import { PROJECTOR } from '../projections/projection-engine';
import { currentVersion, versionsNear } from './observation-versions';

export interface EvidencePage extends EvidencePeriods {
  entry: SourceVerdict;
  items: EvidenceItem[];
  next: ItemKey | null;
}

/**
 * The observations behind one source's verdict (CONTRACT section 8). The verdict is evaluated
 * as the compliance report does, and the observations read, in one snapshot as of the
 * projector's checkpoint, so the items add up to the report's figures at that moment.
 */
@Injectable()
export class EvidenceReader {
  constructor(private readonly dataSource: DataSource) {}

  /** A page of items after `after`; null when the source has no verdict on the commitment as of the date. */
  page(
    accord: Accord,
    commitment: Commitment,
    source: string,
    asOf: string,
    after: ItemKey | null,
    limit: number,
  ): Promise<EvidencePage | null> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const upTo = await loadCheckpoint(manager, PROJECTOR);
      const filter = asArrays(bothFilters(resolveFilter(commitment.filter, accord), { source: new Set([source]) }));
      const totals = await dailyTotals(manager, accord.timezone, commitment.metric, filter);
      const claims = claimsFor(commitment, accord, await loadClaims(manager)).filter((c) => c.source === source);
      const entry = evaluateSource(accord, commitment, { series: seriesBySource(totals), claims }, source, asOf);
      if (!entry) return null;
      const claim = entry.basis === 'claim' ? claims.find((c) => c.id === entry.claimId) : undefined;
      const periods = evidencePeriods(accord, commitment, entry, claim);
      const items = claim
        ? await this.claimItems(manager, claim, upTo)
        : incidentItems(accord, commitment, periods, await versionsNear(manager, source, filter, remaining(periods, after), upTo));
      return { entry, ...periods, ...pageAfter(items, after, limit) };
    });
  }

  private async claimItems(manager: EntityManager, claim: Claim, upTo: Checkpoint): Promise<EvidenceItem[]> {
    const version = await currentVersion(manager, claim.source, claim.id, upTo);
    return version ? [claimItem(claim, version)] : [];
  }
}

/** The parts of the periods a page after `after` can still hold items from. */
function remaining(periods: EvidencePeriods, after: ItemKey | null): DatePeriod[] {
  const all = periods.baselinePeriod ? [periods.baselinePeriod, periods.period] : [periods.period];
  if (!after) return all;
  return all.flatMap((p) => (p.to < after.localDate ? [] : [{ from: p.from > after.localDate ? p.from : after.localDate, to: p.to }]));
}
