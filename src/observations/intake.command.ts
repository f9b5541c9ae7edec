import { Observation } from './observation';
import { AppendOutcome } from '../event-store/event.types';

/** Append a batch of already validated observations: the one way in, whatever the channel. */
export class AppendObservations {
  constructor(readonly observations: Observation[]) {}
}

/** One outcome per observation, in the order given. */
export type AppendObservationsResult = AppendOutcome[];
