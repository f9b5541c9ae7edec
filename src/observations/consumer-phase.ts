import { ComponentState } from '../observability/health';

/** Where the Kafka consumer stands, as /health reports it under `kafka-consumer`. */
export type ConsumerPhase =
  | { kind: 'starting' }
  | { kind: 'consuming' }
  /** appends fail: the batch is held and retried */
  | { kind: 'paused'; error: string; retryMs: number }
  /** kafkajs crashed the consumer and restarts it itself */
  | { kind: 'restarting'; error: string }
  | { kind: 'disconnected' }
  /** kafkajs gave the consumer up, or it could not start: the service starts it again */
  | { kind: 'stopped'; reason: 'crashed'; error: string }
  | { kind: 'stopped'; reason: 'cannot start'; error: string; retryMs: number };

/** `held`: why intake is held (IntakeHold), which pauses a consumer that is otherwise consuming. */
export function consumerHealth(phase: ConsumerPhase, held?: string): ComponentState {
  if (held && phase.kind === 'consuming') return { status: 'degraded', detail: `paused while intake is held: ${held}` };
  switch (phase.kind) {
    case 'starting':
      return { status: 'degraded', detail: 'starting' };
    case 'consuming':
      return { status: 'up', detail: 'consuming' };
    case 'paused':
      return { status: 'degraded', detail: `paused: ${phase.error}; retrying in ${phase.retryMs} ms` };
    case 'restarting':
      return { status: 'down', detail: `crashed: ${phase.error} (restarting)` };
    case 'disconnected':
      return { status: 'down', detail: 'disconnected from the brokers' };
    case 'stopped':
      return {
        status: 'down',
        detail:
          phase.reason === 'crashed'
            ? `stopped: ${phase.error} (starting again)`
            : `stopped: cannot start (${phase.error}); retrying in ${phase.retryMs} ms`,
      };
  }
}
