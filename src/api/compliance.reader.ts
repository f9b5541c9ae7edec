import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Accord } from '../accords/accord.types';
import { evaluateAccord } from '../compliance/commitment';
import { addDays, oneYearEarlier, toDayNumber } from '../compliance/days';
import { ComplianceReport } from '../compliance/verdict.types';
import { claimsFor, filterArrays, loadAccordEvidence, seriesBySource } from '../projections/accord-evidence';
import { dailyTotals } from '../projections/bucket-queries';
import { loadClaims } from '../projections/claim-changes';
import { DailySeries } from '../compliance/series';
import { CommitmentFilter } from '../accords/accord.types';
import { PROJECTOR } from '../projections/projection-engine';
import { PositionCache } from './position-cache';

export interface WindowQuery {
  metric: string;
  days: number;
  from: string;
  to: string;
  filter: CommitmentFilter;
}

/** The read side over the stored projections, evaluated with the same pure functions as live. */
@Injectable()
export class ComplianceReader {
  private readonly reports = new PositionCache<string>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The report as JSON text. Dashboards poll this: the text is reused, not even serialised
   * again, while the projections have not moved.
   */
  async reportJson(accord: Accord, revision: number, asOf: string): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT position::text FROM checkpoints WHERE name = $1`, [PROJECTOR]);
    return this.reports.get(`${accord.id}\u0000${revision}\u0000${asOf}`, row?.position ?? '0', async () =>
      JSON.stringify(await this.evaluate(accord, asOf)),
    );
  }

  private async evaluate(accord: Accord, asOf: string): Promise<ComplianceReport> {
    const { totals, claims } = await loadAccordEvidence(this.dataSource.manager, accord);
    const inputs = new Map(
      accord.commitments.map((c) => [c.id, { series: seriesBySource(totals.get(c.id) ?? []), claims: claimsFor(c, accord, claims) }]),
    );
    return evaluateAccord(accord, inputs, asOf);
  }

  /** Every claim, with the commitments it is evidence on (none: kept beside them) and its own change. */
  async claims(accord: Accord) {
    const claims = await loadClaims(this.dataSource.manager);
    return {
      claims: claims.map((claim) => ({
        ...claim,
        changePct: claim.baseline && claim.baseline.value > 0 ? ((claim.value - claim.baseline.value) / claim.baseline.value) * 100 : null,
        commitments: accord.commitments.filter((c) => claimsFor(c, accord, [claim]).length > 0).map((c) => c.id),
      })),
    };
  }

  /** One point per day: the rolling window ending that day, and the same window one year earlier. */
  async windows(accord: Accord, q: WindowQuery): Promise<{ points: { date: string; value: number; baseline: number }[] }> {
    const earliest = oneYearEarlier(addDays(q.from, 1 - q.days));
    const rows = await dailyTotals(this.dataSource.manager, accord.timezone, q.metric, filterArrays({ filter: q.filter }, accord), {
      from: earliest,
      to: q.to,
    });
    const all = new DailySeries();
    for (const row of rows) all.add(toDayNumber(row.day), row.value);
    const points = [];
    for (let date = q.from; date <= q.to; date = addDays(date, 1)) {
      const start = addDays(date, 1 - q.days);
      points.push({
        date,
        value: all.sum(toDayNumber(start), toDayNumber(date)),
        baseline: all.sum(toDayNumber(oneYearEarlier(start)), toDayNumber(oneYearEarlier(date))),
      });
    }
    return { points };
  }
}
