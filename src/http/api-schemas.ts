import { z } from 'zod';
import { accordSchema } from '../accords/accord.schema';
import { AlertTransition } from '../compliance/alerts';
import { ComplianceReport } from '../compliance/verdict.types';
import { observationSchema } from '../observations/observation';

/**
 * The API's bodies for OpenAPI's components.schemas (CONTRACT section 4). Requests are the
 * validators themselves; responses are described here, with compile-time proof below that the
 * types the code returns fit them.
 */

const period = z.object({ from: z.iso.date(), to: z.iso.date() });
const verdict = z.enum(['compliant', 'at_risk', 'breached', 'fulfilled', 'insufficient_data']);
const overallVerdict = z.enum([...verdict.options, 'contested']);
const quotaFields = { target: z.number().optional(), expected: z.number().optional(), deadline: z.iso.date().optional() };

const sourceVerdict = z.object({
  source: z.string(),
  verdict,
  basis: z.enum(['incidents', 'claim']),
  value: z.number(),
  baseline: z.number().nullable(),
  changePct: z.number().nullable(),
  period,
  selfReported: z.boolean(),
  since: z.iso.date().optional(),
  claimId: z.string().optional(),
  reason: z.string().optional(),
  ...quotaFields,
});

const complianceReport = z.object({
  accordId: z.string(),
  asOf: z.iso.date(),
  inForce: z.boolean(),
  commitments: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['reduction', 'quota', 'prohibition']),
      verdict: overallVerdict,
      since: z.iso.date().optional(),
      sources: z.array(sourceVerdict),
      ...quotaFields,
    }),
  ),
});

const alert = z.object({
  id: z.string(),
  transition: z.number().int(),
  key: z.string().meta({ description: '{accordId}/{commitmentId}/{source or *}' }),
  accordId: z.string(),
  commitmentId: z.string(),
  source: z.string(),
  state: z.enum(['firing', 'resolved']),
  severity: z.enum(['warning', 'critical']),
  verdict: overallVerdict,
  value: z.number(),
  baseline: z.number().nullable(),
  changePct: z.number().nullable(),
  period,
  raisedAt: z.iso.date(),
  resolvedAt: z.iso.date().nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  since: z.iso.date().meta({ description: 'the first as-of date of the run of the verdict that raised it' }),
});

const fieldError = z.object({ field: z.string(), reason: z.string() });

const storedAccord = accordSchema.extend({ revision: z.number().int() });

/** Request bodies, described as the validators read them (defaults may be left out). */
export const REQUEST_SCHEMAS = {
  Observation: observationSchema,
  Observations: z.union([observationSchema, z.array(observationSchema).max(10_000)]),
  Accord: accordSchema.extend({ id: accordSchema.shape.id.optional() }),
  Acknowledgement: z.object({ by: z.string().min(1).max(128).optional() }),
};

/** Response bodies, described as the monitor writes them. */
export const RESPONSE_SCHEMAS = {
  Alert: alert,
  SourceVerdict: sourceVerdict,
  AccordList: z.object({ accords: z.array(storedAccord) }),
  StoredAccord: storedAccord,
  AccordDefined: storedAccord.extend({ changed: z.boolean() }),
  AccordRetired: z.object({ id: z.string(), retired: z.literal(true), revision: z.number().int() }),
  ComplianceReport: complianceReport,
  Windows: z.object({ points: z.array(z.object({ date: z.iso.date(), value: z.number(), baseline: z.number() })) }),
  Claims: z.object({
    claims: z.array(
      z.object({
        source: z.string(),
        id: z.string(),
        metric: z.string(),
        period,
        value: z.number(),
        changePct: z.number().nullable(),
        commitments: z.array(z.string()),
      }),
    ),
  }),
  AlertList: z.object({ alerts: z.array(alert) }),
  Acknowledged: z.object({ id: z.string(), acknowledgedBy: z.string(), acknowledgedAt: z.string() }),
  Appended: z.object({
    accepted: z.number().int(),
    duplicate: z.number().int(),
    results: z.array(z.object({ source: z.string(), id: z.string(), outcome: z.enum(['accepted', 'duplicate']) })),
  }),
  Health: z.object({
    status: z.enum(['ok', 'degraded', 'down']),
    components: z.record(z.string(), z.object({ status: z.enum(['up', 'down', 'degraded', 'disabled']), detail: z.string().optional() })),
  }),
  JsonSchema: z.object({ $id: z.string(), title: z.string() }).meta({ description: 'a JSON Schema (draft 2020-12)' }),
  Error: z.object({
    statusCode: z.number().int(),
    code: z.string(),
    message: z.string(),
    errors: z.array(fieldError).optional().meta({ description: 'an invalid accord or query: each bad field' }),
    rejected: z
      .array(z.object({ index: z.number().int(), id: z.unknown(), source: z.unknown(), errors: z.array(fieldError) }))
      .optional()
      .meta({ description: 'POST /observations: each rejected item, by its index in the request' }),
  }),
};

// compile-time proof that what the code returns fits the published responses
type Fits<Returned extends Published, Published> = [Returned, Published];
type ResponsesFit = [Fits<ComplianceReport, z.output<typeof complianceReport>>, Fits<AlertTransition, z.output<typeof alert>>];
