import { EventStore1764050000000 } from './1764050000000-event-store';

/** Every migration, in order. Run at start; never `synchronize`. */
export const MIGRATIONS = [EventStore1764050000000];
