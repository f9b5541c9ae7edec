import { z } from 'zod';

/**
 * The observation contract (CONTRACT section 1): one definition from which the TypeScript
 * types, the validator used by every channel and the published JSON Schema all come.
 */

export const SLUG = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const MAX_OBSERVATION_BYTES = 64 * 1024;
/** A retraction outranks every revision of the observation it retracts: nothing after it counts. */
export const RETRACTION_REVISION = 2147483647;

export const INCIDENT_CATEGORIES = [
  'attack',
  'clash',
  'airstrike',
  'explosion',
  'violence_against_civilians',
  'prisoner_release',
  'other',
] as const;

export const slug = z.string().regex(SLUG, 'must be a slug: lower-case letters, digits, ".", "_" or "-", at most 64 characters');
/** Actor and target names: ACLED's joint names (JNIM with Islamic State Sahel) make slugs past 64 characters. */
export const ACTOR_SLUG = /^[a-z0-9][a-z0-9._-]{0,127}$/;
export const actorSlug = z
  .string()
  .regex(ACTOR_SLUG, 'must be a slug: lower-case letters, digits, ".", "_" or "-", at most 128 characters');
const id = z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters');
const count = z.number().int('must be a whole number').nonnegative('must not be negative');
const revision = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be 1 or more')
  .max(RETRACTION_REVISION - 1)
  .default(1);
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

/**
 * The earliest date anything may name. Nothing older is conflict data, and before it lie
 * PostgreSQL's missing year 0 and JavaScript's years 0-99 (Date.UTC reads them as 19xx).
 */
export const EARLIEST_DATE = '1900-01-01';
export const fromEarliest = (text: string) => text.slice(0, 10) >= EARLIEST_DATE;
export const FROM_EARLIEST = `must be ${EARLIEST_DATE} or later`;
/** A calendar date that exists (2021-02-29 does not). */
const calendarDate = z.iso.date({ error: 'must be a date YYYY-MM-DD' });
const dateTime = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time with offset' });
export const isoDate = calendarDate.refine(fromEarliest, FROM_EARLIEST);
export const isoDateTime = dateTime.refine(fromEarliest, FROM_EARLIEST);
/** `occurredAt`: a date (read in the accord's time zone) or a date-time with an offset. */
export const dateOrDateTime = z
  .union([calendarDate, dateTime], { error: 'must be a date YYYY-MM-DD or an ISO-8601 date-time with offset' })
  .refine(fromEarliest, FROM_EARLIEST);

export const period = z
  .object({ from: isoDate, to: isoDate })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] });
export type Period = z.infer<typeof period>;

export const location = z.looseObject({
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code')
    .optional(),
  admin1: text(200).optional(),
  admin2: text(200).optional(),
  place: text(200).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
});

const casualties = z.record(slug, count);

/** How closely an incident's place is known (CONTRACT section 9), most precise first. */
export const PLACE_PRECISIONS = ['exact', 'near', 'region', 'country'] as const;
export type PlacePrecision = (typeof PLACE_PRECISIONS)[number];

const oneOrMany = <T extends z.ZodTypeAny>(item: T) => z.union([item, z.array(item).min(1).max(64)]);
export const observationFilter = z.strictObject({
  actor: oneOrMany(actorSlug).optional(),
  target: oneOrMany(actorSlug).optional(),
  category: oneOrMany(z.enum(INCIDENT_CATEGORIES)).optional(),
  country: oneOrMany(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code')).optional(),
  admin1: oneOrMany(text(200)).optional(),
  source: oneOrMany(slug).optional(),
});

export const METRIC = /^(attacks|incidents|killed|wounded|prisoners_released|(killed|wounded)\.[a-z0-9][a-z0-9._-]{0,63})$/;
export const metric = z
  .string()
  .regex(METRIC, 'must be attacks, incidents, killed, wounded, prisoners_released, killed.<group> or wounded.<group>');

const header = { id, source: slug };

export const incidentSchema = z.looseObject({
  type: z.literal('incident'),
  ...header,
  occurredAt: dateOrDateTime,
  category: z.enum(INCIDENT_CATEGORIES, { error: `must be one of ${INCIDENT_CATEGORIES.join(', ')}` }),
  actor: actorSlug.optional(),
  target: actorSlug.optional(),
  location: location.optional(),
  killed: casualties.optional(),
  wounded: casualties.optional(),
  // the uncertainty of CONTRACT section 9; how they must agree with the rest is in uncertainty.ts
  dateRange: period.optional(),
  killedLow: casualties.optional(),
  killedHigh: casualties.optional(),
  woundedLow: casualties.optional(),
  woundedHigh: casualties.optional(),
  placePrecision: z.enum(PLACE_PRECISIONS, { error: `must be one of ${PLACE_PRECISIONS.join(', ')}` }).optional(),
  prisonersReleased: count.optional(),
  revision,
  reportedAt: isoDateTime.optional(),
  notes: text(4000).optional(),
});

const changePct = z.number().gt(-100, 'must be greater than -100');
export const aggregateSchema = z.looseObject({
  type: z.literal('aggregate'),
  ...header,
  metric,
  period,
  value: z.number().nonnegative('must not be negative'),
  filter: observationFilter.optional(),
  baseline: z
    .union([
      z.strictObject({ period, value: z.number().nonnegative('must not be negative') }),
      z.strictObject({ period: period.optional(), changePct }),
    ])
    .optional(),
  revision,
  reportedAt: isoDateTime.optional(),
  notes: text(4000).optional(),
});

export const retractionSchema = z.looseObject({
  type: z.literal('retraction'),
  ...header,
  reason: text(4000).min(1, 'must not be empty'),
});

export const observationSchema = z.discriminatedUnion('type', [incidentSchema, aggregateSchema, retractionSchema], {
  error: 'must be one of incident, aggregate, retraction',
});

export type Incident = z.infer<typeof incidentSchema>;
export type IncidentCategory = Incident['category'];
export type Aggregate = z.infer<typeof aggregateSchema>;
export type Observation = z.infer<typeof observationSchema>;
