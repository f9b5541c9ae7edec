import { hostname } from 'node:os';
import { z } from 'zod';

const port = (fallback: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0).max(65535, 'must be at most 65535').default(fallback);
const list = z.string().transform((s) =>
  s
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
);
const topic = (fallback: string) =>
  z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,249}$/, 'must be a Kafka topic name')
    .default(fallback);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
const httpUrls = list.pipe(z.array(httpUrl).min(1, 'must name at least one URL'));
const role = z.enum(['ingest', 'analyst', 'admin']);
const apiKeys = list.pipe(
  z.array(
    z
      .string()
      .regex(
        /^[^:\s]{8,}:(ingest|analyst|admin)$/,
        'each entry must be key:role, a key of 8 or more characters and a role of ingest, analyst or admin',
      )
      .transform((entry) => {
        const at = entry.lastIndexOf(':');
        return { key: entry.slice(0, at), role: role.parse(entry.slice(at + 1)) };
      }),
  ),
);

/** CONTRACT section 5. Every variable is optional; unset means the embedded demo default. */
export const configSchema = z
  .object({
    PORT: port(3000),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    KAFKA_BROKERS: list
      .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port')).min(1, 'must name at least one broker'))
      .optional(),
    KAFKA_GROUP_ID: z.string().min(1).default('ceasefire-monitor'),
    KAFKA_CLIENT_ID: z.string().min(1).default('ceasefire-monitor'),
    KAFKA_TOPIC_INCIDENTS: topic('ceasefire.incidents'),
    KAFKA_TOPIC_ALERTS: topic('ceasefire.alerts'),
    KAFKA_TOPIC_VERDICTS: topic('ceasefire.verdicts'),
    KAFKA_TOPIC_DLQ: topic('ceasefire.incidents.dlq'),
    /** How long the group waits for a silent member before handing its partitions on. */
    KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(300_000).default(30_000),
    // How long a fetch may wait for data. Short, because librdkafka's mock broker (and some
    // proxies) hold an empty fetch for the whole wait even when messages arrive meanwhile.
    KAFKA_MAX_WAIT_MS: z.coerce.number().int().min(10).max(10_000).default(20),
    // Partitions appended at once: while one append waits on the database another is parsed.
    KAFKA_PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(4),
    /** Producer idempotence needs a real cluster; librdkafka's mock broker refuses it. */
    KAFKA_IDEMPOTENT: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    ACCORDS_DIR: z.string().min(1).default('./accords'),
    API_KEYS: apiKeys.optional(),
    /** Origins (scheme://host[:port]) whose pages may call the API from a browser; unset: none. */
    CORS_ORIGINS: list
      .pipe(
        z.array(
          z
            .url({ error: 'each origin must be a URL' })
            .refine((u) => new URL(u).origin === u, 'each origin must be scheme://host[:port], no path or trailing slash'),
        ),
      )
      .optional(),
    READ_REQUIRES_KEY: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /** Requests per second each API key (or client address, without a key) may make; 0 turns limiting off. */
    RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).default(200),
    RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(400),
    /** A comment on every alert stream this often keeps proxies (often 60 s idle timeouts) from cutting a quiet one. */
    ALERT_STREAM_KEEP_ALIVE_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Events the projector may fall behind the store before intake is held (Kafka paused, POST 503); 0 turns it off. */
    MAX_PROJECTION_LAG: z.coerce.number().int().min(0).default(500_000),
    DB_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(10),
    /** How long the event readers wait for a transaction that appends nothing before they read past it (see events_read_horizon). */
    PROJECTOR_MAX_BLOCK_MS: z.coerce.number().int().min(0).default(30_000),
    /** Shards the projection work is split into and spread over the running instances; every instance must say the same. */
    PROJECTOR_SHARDS: z.coerce.number().int().min(1).max(32).default(1),
    /** How this instance is named in /health and /metrics (which shard it holds); unset: hostname:pid. */
    INSTANCE_NAME: z
      .string()
      .max(128)
      .regex(/^[\w.:@-]+$/, 'may hold letters, digits and . : @ _ - only')
      .optional(),
    ALERTMANAGER_URLS: httpUrls.optional(),
    ALERTMANAGER_RESEND_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
    /** Where people open the dashboard, for links in notifications. */
    PUBLIC_URL: httpUrl.optional(),
    WEBHOOK_URLS: httpUrls.optional(),
    WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /** How long a receiver (Alertmanager or webhook) may take to answer before the attempt counts as failed. */
    DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  })
  .refine((c) => !c.WEBHOOK_URLS || c.WEBHOOK_SECRET, { path: ['WEBHOOK_SECRET'], message: 'must be set when WEBHOOK_URLS is' });

export type Config = z.infer<typeof configSchema>;
export type Role = z.infer<typeof role>;

export class ConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
}

/** Parses the environment; a bad value stops the start with one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const reasons = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'} ${issue.message}`);
  throw new ConfigError(`invalid configuration: ${reasons.join('; ')}`);
}

export const CONFIG = Symbol('Config');

/** INSTANCE_NAME, or else what tells this process from others on other hosts and this one. */
export const instanceName = (config: Pick<Config, 'INSTANCE_NAME'>) => config.INSTANCE_NAME ?? `${hostname()}:${process.pid}`;
