import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '../event-store/event-store';
import { Metrics } from '../observability/metrics';
import { AppendObservations, AppendObservationsResult } from './intake.command';
import { toEvent } from './observation-event';
import { ObservationsAppended } from './observations-appended.event';

/** The only way in: every channel (Kafka, HTTP, CLI) appends its validated batch here. */
@CommandHandler(AppendObservations)
export class IntakeHandler implements ICommandHandler<AppendObservations, AppendObservationsResult> {
  constructor(
    private readonly store: EventStore,
    private readonly metrics: Metrics,
    private readonly events: EventBus,
  ) {}

  async execute({ observations }: AppendObservations): Promise<AppendObservationsResult> {
    if (observations.length === 0) return [];
    const outcomes = await this.store.append(observations.map(toEvent));
    this.metrics.countObservations(outcomes);
    const accepted = outcomes.filter((o) => o === 'accepted').length;
    if (accepted > 0) this.events.publish(new ObservationsAppended(accepted));
    return outcomes;
  }
}
