import { availableParallelism } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { projectRoot } from '../paths';
import { z } from 'zod';

/**
 * The one configuration object of the service. Read once at boot from the environment by
 * `loadConfig`; nothing else in the code base reads `process.env` (enforced by lint).
 */
const bytes = z
  .string()
  .regex(/^\d+(kb|mb|gb)?$/i, 'a size in bytes, or with a kb/mb/gb suffix (e.g. 1mb)')
  .transform(parseByteSize);

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `an integer between ${min} and ${max}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `an integer between ${min} and ${max}`)
        .max(max, `an integer between ${min} and ${max}`),
    );

const urlWithScheme = (schemes: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    `a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`,
  );

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: integer(0, 65535).default('3000'),
  DATA_DIR: z.string().min(1).default('data'),
  MONGODB_URI: urlWithScheme(['mongodb', 'mongodb+srv']).optional(),
  REDIS_URL: urlWithScheme(['redis', 'rediss']).optional(),
  PEC_ADMIN_TOKEN: z
    .string()
    .min(24, 'a random secret of at least 24 characters')
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: bytes.default('256kb'),
  IMPORT_MAX_BYTES: bytes.default('2gb'),
  IMPORT_MAX_LINE_BYTES: bytes.default('128kb'),
  IMPORT_BATCH_SIZE: integer(1, 10000).default('50'),
  SEED_DEMO: z.enum(['if-empty', 'never']).optional(),
  SHUTDOWN_TIMEOUT_MS: integer(0, 600000).default('10000'),
  HTTP_REQUEST_TIMEOUT_MS: integer(0, 86400000).default('3600000'),
  PUBLIC_BASE_URL: urlWithScheme(['http', 'https']).optional(),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(false|\d{1,2}|(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)(,(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?))*)$/,
      'false, a number of proxy hops (1), or comma-separated addresses/CIDRs (10.0.0.0/8,loopback)',
    )
    .default('false'),
  CORS_ORIGINS: z
    .string()
    .regex(
      /^https?:\/\/[^\s,/]+(,https?:\/\/[^\s,/]+)*$/,
      'a comma-separated list of origins such as https://app.pec.example',
    )
    .optional(),
  THROTTLE_LIMITS: z
    .string()
    .regex(
      /^(operator|cluster_manager|member|anonymous)=\d{1,7}(,(operator|cluster_manager|member|anonymous)=\d{1,7})*$/,
      'a list like operator=1200,cluster_manager=300,member=120,anonymous=60',
    )
    .optional(),
  THROTTLE_WINDOW_MS: integer(1000, 3600000).default('60000'),
  EMBEDDING_MODEL: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, 'a model id such as Xenova/paraphrase-multilingual-MiniLM-L12-v2')
    .default('Xenova/paraphrase-multilingual-MiniLM-L12-v2'),
  EMBEDDING_MODEL_DIR: z.string().min(1).optional(),
  EMBEDDING_REMOTE: z.enum(['true', 'false']).default('true'),
  EMBEDDING_LOAD_TIMEOUT_MS: integer(1000, 3600000).default('300000'),
  EMBEDDING_BATCH_SIZE: integer(1, 1024).default('32'),
  EMBEDDING_PROCESSES: integer(1, 16).optional(),
  JOBS_PROCESSORS: z.enum(['on', 'off']).optional(),
  JOBS_CONCURRENCY: z
    .string()
    .regex(
      /^(embed|embed-batch|index|match|digest)=\d{1,3}(,(embed|embed-batch|index|match|digest)=\d{1,3})*$/,
      'a list like match=2,digest=2 (queues: embed, embed-batch, index, match, digest)',
    )
    .optional(),
  JOBS_ATTEMPTS: integer(1, 100).default('6'),
  JOBS_BACKOFF_MS: integer(1, 3600000).default('2000'),
  JOBS_LOCK_MS: integer(1000, 3600000).default('30000'),
  RECOMPUTE_AT_UTC: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM (UTC)')
    .default('02:00'),
  DIGEST_TICK_MS: integer(1000, 86400000).default('900000'),
  DIGEST_HOUR: integer(0, 23).default('8'),
  DIGEST_SECRET: z.string().min(24, 'a random secret of at least 24 characters').optional(),
  SMTP_URL: urlWithScheme(['smtp', 'smtps']).optional(),
  MAIL_FROM: z.string().min(3).max(200).default('PEC Match <no-reply@pec-match.example>'),
  APP_BASE_URL: urlWithScheme(['http', 'https']).optional(),
  INTRO_TTL_DAYS: integer(1, 90).default('14'),
  ITEM_TTL_DAYS: integer(1, 3650).default('365'),
  SUGGESTIONS_READ_BUDGET_MS: integer(0, 600000).default('120'),
  SESSION_TTL_HOURS: integer(1, 720).default('12'),
  INTRO_DAILY_LIMIT: integer(1, 1000).default('10'),
  INTRO_SWEEP_MS: integer(1000, 86400000).default('900000'),
  INTRO_ONE_ACTOR_BOTH_SIDES: z.enum(['refuse', 'allow']).default('refuse'),
  INDEX_DIR: z.string().min(1).optional(),
  INDEX_M: integer(4, 128).default('16'),
  INDEX_EF_CONSTRUCTION: integer(10, 2000).default('200'),
  INDEX_EF_SEARCH: integer(10, 5000).default('128'),
  INDEX_SYNC_INTERVAL_MS: integer(50, 600000).default('500'),
  INDEX_SNAPSHOT_INTERVAL_MS: integer(1000, 86400000).default('300000'),
});

export type StoreKind = 'sqlite' | 'mongodb';

export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimit: number;
    /**
     * How long a whole request may take to arrive (Node's default, 5 minutes, cuts off a large
     * import sent over a slow link or read while the pipeline is busy); 0: no limit.
     */
    readonly requestTimeoutMs: number;
    readonly publicBaseUrl: string;
    /** Browser origins allowed to call the API (CORS); none: no CORS headers. */
    readonly corsOrigins: readonly string[];
    /**
     * Which proxies' X-Forwarded-For is believed (Express's 'trust proxy'): none by default, else a
     * number of hops or the proxies' addresses. Client addresses key the anonymous rate limit.
     */
    readonly trustProxy: false | number | string[];
    /** Requests per window: per API key by its role, per client address without a valid key. */
    readonly throttle: {
      readonly windowMs: number;
      readonly limits: Record<'operator' | 'cluster_manager' | 'member' | 'anonymous', number>;
    };
  };
  readonly store: {
    readonly kind: StoreKind;
    readonly dataDir: string;
    /** SQLite file path, or ':memory:' (unit tests only). */
    readonly sqlitePath: string;
    readonly mongodbUri?: string;
  };
  readonly redisUrl?: string;
  /** True when neither MongoDB nor Redis is configured: one process, no servers. */
  readonly embedded: boolean;
  readonly adminToken?: string;
  readonly logLevel: string;
  readonly import: {
    readonly maxBytes: number;
    readonly maxLineBytes: number;
    readonly batchSize: number;
  };
  readonly sessions: {
    /** A browser session ends this many hours after signing in. */
    readonly ttlHours: number;
  };
  readonly items: {
    /** A need or offer given without validUntil is valid this many days from its last change. */
    readonly ttlDays: number;
  };
  readonly suggestions: {
    /**
     * How long a read of a stale list waits for its recompute before answering with the stored
     * list, marked as refreshing (the recompute goes on and stores the new one).
     */
    readonly readBudgetMs: number;
  };
  readonly seedDemo: 'if-empty' | 'never';
  readonly shutdownTimeoutMs: number;
  readonly embedding: {
    readonly model: string;
    /** Folder with `<model>/…` in transformers.js layout. */
    readonly modelDir: string;
    readonly allowRemote: boolean;
    readonly loadTimeoutMs: number;
    readonly batchSize: number;
    /** Model processes (each holds the model): 2 where this process embeds in bulk on 2+ cores. */
    readonly processes: number;
  };
  readonly jobs: {
    /** Whether this process runs the job processors (the api when embedded; workers always). */
    readonly processors: boolean;
    readonly concurrency: Record<QueueKey, number>;
    readonly attempts: number;
    readonly backoffMs: number;
    /** How long a job's lock lasts: a worker that dies mid-job frees it after this. */
    readonly lockMs: number;
    readonly recomputeAtUtc: string;
  };
  readonly mail: {
    readonly smtpUrl?: string;
    readonly from: string;
    readonly outboxDir: string;
  };
  readonly digests: {
    readonly tickMs: number;
    /** Local hour at which a recipient's digest becomes due. */
    readonly hour: number;
    readonly secret?: string;
    /** Base of the links in emails (the product's web app). */
    readonly appBaseUrl: string;
  };
  readonly introductions: {
    /** A pending introduction expires this many days after it was asked. */
    readonly ttlDays: number;
    /** Introductions one party may ask for in any 24 hours. */
    readonly dailyLimit: number;
    /** How often overdue introductions are expired. */
    readonly sweepMs: number;
    /** Whether one key that acts for both parties may ask and accept (a double opt-in by one actor). */
    readonly oneActorBothSides: boolean;
  };
  readonly index: {
    readonly dir: string;
    readonly m: number;
    readonly efConstruction: number;
    readonly efSearch: number;
    readonly syncIntervalMs: number;
    readonly snapshotIntervalMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Builds the config from an environment map; throws ConfigError naming every bad variable. */
export function loadConfig(
  env: Record<string, string | undefined>,
  cwd = process.cwd(),
): AppConfig {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(defined);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const value =
          name === 'PEC_ADMIN_TOKEN' || name.endsWith('_URI') || name.endsWith('_URL')
            ? '(hidden)'
            : JSON.stringify(defined[name]);
        return `${name}=${value}: expected ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  if (e.MONGODB_URI && !e.REDIS_URL) {
    throw new ConfigError([
      'REDIS_URL=(unset): expected a redis:// URL: a deployment on MongoDB runs its job queues on Redis',
    ]);
  }
  const dataDir = isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(cwd, e.DATA_DIR);
  const embedded = !e.MONGODB_URI && !e.REDIS_URL;
  const processors = e.JOBS_PROCESSORS ? e.JOBS_PROCESSORS === 'on' : embedded;
  return {
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      bodyLimit: e.BODY_LIMIT,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      corsOrigins: e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',') : [],
      trustProxy:
        e.TRUST_PROXY === 'false'
          ? false
          : /^\d+$/.test(e.TRUST_PROXY)
            ? Number(e.TRUST_PROXY)
            : e.TRUST_PROXY.split(','),
      throttle: {
        windowMs: e.THROTTLE_WINDOW_MS,
        limits: {
          operator: 1200,
          cluster_manager: 300,
          member: 120,
          anonymous: 60,
          ...parseList(e.THROTTLE_LIMITS),
        },
      },
    },
    store: {
      kind: e.MONGODB_URI ? 'mongodb' : 'sqlite',
      dataDir,
      sqlitePath: resolve(dataDir, 'pec.sqlite'),
      mongodbUri: e.MONGODB_URI,
    },
    redisUrl: e.REDIS_URL,
    embedded,
    adminToken: e.PEC_ADMIN_TOKEN,
    logLevel: e.LOG_LEVEL,
    items: { ttlDays: e.ITEM_TTL_DAYS },
    suggestions: { readBudgetMs: e.SUGGESTIONS_READ_BUDGET_MS },
    sessions: { ttlHours: e.SESSION_TTL_HOURS },
    import: {
      maxBytes: e.IMPORT_MAX_BYTES,
      maxLineBytes: e.IMPORT_MAX_LINE_BYTES,
      batchSize: e.IMPORT_BATCH_SIZE,
    },
    seedDemo: e.SEED_DEMO ?? (embedded ? 'if-empty' : 'never'),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    embedding: {
      model: e.EMBEDDING_MODEL,
      modelDir: e.EMBEDDING_MODEL_DIR
        ? resolve(cwd, e.EMBEDDING_MODEL_DIR)
        : join(projectRoot(), 'models'),
      allowRemote: e.EMBEDDING_REMOTE === 'true',
      loadTimeoutMs: e.EMBEDDING_LOAD_TIMEOUT_MS,
      batchSize: e.EMBEDDING_BATCH_SIZE,
      processes: e.EMBEDDING_PROCESSES ?? (processors && availableParallelism() >= 2 ? 2 : 1),
    },
    jobs: {
      processors,
      concurrency: {
        embed: 1,
        'embed-batch': 1,
        index: 1,
        match: 2,
        digest: 2,
        ...parseConcurrency(e.JOBS_CONCURRENCY),
      },
      attempts: e.JOBS_ATTEMPTS,
      backoffMs: e.JOBS_BACKOFF_MS,
      lockMs: e.JOBS_LOCK_MS,
      recomputeAtUtc: e.RECOMPUTE_AT_UTC,
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, outboxDir: join(dataDir, 'outbox') },
    digests: {
      tickMs: e.DIGEST_TICK_MS,
      hour: e.DIGEST_HOUR,
      secret: e.DIGEST_SECRET,
      appBaseUrl: (e.APP_BASE_URL ?? e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(
        /\/+$/,
        '',
      ),
    },
    introductions: {
      ttlDays: e.INTRO_TTL_DAYS,
      dailyLimit: e.INTRO_DAILY_LIMIT,
      sweepMs: e.INTRO_SWEEP_MS,
      oneActorBothSides: e.INTRO_ONE_ACTOR_BOTH_SIDES === 'allow',
    },
    index: {
      dir: e.INDEX_DIR ? resolve(cwd, e.INDEX_DIR) : join(dataDir, 'index'),
      m: e.INDEX_M,
      efConstruction: e.INDEX_EF_CONSTRUCTION,
      efSearch: e.INDEX_EF_SEARCH,
      syncIntervalMs: e.INDEX_SYNC_INTERVAL_MS,
      snapshotIntervalMs: e.INDEX_SNAPSHOT_INTERVAL_MS,
    },
  };
}

function parseList(value: string | undefined): Record<string, number> {
  if (!value) return {};
  return Object.fromEntries(
    value.split(',').map((part) => {
      const [k, v] = part.split('=');
      return [k, Number(v)];
    }),
  );
}

/** The job queues by name (jobs.ts's QueueName values; config imports nothing from features). */
type QueueKey = 'embed' | 'embed-batch' | 'index' | 'match' | 'digest';

function parseConcurrency(value: string | undefined): Partial<Record<QueueKey, number>> {
  if (!value) return {};
  return Object.fromEntries(
    value
      .split(',')
      .map((pair) => pair.split('='))
      .map(([q, n]) => [q, Math.max(1, Number(n))]),
  );
}

function parseByteSize(value: string): number {
  const match = /^(\d+)(kb|mb|gb)?$/i.exec(value);
  const n = Number(match?.[1] ?? 0);
  const unit = (match?.[2] ?? '').toLowerCase();
  const factor = unit === 'gb' ? 1024 ** 3 : unit === 'mb' ? 1024 ** 2 : unit === 'kb' ? 1024 : 1;
  return n * factor;
}
