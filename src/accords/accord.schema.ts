import { z } from 'zod';
import { isTimeZone } from '../compliance/days';
import { INCIDENT_CATEGORIES, metric, slug } from '../observations/observation';
import { Accord } from './accord.types';

/** A date as YAML may give it: a string, or (unquoted in YAML) a Date at UTC midnight. */
const date = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z.iso.date({ error: 'must be a date YYYY-MM-DD' }),
);
const oneOrMany = <T extends z.ZodTypeAny>(item: T) => z.union([item, z.array(item).min(1, 'must not be an empty list')]);
const pct = z.number({ error: 'must be a number' });
const days = z.strictObject({ days: z.number().int('must be a whole number').min(1, 'must be 1 or more').max(3660, 'must be at most 3660') });

const filter = z
  .strictObject({
    actor: oneOrMany(slug).optional(),
    target: oneOrMany(slug).optional(),
    category: oneOrMany(z.enum(INCIDENT_CATEGORIES, { error: `must be one of ${INCIDENT_CATEGORIES.join(', ')}` })).optional(),
    country: oneOrMany(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code')).optional(),
    admin1: oneOrMany(z.string().min(1).max(200)).optional(),
    source: oneOrMany(slug).optional(),
  })
  .default({});
const alerting = z
  .strictObject({
    forDays: z.number().int().min(0, 'must not be negative').default(0),
    keepFiringForDays: z.number().int().min(0, 'must not be negative').default(0),
  })
  .default({ forDays: 0, keepFiringForDays: 0 });
const common = { id: slug, metric, filter, alerting, description: z.string().max(2000).optional() };

const reduction = z.strictObject({
  ...common,
  kind: z.literal('reduction'),
  window: days,
  baseline: z
    .union([z.literal('previous-year'), z.literal('pre-accord'), z.strictObject({ value: z.number().nonnegative('must not be negative') })], {
      error: "must be 'previous-year', 'pre-accord' or { value: N }",
    })
    .default('previous-year'),
  threshold: z
    .strictObject({ atRiskPct: pct, breachPct: pct })
    .refine((t) => t.atRiskPct <= t.breachPct, { message: 'must not be above breachPct', path: ['atRiskPct'] }),
  minEvents: z.number().int().min(0, 'must not be negative').default(0),
});
const quota = z
  .strictObject({
    ...common,
    kind: z.literal('quota'),
    target: z.number({ error: 'is required: a number above 0' }).positive('must be above 0'),
    start: date,
    deadline: date,
    tolerancePct: z.number().min(0).max(100, 'must be at most 100').default(0),
  })
  .refine((q) => q.start <= q.deadline, { message: 'must not be before start', path: ['deadline'] });
const prohibition = z.strictObject({ ...common, kind: z.literal('prohibition'), window: days });

export const accordSchema = z
  .strictObject({
    id: slug,
    name: z.string().min(1, 'must not be empty').max(300),
    signedAt: date,
    timezone: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. Asia/Kabul'),
    parties: z.array(slug).default([]),
    actors: z.record(slug, z.array(slug)).default({}),
    commitments: z
      .array(z.discriminatedUnion('kind', [reduction, quota, prohibition], { error: 'kind must be reduction, quota or prohibition' }))
      .min(1, 'must list at least one commitment'),
  })
  .superRefine((accord, ctx) => {
    const seen = new Set<string>();
    accord.commitments.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', message: `duplicate commitment id ${c.id}`, path: ['commitments', i, 'id'] });
      seen.add(c.id);
    });
  })
  .transform(
    (accord): Accord => ({
      ...accord,
      // each group also matches its own name
      actors: Object.fromEntries(Object.entries(accord.actors).map(([group, names]) => [group, [...new Set([group, ...names])]])),
    }),
  );

export type AccordParse = { ok: true; accord: Accord } | { ok: false; errors: { field: string; reason: string }[] };

export function parseAccord(raw: unknown): AccordParse {
  const parsed = accordSchema.safeParse(raw);
  if (parsed.success) return { ok: true, accord: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      field: issue.path.join('.') || '(root)',
      reason: issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.join(', ')}` : issue.message,
    })),
  };
}
