/**
 * Notification settings from the environment. Kept beside the notifier until the lead merges
 * them into server/config.ts; every variable is optional and the app runs without any.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import type { EmailConfig } from './email'

const envSchema = z.object({
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps:// (leave it unset to send no email)')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Concord <concord@localhost>'),
  PUBLIC_URL: z
    .string()
    .url('must be the address people open, e.g. https://concord.example.com')
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  NOTIFY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  NOTIFY_POLL_MS: z.coerce.number().int().min(100).default(1000),
  REMIND_BUSINESS_DAYS_BEFORE: z.coerce.number().int().min(0).max(30).default(3),
  ESCALATE_BUSINESS_DAYS_AFTER: z.coerce.number().int().min(0).max(30).default(2),
})

export interface NotifyConfig extends EmailConfig {
  pollMs: number
  remindBefore: number
  escalateAfter: number
}

export function loadNotifyConfig(env: NodeJS.ProcessEnv, dataDir: string): NotifyConfig {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `  ${i.path.join('.')}: ${i.message}`)
      .join('\n')
    throw new Error(`Invalid configuration:\n${problems}`)
  }
  const e = parsed.data
  return {
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    secret: e.NOTIFY_SECRET ?? secretFile(dataDir),
    pollMs: e.NOTIFY_POLL_MS,
    remindBefore: e.REMIND_BUSINESS_DAYS_BEFORE,
    escalateAfter: e.ESCALATE_BUSINESS_DAYS_AFTER,
  }
}

/** DATA_DIR/notify-secret, made (mode 0600) on first start. Several instances: set NOTIFY_SECRET. */
function secretFile(dataDir: string): string {
  const file = path.join(dataDir, 'notify-secret')
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' })
  }
  return readFileSync(file, 'utf8').trim()
}
