import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseAccord } from '../../src/accords/accord.schema';
import { Accord } from '../../src/accords/accord.types';
import { AccordMonitor, MonitorOutput } from '../../src/compliance/accord-monitor';
import { incidentContribution } from '../../src/compliance/ledger';
import { Incident } from '../../src/observations/observation';

/** The accord the project ships, `accords/us-taliban-2020.yaml`, parsed. */
export function shippedAccord(): Accord {
  const parsed = parseAccord(parse(readFileSync(join(__dirname, '../../accords/us-taliban-2020.yaml'), 'utf8')));
  if (!parsed.ok) throw new Error('the shipped accord does not parse');
  return parsed.accord;
}

/** An incident with only what the monitor reads. */
export const incident = (id: string, source: string, occurredAt: string, actor: string, target: string): Incident =>
  ({ type: 'incident', id, source, revision: 1, occurredAt, category: 'attack', actor, target }) as Incident;

/** Each incident as its own event, in order, as the projector steps the monitor: everything they produced. */
export function observe(monitor: AccordMonitor, incidents: Incident[], today: string): MonitorOutput {
  const out: MonitorOutput = { verdicts: [], transitions: [] };
  for (const item of incidents) {
    const placement = incidentContribution(item, monitor.accord.timezone);
    const step = monitor.step(monitor.incidentDate(placement), today, [{ incident: item, placement, sign: 1 }]);
    out.verdicts.push(...step.verdicts);
    out.transitions.push(...step.transitions);
  }
  return out;
}
