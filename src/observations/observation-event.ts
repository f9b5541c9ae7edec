import { EventType, NewEvent } from '../event-store/event.types';
import { Observation, RETRACTION_REVISION } from './observation';

/** An observation as the event store keeps it: stream = source, key = id. */
export function toEvent(observation: Observation): NewEvent {
  return {
    type: observation.type,
    stream: observation.source,
    key: observation.id,
    revision: observation.type === 'retraction' ? RETRACTION_REVISION : observation.revision,
    data: observation,
  };
}

/** The event types that carry observations (what `toEvent` makes). */
export const OBSERVATION_TYPES: readonly EventType[] = ['incident', 'aggregate', 'retraction'];
const observationTypes = new Set<string>(OBSERVATION_TYPES);
export const isObservation = (type: string): boolean => observationTypes.has(type);
