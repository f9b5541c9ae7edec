import { EventStore1764050000000 } from './1764050000000-event-store';
import { Projections1764050000001 } from './1764050000001-projections';

/** Every migration, in order. Run at start; never `synchronize`. */
export const MIGRATIONS = [EventStore1764050000000, Projections1764050000001];

/** The tables a rebuild empties (everything but the event store and the migrations). */
export const PROJECTION_TABLES = ['observation_heads', 'buckets', 'claims', 'accords', 'verdict_keys', 'alerts'];
