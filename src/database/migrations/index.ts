import { EventStore1764050000000 } from './1764050000000-event-store';
import { Projections1764050000001 } from './1764050000001-projections';
import { HeadsFromEvents1764050000002 } from './1764050000002-heads-from-events';
import { BucketLog1764050000003 } from './1764050000003-bucket-log';
import { Deliveries1764050000010 } from './1764050000010-deliveries';
import { ReadHorizon1764050000020 } from './1764050000020-read-horizon';
import { UncertainIncidents1764050000030 } from './1764050000030-uncertain-incidents';
import { BucketAnyZone1764050000040 } from './1764050000040-bucket-any-zone';
import { ProjectorShards1764050000050 } from './1764050000050-projector-shards';
import { BucketZoneGroups1764050000060 } from './1764050000060-bucket-zone-groups';
import { BucketLocalDayGroups1764050000070 } from './1764050000070-bucket-local-day-groups';

/** Every migration, in order. Run at start; never `synchronize`. */
export const MIGRATIONS = [
  EventStore1764050000000,
  Projections1764050000001,
  HeadsFromEvents1764050000002,
  BucketLog1764050000003,
  Deliveries1764050000010,
  ReadHorizon1764050000020,
  UncertainIncidents1764050000030,
  BucketAnyZone1764050000040,
  ProjectorShards1764050000050,
  BucketZoneGroups1764050000060,
  BucketLocalDayGroups1764050000070,
];

/** The tables a rebuild empties (everything but the event store and the migrations). */
export const PROJECTION_TABLES = [
  'buckets',
  'bucket_totals',
  'claims',
  'accords',
  'verdict_keys',
  'alerts',
  'projection_batches',
  'bucket_zones',
];
