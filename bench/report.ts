import { AccordRun } from './accord-scaling';
import { Load } from './compliance-load';
import { CpuUse } from './cpu-use';
import { Latency } from './latency';
import { ReverseHistory } from './reverse-history';
import { ShardRun } from './shard-scaling';
import { Throughput } from './run-baseline';

export interface Results {
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string };
  sizes: Record<string, number>;
  throughput: { monitor: Throughput; rawCopy: Throughput; rawParse: Throughput; handBatched: Throughput; naive: Throughput };
  peakRssMb: number;
  latency: Latency;
  rebuild: Throughput;
  /** measured after a warm-up; `firstRequestMs` is the first request after the start */
  compliance: Load & { firstRequestMs: number };
  reverseHistory: ReverseHistory;
  /** the embedded default (PGlite) fed the same history */
  embedded: ReverseHistory;
  accords: AccordRun[];
  shards: ShardRun[];
  at: string;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const check = (ok: boolean) => (ok ? 'met' : 'MISSED');
const us = (n: number) => n.toFixed(1);
const cpuCells = (c: CpuUse | undefined) =>
  c
    ? `${us(c.pipelineUs)} + ${us(c.postgresUs)} + ${us(c.restUs)} = ${us(c.pipelineUs + c.postgresUs + c.restUs)} | ${c.busyPercent.toFixed(0)}%`
    : ' | ';

/** The table the README quotes: each pipeline's rate, the monitor's ratio to it, and the targets. */
export function printReport(r: Results): void {
  const t = r.throughput;
  const rows: [string, Throughput, string][] = [
    ['monitor (end to end)', t.monitor, ''],
    ['raw COPY (limit)', t.rawCopy, `${((100 * t.monitor.perSecond) / t.rawCopy.perSecond).toFixed(0)}% of it`],
    ['raw kafkajs parse (limit)', t.rawParse, `${((100 * t.monitor.perSecond) / t.rawParse.perSecond).toFixed(0)}% of it`],
    ['hand-batched', t.handBatched, `${(t.monitor.perSecond / t.handBatched.perSecond).toFixed(2)}x`],
    ['naive', t.naive, `${(t.monitor.perSecond / t.naive.perSecond).toFixed(1)}x`],
  ];
  const lines = [
    `machine: ${r.machine.cpus} CPUs (${r.machine.cpuModel}), ${r.machine.memoryGb} GB, node ${r.machine.node}`,
    '',
    '| pipeline | events | seconds | events/s | monitor vs it | CPU µs/event: pipeline + PostgreSQL + rest = all | machine busy |',
    '|---|---:|---:|---:|---|---|---:|',
    ...rows.map(
      ([name, x, ratio]) =>
        `| ${name} | ${int(x.events)} | ${x.seconds.toFixed(1)} | ${int(x.perSecond)} | ${ratio} | ${cpuCells(x.cpu)} |`,
    ),
    '',
    '| target | measured | goal | |',
    '|---|---:|---:|---|',
    `| ingest vs hand-batched | ${(t.monitor.perSecond / t.handBatched.perSecond).toFixed(2)}x | >= 1.5x | ${check(t.monitor.perSecond >= 1.5 * t.handBatched.perSecond)} |`,
    `| ingest vs naive | ${(t.monitor.perSecond / t.naive.perSecond).toFixed(1)}x | >= 20x | ${check(t.monitor.perSecond >= 20 * t.naive.perSecond)} |`,
    `| produce-to-alert p99 at ${int(r.latency.backgroundPerSecond)}/s background | ${r.latency.p99Ms.toFixed(0)} ms (p50 ${r.latency.p50Ms.toFixed(0)}, max ${r.latency.maxMs.toFixed(0)}; ${r.latency.received}/${r.latency.probes} alerts) | <= 500 ms | ${check(r.latency.p99Ms <= 500 && r.latency.received === r.latency.probes)} |`,
    `| rebuild of ${int(r.rebuild.events)} events | ${r.rebuild.seconds.toFixed(1)} s (${int(r.rebuild.perSecond)}/s) | <= 30 s | ${check(r.rebuild.seconds <= 30)} |`,
    `| peak RSS ingesting ${int(t.monitor.events)} | ${r.peakRssMb.toFixed(0)} MB | <= 300 MB | ${check(r.peakRssMb <= 300)} |`,
    `| compliance p99, ${r.compliance.connections} clients | ${r.compliance.p99Ms} ms (p50 ${r.compliance.p50Ms}, ${int(r.compliance.perSecond)} req/s, ${r.compliance.non2xx + r.compliance.errors} errors; first request ${int(r.compliance.firstRequestMs)} ms) | <= 50 ms | ${check(r.compliance.p99Ms <= 50 && r.compliance.non2xx + r.compliance.errors === 0)} |`,
    `| peak RSS, ${int(r.reverseHistory.events)} incidents over ${r.reverseHistory.years} years fed newest first | ${r.reverseHistory.peakRssMb.toFixed(0)} MB (${r.reverseHistory.seconds.toFixed(1)} s) | <= 300 MB | ${check(r.reverseHistory.peakRssMb <= 300)} |`,
    `| embedded default, idle after a first start | ${r.embedded.idleRssMb.toFixed(0)} MB | <= 300 MB | ${check(r.embedded.idleRssMb <= 300)} |`,
    `| embedded default, peak RSS importing ${int(r.embedded.events)} | ${r.embedded.peakRssMb.toFixed(0)} MB (${r.embedded.seconds.toFixed(1)} s) | <= 400 MB | ${check(r.embedded.peakRssMb <= 400)} |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  printAccords(r.accords);
  printShards(r.shards);
}

/** Goals, as ratios to the shipped accord alone: by how many accords an incident can concern. */
const ACCORD_GOALS: Record<string, number> = { 'own-country': 0.9, elsewhere: 0.95, 'same-actors': 0.6 };

export function printAccords(runs: AccordRun[]): void {
  const one = runs.find((r) => r.mode === 'one');
  const lines = [
    '',
    '| accords | time zones | scoped | events/s | vs 1 accord | goal (50) | CPU µs/event: monitor + PostgreSQL + rest = all | machine busy |',
    '|---|---:|---|---:|---:|---:|---|---:|',
    ...runs.map((r) => {
      const ratio = one ? r.ingest.perSecond / one.ingest.perSecond : NaN;
      const goal = r.accords === 50 && r.zones > 1 ? ACCORD_GOALS[r.mode] : undefined;
      const verdict = goal === undefined ? '' : `>= ${goal}x ${check(ratio >= goal)}`;
      return `| ${r.accords} | ${r.zones} | ${r.mode} | ${int(r.ingest.perSecond)} | ${ratio.toFixed(2)}x | ${verdict} | ${cpuCells(r.ingest.cpu)} |`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Each instance's projector CPU per event against one instance's, for the same accords and incidents. */
export function printShards(runs: ShardRun[]): void {
  const lines = [
    '',
    '| accords scoped | instances | shards held | CPU µs/event per instance | vs one instance | seconds | equal to a rebuild |',
    '|---|---:|---|---|---|---:|---|',
  ];
  for (const r of runs) {
    const one = runs.find((o) => o.mode === r.mode && o.instances === 1)?.perInstance[0].cpuUsPerEvent ?? NaN;
    const cells = (f: (p: ShardRun['perInstance'][number]) => string) => r.perInstance.map(f).join(' / ');
    const total = r.perInstance.reduce((sum, p) => sum + p.cpuUsPerEvent, 0);
    lines.push(
      `| ${r.mode} | ${r.instances} | ${cells((p) => p.shards.join('+'))} | ${cells((p) => us(p.cpuUsPerEvent))} | ${cells((p) => `${(p.cpuUsPerEvent / one).toFixed(2)}x`)} (all ${(total / one).toFixed(2)}x) | ${r.seconds.toFixed(1)} | ${r.equalToRebuild ? 'yes' : 'NO'} |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
