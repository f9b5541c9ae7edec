import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Where a measured stretch spent the machine's CPU, per event: the pipeline's own process,
 * PostgreSQL's (every `postgres` process), and the rest (the producer, the broker, the
 * benchmark). On two saturated cores a pipeline's rate is its CPU per event, so this is
 * what explains one rate against another.
 */
export interface CpuUse {
  pipelineUs: number;
  postgresUs: number;
  restUs: number;
  /** share of both cores busy over the stretch */
  busyPercent: number;
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** utime + stime of a process, in clock ticks (0 for one that has ended); fields counted after `(comm)`. */
function processTicks(stat: string): number {
  if (stat === '') return 0;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function readStat(pid: number | string): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return ''; // the process has ended
  }
}

function postgresTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const stat = readStat(pid);
    if (stat.includes(' (postgres) ')) ticks.set(pid, processTicks(stat));
  }
  return ticks;
}

/** Busy and total ticks of all cores together, from /proc/stat's `cpu` line. */
function machineTicks(): { busy: number; total: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** CPU seconds a process has used so far (0 once it has ended). */
export const cpuSeconds = (pid: number): number => processTicks(readStat(pid)) / TICKS_PER_SECOND;

interface Sample {
  pipeline: number;
  postgres: Map<string, number>;
  machine: { busy: number; total: number };
}

const sample = (pid: number): Sample => ({
  pipeline: processTicks(readStat(pid)),
  postgres: postgresTicks(),
  machine: machineTicks(),
});

/**
 * Starts metering the process `pid`; the function it returns ends the stretch and divides it
 * by `events`. Call that while the pipeline and its database connections still live: a
 * process that has ended takes its ticks with it.
 */
export function meterCpu(pid: number): (events: number) => CpuUse {
  const start = sample(pid);
  return (events) => {
    const end = sample(pid);
    let postgres = 0;
    for (const [p, ticks] of end.postgres) postgres += ticks - (start.postgres.get(p) ?? 0);
    const busy = end.machine.busy - start.machine.busy;
    const pipeline = end.pipeline - start.pipeline;
    const perEventUs = (ticks: number) => (ticks * 1e6) / TICKS_PER_SECOND / events;
    return {
      pipelineUs: perEventUs(pipeline),
      postgresUs: perEventUs(postgres),
      restUs: perEventUs(Math.max(busy - pipeline - postgres, 0)),
      busyPercent: (100 * busy) / Math.max(end.machine.total - start.machine.total, 1),
    };
  };
}
