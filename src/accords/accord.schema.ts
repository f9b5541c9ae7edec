import { z } from 'zod';
import { firstUnstorable } from '../database/storable';
import { actorSlug, FROM_EARLIEST, fromEarliest, INCIDENT_CATEGORIES, METRIC, slug } from '../observations/observation';
import { ACCORD_ERROR, AccordError, toAccordErrors, withCode } from './accord-errors';
import { Accord } from './accord.types';

/**
 * The accord document (CONTRACT section 3). Objects are strict at every level: a typo in a
 * monitoring document must not pass silently as a commitment that never fires.
 */

/** A date as YAML may give it: a string, or (unquoted, YAML 1.1 timestamps) a Date, taken in UTC. */
const date = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z.iso.date({ error: 'must be a real date YYYY-MM-DD' }).refine(fromEarliest, FROM_EARLIEST),
);
const number = () => z.number({ error: 'must be a number' });
const wholeNumber = () => number().int('must be a whole number');
const oneOrMany = <T extends z.ZodType>(item: T, what: string) =>
  z.union([item, z.array(item).min(1, 'must not be an empty list')], { error: `must be ${what}, or a list of them` });

export function isTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: timezone });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

const metric = z
  .string({ error: 'must be a metric name' })
  .refine(
    (name) => METRIC.test(name),
    withCode(
      ACCORD_ERROR.unknownMetric,
      'is not a metric: attacks, incidents, killed, wounded, prisoners_released, killed.<group> or wounded.<group>',
    ),
  )
  // a refinement is not JSON Schema: the published schema gets the pattern from here
  .meta({ pattern: METRIC.source });

const CATEGORIES = `one of ${INCIDENT_CATEGORIES.join(', ')}`;
const COUNTRY = 'an ISO 3166 alpha-2 code in upper case, e.g. AF';
const category = z.enum(INCIDENT_CATEGORIES, { error: `must be ${CATEGORIES}` });
const country = z.string().regex(/^[A-Z]{2}$/, `must be ${COUNTRY}`);
const admin1 = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

const filter = z
  .strictObject({
    actor: oneOrMany(actorSlug, 'a slug').optional(),
    target: oneOrMany(actorSlug, 'a slug').optional(),
    category: oneOrMany(category, CATEGORIES).optional(),
    country: oneOrMany(country, COUNTRY).optional(),
    admin1: oneOrMany(admin1, 'a name').optional(),
    source: oneOrMany(slug, 'a slug').optional(),
  })
  .default({});

const alerting = z
  .strictObject({
    forDays: wholeNumber().min(0, 'must not be negative').default(0),
    keepFiringForDays: wholeNumber().min(0, 'must not be negative').default(0),
  })
  .default({ forDays: 0, keepFiringForDays: 0 });

const window = z.strictObject({ days: wholeNumber().min(1, 'must be 1 or more').max(3660, 'must be at most 3660') });

const common = { id: slug, metric, filter, alerting, description: z.string().max(2000, 'must be at most 2000 characters').optional() };

const reduction = z.strictObject({
  ...common,
  kind: z.literal('reduction'),
  window,
  baseline: z
    .union([z.literal('previous-year'), z.literal('pre-accord'), z.strictObject({ value: number().nonnegative('must not be negative') })], {
      error: "must be 'previous-year', 'pre-accord' or { value: N }",
    })
    .default('previous-year'),
  threshold: z
    .strictObject({ atRiskPct: number(), breachPct: number() })
    .refine((t) => t.atRiskPct <= t.breachPct, { message: 'must not be above breachPct', path: ['atRiskPct'] }),
  minEvents: wholeNumber().min(0, 'must not be negative').default(0),
});

const quota = z
  .strictObject({
    ...common,
    kind: z.literal('quota'),
    target: number().positive('must be above 0'),
    start: date,
    deadline: date,
    tolerancePct: number().min(0, 'must not be negative').max(100, 'must be at most 100').default(0),
  })
  .refine((q) => q.start <= q.deadline, { message: 'must not be before start', path: ['deadline'] });

const prohibition = z.strictObject({ ...common, kind: z.literal('prohibition'), window });

const commitment = z.discriminatedUnion('kind', [reduction, quota, prohibition], { error: 'must be reduction, quota or prohibition' });

/** Group name -> slugs. A slug in two groups would make "which group acted" depend on key order. */
const actors = z
  .record(slug, z.array(actorSlug, { error: 'must be a list of slugs' }))
  .superRefine((groups, ctx) => {
    const owner = new Map<string, string>();
    for (const [group, names] of Object.entries(groups)) {
      for (const name of new Set([group, ...names])) {
        const other = owner.get(name);
        if (other !== undefined)
          ctx.addIssue({ code: 'custom', path: [group], ...withCode(ACCORD_ERROR.ambiguousAlias, `${name} is already in group ${other}`) });
        else owner.set(name, group);
      }
    }
  })
  // each group also matches its own name, listed first
  .transform((groups) => Object.fromEntries(Object.entries(groups).map(([group, names]) => [group, [...new Set([group, ...names])]])))
  .default({});

/** Each change re-evaluates every commitment of the accord, so one document cannot make that unbounded. */
export const MAX_COMMITMENTS = 100;

export const accordSchema = z.strictObject({
  id: slug,
  name: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
  signedAt: date,
  timezone: z
    .string({ error: 'must be a string' })
    .refine(isTimeZone, withCode(ACCORD_ERROR.badTimeZone, 'is not an IANA time zone, e.g. Asia/Kabul'))
    .meta({ description: 'an IANA time zone, e.g. Asia/Kabul: day boundaries for buckets and windows' }),
  parties: z.array(slug, { error: 'must be a list of slugs' }).default([]),
  actors,
  commitments: z
    .array(commitment, { error: 'must be a list' })
    .min(1, 'must list at least one commitment')
    .max(MAX_COMMITMENTS, `must list at most ${MAX_COMMITMENTS} commitments`),
});

// compile-time proof that whatever the schema yields is an Accord (category may be narrower)
const yieldsAccord = (parsed: z.output<typeof accordSchema>): Accord => parsed;

export type AccordParse = { ok: true; accord: Accord } | { ok: false; errors: AccordError[] };

export function parseAccord(raw: unknown): AccordParse {
  const parsed = accordSchema.safeParse(raw, { reportInput: true });
  // checked on the raw document so these errors show even when other fields are invalid
  const unstorable = firstUnstorable(raw);
  const errors = [
    ...(parsed.success ? [] : toAccordErrors(parsed.error.issues)),
    ...duplicateCommitmentIds(raw),
    ...(unstorable ? [{ code: ACCORD_ERROR.invalidField, ...unstorable }] : []),
  ];
  return parsed.success && errors.length === 0 ? { ok: true, accord: yieldsAccord(parsed.data) } : { ok: false, errors };
}

function duplicateCommitmentIds(raw: unknown): AccordError[] {
  const list = isRecord(raw) && Array.isArray(raw.commitments) ? raw.commitments : [];
  const seen = new Set<string>();
  const errors: AccordError[] = [];
  list.forEach((item: unknown, i) => {
    const id = isRecord(item) ? item.id : undefined;
    if (typeof id !== 'string') return;
    if (seen.has(id))
      errors.push({
        code: ACCORD_ERROR.duplicateCommitmentId,
        field: `commitments.${i}.id`,
        reason: `${id} is already the id of an earlier commitment`,
      });
    seen.add(id);
  });
  return errors;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
