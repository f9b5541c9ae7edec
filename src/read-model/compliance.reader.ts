import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Accord } from '../accords/accord.types';
import { concernsAccord } from '../compliance/claim-scope';
import { evaluateAccord } from '../compliance/commitment';
import { addDays, oneYearEarlier, toDayNumber } from '../compliance/days';
import { countedPeriods, Reckoned, reckon, shift, withBounds } from '../compliance/bounds';
import { bothFilters, ResolvedFilter, resolveFilter } from '../compliance/filters';
import { withPace } from '../compliance/pace';
import { Claim, ComplianceReport, DatePeriod } from '../compliance/verdict.types';
import { Checkpoint } from '../event-store/event.types';
import { loadCheckpoint } from '../projections/checkpoints';
import { uncertainVersions } from './observation-versions';
import { claimsFor, seriesBySource } from '../compliance/evidence';
import { datedReport, DatedReport } from '../compliance/since';
import { asArrays, filterArrays, loadAccordEvidence } from '../projections/accord-evidence';
import { dailyTotals } from '../projections/bucket-queries';
import { loadClaims } from '../projections/claim-changes';
import { DailySeries } from '../compliance/series';
import { CommitmentFilter } from '../accords/accord.types';
import { PROJECTOR } from '../projections/projection-engine';
import { JsonBody, jsonBody } from './json-body';
import { PositionCache } from './position-cache';
import { SingleFlight } from './single-flight';

interface ReportHead {
  accord: Accord;
  revision: number;
  clock: string | null;
  position: string | null;
}

export interface WindowQuery {
  metric: string;
  days: number;
  from: string;
  to: string;
  filter: CommitmentFilter;
  /** a commitment's filter, which `filter` narrows: the series its verdicts are computed on */
  within?: CommitmentFilter;
}

export interface WindowPoint {
  date: string;
  value: number;
  baseline: number;
  /** with a commitment only */
  low?: number;
  high?: number;
}

/** The change the source stated, else the one its figures give. */
const statedOrComputedChange = (claim: Claim): number | null =>
  claim.baseline?.changePct ??
  (claim.baseline && claim.baseline.value > 0 ? ((claim.value - claim.baseline.value) * 100) / claim.baseline.value : null);

/** The read side over the stored projections, evaluated with the same pure functions as live. */
@Injectable()
export class ComplianceReader {
  private readonly reports = new PositionCache<JsonBody>();
  private readonly heads = new SingleFlight<ReportHead | undefined>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The report as encoded JSON, as of `asOf` or else the accord's clock or else `today`;
   * null when there is no such accord. Dashboards poll this: one round trip, shared by the
   * polls that arrive while it is in flight, reads the accord, its clock and the projection
   * position, and the body is reused, not even serialised or encoded again, while the
   * projections have not moved (a report naming hundreds of sources runs to 100 KB).
   */
  async report(id: string, asOf: string | undefined, today: (timezone: string) => string): Promise<JsonBody | null> {
    const row = await this.heads.run(id, () => this.head(id));
    if (!row) return null;
    const date = asOf ?? row.clock ?? today(row.accord.timezone);
    return this.reports.get(`${id}\u0000${row.revision}\u0000${date}`, row.position ?? '0', async () =>
      jsonBody(await this.evaluate(row.accord, date)),
    );
  }

  private async head(id: string): Promise<ReportHead | undefined> {
    const [row]: ReportHead[] = await this.dataSource.query(
      `SELECT e.data AS accord, e.revision, a.as_of::text AS clock,
              (SELECT position::text FROM checkpoints WHERE name = $2) AS position
       FROM (SELECT type, data, revision FROM events WHERE stream = '~accord' AND key = $1 ORDER BY revision DESC LIMIT 1) e
       LEFT JOIN accords a ON a.id = $1
       WHERE e.type = 'accord.defined'`,
      [id, PROJECTOR],
    );
    return row;
  }

  /**
   * In one snapshot as of the projector's checkpoint, so the uncertain incidents read from the
   * event store are the versions the buckets counted, and bounds agree with the best figures.
   */
  private evaluate(accord: Accord, asOf: string): Promise<DatedReport> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const upTo = await loadCheckpoint(manager, PROJECTOR);
      const { totals, claims } = await loadAccordEvidence(manager, accord);
      const inputs = new Map(
        accord.commitments.map((c) => [c.id, { series: seriesBySource(totals.get(c.id) ?? []), claims: claimsFor(c, accord, claims) }]),
      );
      const report = datedReport(accord, inputs, evaluateAccord(accord, inputs, asOf));
      const commitments = [];
      for (const [i, verdict] of report.commitments.entries()) {
        const commitment = accord.commitments[i];
        const counted = verdict.sources.some((entry) => entry.basis === 'incidents');
        const incidents = counted
          ? await this.uncertain(
              manager,
              accord,
              commitment.metric,
              resolveFilter(commitment.filter, accord),
              countedPeriods(accord, commitment, asOf),
              upTo,
            )
          : [];
        commitments.push(withPace(commitment, withBounds(accord, commitment, verdict, incidents), inputs.get(commitment.id)!.series));
      }
      return { ...report, commitments };
    });
  }

  private async uncertain(
    manager: EntityManager,
    accord: Accord,
    metric: string,
    filter: ResolvedFilter,
    periods: DatePeriod[],
    upTo: Checkpoint,
  ): Promise<Reckoned[]> {
    return reckon(accord, filter, metric, await uncertainVersions(manager, asArrays(filter), periods, upTo));
  }

  /** The claims concerning the accord, with the commitments each is evidence on (none: kept beside them) and its own change. */
  async claims(accord: Accord) {
    const claims = (await loadClaims(this.dataSource.manager)).filter(concernsAccord(accord));
    return {
      claims: claims.map((claim) => ({
        ...claim,
        changePct: statedOrComputedChange(claim),
        commitments: accord.commitments.filter((c) => claimsFor(c, accord, [claim]).length > 0).map((c) => c.id),
      })),
    };
  }

  /**
   * One point per day: the rolling window ending that day, and the same window one year
   * earlier; for a commitment's series also the window's low and high readings (CONTRACT section 9).
   */
  windows(accord: Accord, q: WindowQuery): Promise<{ points: WindowPoint[] }> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const earliest = oneYearEarlier(addDays(q.from, 1 - q.days));
      const asked = resolveFilter(q.filter, accord);
      const filter = q.within ? bothFilters(resolveFilter(q.within, accord), asked) : asked;
      const rows = await dailyTotals(manager, accord.timezone, q.metric, asArrays(filter), { from: earliest, to: q.to });
      const all = new DailySeries();
      for (const row of rows) all.add(toDayNumber(row.day), row.value);
      const range = [{ from: addDays(q.from, 1 - q.days), to: q.to }];
      const incidents = q.within
        ? await this.uncertain(manager, accord, q.metric, filter, range, await loadCheckpoint(manager, PROJECTOR))
        : null;
      const points: WindowPoint[] = [];
      for (let date = q.from; date <= q.to; date = addDays(date, 1)) {
        const start = addDays(date, 1 - q.days);
        const value = all.sum(toDayNumber(start), toDayNumber(date));
        const band = incidents && shift(incidents, { from: start, to: date });
        points.push({
          date,
          value,
          baseline: all.sum(toDayNumber(oneYearEarlier(start)), toDayNumber(oneYearEarlier(date))),
          ...(band && { low: value + band.low, high: value + band.high }),
        });
      }
      return { points };
    });
  }
}
