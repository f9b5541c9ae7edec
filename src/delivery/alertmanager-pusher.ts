import { DataSource, EntityManager } from 'typeorm';
import { Logger } from 'pino';
import { AlertTransition } from '../compliance/alerts';
import { EventStore } from '../event-store/event-store';
import { StoredEvent } from '../event-store/event.types';
import { ComponentState } from '../observability/health';
import { Metrics } from '../observability/metrics';
import { advance, loadCheckpoint, saveCheckpoint } from '../projections/checkpoints';
import { SingleWriter } from '../projections/single-writer';
import { Backoff } from '../resilience/backoff';
import { AlertmanagerAlert, fromTransition, toAlertmanager } from './alertmanager-alert';
import { outcomeOf, post } from './post';
import { receiverId, redact } from './receivers';
import { unsentTransitions } from './unsent-transitions';

const PAGE = 500;

/** When each alert was raised by the monitor: the time its first transition was stored. */
const RAISED_AT = `
  SELECT key AS id, to_json(recorded_at) #>> '{}' AS "raisedAt" FROM events
  WHERE stream = '~alert' AND key = ANY($1::text[]) AND revision = 1`;

const FIRING = `
  SELECT a.body, to_json(e.recorded_at) #>> '{}' AS "raisedAt" FROM alerts a
  JOIN events e ON e.stream = '~alert' AND e.key = a.id AND e.revision = 1
  WHERE a.state = 'firing'`;

/** PostgreSQL's text form of a timestamptz as RFC 3339. */
const instant = (text: string) => new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();

export interface PusherOptions {
  url: string;
  resendMs: number;
  timeoutMs: number;
  publicUrl: string;
  /** the writer's mode: see SingleWriterOptions.exclusive */
  exclusive: boolean;
}

/**
 * Tells one Alertmanager about alerts, from the store: each stored transition once, in
 * order (its own checkpoint), and every `resendMs` all that fire, as Alertmanager expects of a
 * client (it resolves what stops arriving). One instance does it (its own lock); on gaining
 * the lock, after a restart or a takeover, it posts what fires at once. A post runs beside
 * the writer's unit of work, so no database connection waits on Alertmanager (the embedded
 * database has only one).
 */
export class AlertmanagerPusher {
  private readonly writer: SingleWriter;
  private readonly name: string;
  private lastFullPost = 0;
  private sending: Promise<void> | null = null;
  private retryAt = 0;
  private failure: string | null = null;
  private readonly backoff = new Backoff(1000, 60_000);

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly options: PusherOptions,
  ) {
    this.name = `alertmanager:${receiverId(options.url)}`;
    this.writer = new SingleWriter(this.name, dataSource, logger, (runner, fresh) => this.unit(runner.manager, fresh), {
      exclusive: options.exclusive,
    });
  }

  start(): void {
    this.writer.start();
  }

  async stop(): Promise<void> {
    await this.writer.stop();
    await this.sending;
  }

  wake(): void {
    this.writer.wake();
  }

  health(): ComponentState {
    return this.failure ? { status: 'degraded', detail: this.failure } : this.writer.health();
  }

  /** Stored transitions it has not posted yet. */
  backlog(): Promise<number> {
    return unsentTransitions(this.dataSource.manager, this.name);
  }

  /** Reads what to post and starts posting it; true when a post began. */
  private async unit(manager: EntityManager, fresh: boolean): Promise<boolean> {
    if (fresh) this.lastFullPost = 0;
    if (this.sending || Date.now() < this.retryAt) return false;
    const resend = Date.now() - this.lastFullPost >= this.options.resendMs;
    const checkpoint = await loadCheckpoint(manager, this.name);
    const events = await this.store.readAlertTransitionsAfter(checkpoint, PAGE, manager);
    // what fires now last: it is at least as new as the transitions, and Alertmanager keeps the last word on each alert
    const alerts = [...(await this.fromTransitions(manager, events)), ...(resend ? await this.firing(manager) : [])];
    if (alerts.length === 0) {
      if (resend) this.lastFullPost = Date.now();
      return false;
    }
    this.sending = this.send(alerts)
      .then(async () => {
        if (events.length) await saveCheckpoint(this.dataSource.manager, this.name, advance(checkpoint, events));
        if (resend) this.lastFullPost = Date.now();
        this.backoff.reset();
        this.failure = null;
      })
      .catch((error: Error) => {
        const delay = this.backoff.next();
        this.retryAt = Date.now() + delay;
        this.failure = `retrying in ${delay} ms: ${error.message}`;
        this.logger.warn(
          { alertmanager: redact(this.options.url), reason: error.message, retryInMs: delay },
          'alertmanager post failed; will retry',
        );
      })
      .finally(() => {
        this.sending = null;
        this.writer.wake();
      });
    return true;
  }

  private async firing(manager: EntityManager): Promise<AlertmanagerAlert[]> {
    const endsAt = this.firingUntil();
    const rows: { body: AlertTransition; raisedAt: string }[] = await manager.query(FIRING);
    return rows.map((r) => toAlertmanager(r.body, { startsAt: instant(r.raisedAt), endsAt }, this.options.publicUrl));
  }

  private async fromTransitions(manager: EntityManager, events: StoredEvent[]): Promise<AlertmanagerAlert[]> {
    if (events.length === 0) return [];
    const alerts = events.map((e) => e.data as AlertTransition);
    const raised: { id: string; raisedAt: string }[] = await manager.query(RAISED_AT, [[...new Set(alerts.map((a) => a.id))]]);
    const raisedAt = new Map(raised.map((r) => [r.id, instant(r.raisedAt)]));
    const firingUntil = this.firingUntil();
    return events.flatMap((event, i) => {
      const recordedAt = instant(event.recordedAt);
      return fromTransition(
        alerts[i],
        { raisedAt: raisedAt.get(alerts[i].id) ?? recordedAt, recordedAt, firingUntil },
        this.options.publicUrl,
      );
    });
  }

  /** As Prometheus does: four resend periods, so one lost post does not resolve an alert. */
  private firingUntil(): string {
    return new Date(Date.now() + 4 * this.options.resendMs).toISOString();
  }

  /** In posts of at most PAGE alerts. A refusal (4xx) is logged and skipped, since the same alerts would be refused again; anything else throws, to be retried. */
  private async send(alerts: AlertmanagerAlert[]): Promise<void> {
    for (let i = 0; i < alerts.length; i += PAGE) await this.sendPage(alerts.slice(i, i + PAGE));
  }

  private async sendPage(alerts: AlertmanagerAlert[]): Promise<void> {
    const result = await post(`${this.options.url.replace(/\/+$/, '')}/api/v2/alerts`, JSON.stringify(alerts), {}, this.options.timeoutMs);
    const outcome = outcomeOf(result);
    this.metrics.notifications.inc({ channel: 'alertmanager', outcome: outcome === 'sent' ? 'sent' : 'failed' }, alerts.length);
    if (outcome === 'sent') return;
    const reason = 'status' in result ? `answered ${result.status}` : result.error;
    if (outcome === 'skip') {
      this.logger.warn({ alertmanager: redact(this.options.url), alerts: alerts.length, reason }, 'alertmanager refused alerts; skipped');
      return;
    }
    throw new Error(`alertmanager ${redact(this.options.url)} ${reason}`);
  }
}
