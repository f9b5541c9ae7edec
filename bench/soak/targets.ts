import { Audit } from './ledger';

export interface Target {
  name: string;
  value: string;
  met: boolean;
}

export interface RssSample {
  /** minutes since the start */
  minute: number;
  mb: number;
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);

/**
 * The mean resident memory of the run's last half against the quarter before it (minutes
 * 10-20 against 5-10 in the default 20): a leak shows as the later mean growing past 10%.
 */
export function rssTarget(samples: RssSample[], minutes: number): Target {
  const reference = mean(samples.filter((s) => s.minute >= minutes / 4 && s.minute < minutes / 2).map((s) => s.mb));
  const last = mean(samples.filter((s) => s.minute >= minutes / 2).map((s) => s.mb));
  const window = (from: number, to: number) => `${+from.toFixed(2)}-${+to.toFixed(2)}`;
  return {
    name: `RSS, minutes ${window(minutes / 2, minutes)} within 10% of ${window(minutes / 4, minutes / 2)}`,
    value: `${last.toFixed(0)} MB vs ${reference.toFixed(0)} MB (${(((last - reference) / reference) * 100).toFixed(1)}%)`,
    met: reference > 0 && last <= reference * 1.1,
  };
}

export function auditTargets(audit: Audit): Target[] {
  const buckets = audit.bucketIncidents.map((b) => `${b.tz} ${b.incidents}`).join(', ') || 'none';
  return [
    {
      name: 'nothing lost: every produced (source, id, revision) appended',
      value: `${audit.produced} produced, ${audit.lost} missing`,
      met: audit.produced > 0 && audit.lost === 0,
    },
    {
      name: 'nothing doubled: each appended once, nothing unproduced',
      value: `${audit.appended} appended, ${audit.distinct} distinct, ${audit.unexpected} unproduced`,
      met: audit.appended === audit.produced && audit.distinct === audit.appended && audit.unexpected === 0,
    },
    {
      name: 'buckets count each live id once, retracted ids nowhere',
      value: `${audit.live} live, ${audit.retracted} retracted; bucket incidents ${buckets}`,
      met: audit.bucketIncidents.length > 0 && audit.bucketIncidents.every((b) => b.incidents === audit.live),
    },
  ];
}

export function printTargets(targets: Target[]): void {
  process.stdout.write('\n| target | value | result |\n|---|---|---|\n');
  for (const t of targets) process.stdout.write(`| ${t.name} | ${t.value} | ${t.met ? 'met' : 'MISSED'} |\n`);
}
