import path from 'node:path'
import { z } from 'zod'
import type { DatabaseTarget } from '../db/connect'

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// (leave it unset for SQLite)')
    .optional(),
  /** Minutes of inactivity after which a session ends. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  /** Hours after sign-in after which a session ends whatever happens. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  /** "auto": Secure cookies when the request came over HTTPS (or X-Forwarded-Proto says so). */
  COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Trust X-Forwarded-For / X-Forwarded-Proto (only behind your own proxy). */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** How many proxies of yours append to X-Forwarded-For: the client is that many from the right. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  /** Load the demo partnership into an empty database on start. */
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  /** With the demo, load its first year of proposals and decisions too (server/demo/history.ts). */
  DEMO_HISTORY: z.enum(['true', 'false']).default('true'),
  DEMO_PASSWORD: z.string().min(12).default('concord-demo-2026'),
  /** Each party's witness inside the server (auto: with the demo on the embedded SQLite file). */
  DEMO_WITNESSES: z.enum(['auto', 'true', 'false']).default('auto'),
  /** How often the demo witnesses cosign what the tree gained (a decision: at once). */
  DEMO_WITNESS_EVERY_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Ed25519 private key (PKCS#8 PEM, or its base64) that signs ledger checkpoints; by default a
   * key file in DATA_DIR is made on first start. Give every instance the same key. */
  LEDGER_SIGNING_KEY: z.string().min(1).optional(),
  /** A signed checkpoint is made once the ledger has grown by this many events. */
  CHECKPOINT_EVERY: z.coerce.number().int().min(1).default(100),
  /** Names this deployment in every checkpoint's origin line (docs/ledger-spec.md §7): set it to
   * the production host name, so a staging or restored copy cannot pass for production. */
  DEPLOYMENT_NAME: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.:_-]{0,99}$/, 'must be a host name such as concord.example.com')
    .default('concord.localhost'),
})

export interface AppConfig {
  port: number
  host: string
  dataDir: string
  database: DatabaseTarget
  sessionIdleMs: number
  sessionAbsoluteMs: number
  cookieSecure: 'auto' | 'always' | 'never'
  trustProxy: boolean
  trustProxyHops: number
  seedDemo: boolean
  demoHistory: boolean
  demoPassword: string
  /** Run each party's witness in this process (server/audit/demo-witnesses.ts). */
  demoWitnesses: boolean
  demoWitnessEveryMs: number
  /** null: use (or create) DATA_DIR/ledger-signing-key.pem */
  ledgerSigningKey: string | null
  checkpointEvery: number
  /** The deployment's name in checkpoint origins (ledger-spec §7). */
  deploymentName: string
  /** SMTP_URL is set: notifications go out by email too (server/notify/config.ts reads it). */
  emailEnabled: boolean
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `  ${i.path.join('.')}: ${i.message}`)
      .join('\n')
    throw new Error(`Invalid configuration:\n${problems}`)
  }
  const e = parsed.data
  const dataDir = path.resolve(e.DATA_DIR)
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'sqlite', file: path.join(dataDir, 'concord.sqlite') },
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY === 'true',
    trustProxyHops: e.TRUST_PROXY_HOPS,
    seedDemo: e.SEED_DEMO === 'true',
    demoHistory: e.DEMO_HISTORY === 'true',
    demoPassword: e.DEMO_PASSWORD,
    demoWitnesses:
      e.DEMO_WITNESSES === 'auto'
        ? e.SEED_DEMO === 'true' && !e.DATABASE_URL
        : e.DEMO_WITNESSES === 'true',
    demoWitnessEveryMs: e.DEMO_WITNESS_EVERY_SECONDS * 1000,
    ledgerSigningKey: e.LEDGER_SIGNING_KEY ?? null,
    checkpointEvery: e.CHECKPOINT_EVERY,
    deploymentName: e.DEPLOYMENT_NAME,
    emailEnabled: Boolean(env.SMTP_URL?.trim()),
  }
}
