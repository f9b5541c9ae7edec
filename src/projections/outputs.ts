import { EntityManager } from 'typeorm';
import { AlertTransition } from '../compliance/alerts';
import { EventStore } from '../event-store/event-store';
import { NewEvent } from '../event-store/event.types';
import { KeyState, MonitorOutput } from '../compliance/accord-monitor';

/**
 * What evaluation produced, in the batch's transaction: verdict changes and alert transitions
 * appended to the event store (the outbox the relay publishes from; `(stream, key, revision)`
 * makes a rebuild that derives them again append nothing), the alerts read model, and each
 * key's state.
 */
export async function saveOutputs(
  manager: EntityManager,
  store: EventStore,
  out: MonitorOutput,
  dirty: KeyState[],
  acks: { alertId: string; by: string; at: string }[],
): Promise<void> {
  const events: NewEvent[] = [
    ...out.verdicts.map(
      (v): NewEvent => ({
        type: 'verdict.changed',
        stream: '~verdict',
        key: v.key,
        revision: v.revision,
        data: v.entry
          ? { ...v.entry, accordId: v.accordId, commitmentId: v.commitmentId, asOf: v.asOf, key: v.key }
          : { key: v.key, accordId: v.accordId, commitmentId: v.commitmentId, asOf: v.asOf, removed: true },
      }),
    ),
    ...out.transitions.map((t): NewEvent => ({ type: 'alert.transitioned', stream: '~alert', key: t.id, revision: t.transition, data: t })),
  ];
  if (events.length > 0) await store.append(events, manager);
  await saveAlerts(manager, out.transitions);
  for (const ack of acks) {
    await manager.query(
      `UPDATE alerts SET body = body || jsonb_build_object('acknowledgedBy', $2::text, 'acknowledgedAt', $3::text) WHERE id = $1`,
      [ack.alertId, ack.by, ack.at],
    );
  }
  if (dirty.length > 0) {
    await manager.query(
      `INSERT INTO verdict_keys (key, accord_id, commitment_id, source, changes, entry, alert_state)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[])
       ON CONFLICT (key) DO UPDATE SET changes = excluded.changes, entry = excluded.entry, alert_state = excluded.alert_state`,
      [
        dirty.map((k) => k.key),
        dirty.map((k) => k.accordId),
        dirty.map((k) => k.commitmentId),
        dirty.map((k) => k.source),
        dirty.map((k) => k.changes),
        dirty.map((k) => (k.entry ? JSON.stringify(k.entry) : null)),
        dirty.map((k) => JSON.stringify(k.alert)),
      ],
    );
  }
}

/** The latest transition of each alert is its row. */
async function saveAlerts(manager: EntityManager, transitions: AlertTransition[]): Promise<void> {
  const latest = new Map<string, AlertTransition>();
  for (const t of transitions) latest.set(t.id, t);
  if (latest.size === 0) return;
  const rows = [...latest.values()];
  await manager.query(
    `INSERT INTO alerts (id, key, accord_id, state, raised_at, transition, body)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::int[], $7::jsonb[])
     ON CONFLICT (id) DO UPDATE SET state = excluded.state, transition = excluded.transition, body = excluded.body`,
    [
      rows.map((t) => t.id),
      rows.map((t) => t.key),
      rows.map((t) => t.accordId),
      rows.map((t) => t.state),
      rows.map((t) => t.raisedAt),
      rows.map((t) => t.transition),
      rows.map((t) => JSON.stringify(t)),
    ],
  );
}
