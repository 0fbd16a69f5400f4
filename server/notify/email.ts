/**
 * Email through SMTP (nodemailer), in the recipient's language and time zone, immediate or as a
 * daily digest, with per-category opt-out and an unsubscribe link that works without signing in.
 * Without SMTP_URL nothing is sent: the worker marks email deliveries skipped.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import nodemailer from 'nodemailer'
import type { Db, Executor } from '../../db/connect'
import type { OutboxDelivery } from '../../db/schema'
import {
  categoryOf,
  isNotificationKind,
  NOTIFICATION_CATEGORIES,
  type NotificationCategory,
  type NotificationKind,
  type NotificationPayload,
  notificationPath,
} from '../../shared/notification-kinds'
import type { Channel, SendOutcome } from './outbox'
import { EMAIL_DICTIONARIES, type EmailLocale, emailLocale } from './templates'

export interface EmailConfig {
  /** smtp://user:pass@host:587 or smtps://...; null: email is off. */
  smtpUrl: string | null
  /** The From header, e.g. "Concord <concord@example.com>". */
  mailFrom: string
  /** Where people open Concord, e.g. https://concord.example.com (links in emails). */
  publicUrl: string
  /** Signs unsubscribe tokens (HMAC-SHA256). Every instance needs the same one. */
  secret: string
}

/** Whether email is sent at all (admins are told when it is not). */
export function emailConfigured(config: Pick<EmailConfig, 'smtpUrl'>): boolean {
  return Boolean(config.smtpUrl)
}

// ---- Unsubscribe tokens -------------------------------------------------------------------

/** '*' stops all email; a category stops that category only. */
export type UnsubscribeScope = NotificationCategory | '*'

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`concord-unsubscribe:${body}`).digest()
}

/**
 * A token that lets whoever holds the email stop it, without signing in. It does nothing else
 * and does not expire: an old email's link must keep working.
 */
export function signUnsubscribeToken(secret: string, userId: string, scope: UnsubscribeScope) {
  const body = Buffer.from(JSON.stringify({ u: userId, c: scope })).toString('base64url')
  return `${body}.${mac(secret, body).toString('base64url')}`
}

export function verifyUnsubscribeToken(
  secret: string,
  token: string,
): { userId: string; scope: UnsubscribeScope } | null {
  const [body, signature, ...rest] = token.split('.')
  if (!body || !signature || rest.length > 0) return null
  const expected = mac(secret, body)
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  try {
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      u?: unknown
      c?: unknown
    }
    if (typeof parsed.u !== 'string') return null
    const scope = parsed.c
    if (scope !== '*' && !NOTIFICATION_CATEGORIES.includes(scope as NotificationCategory))
      return null
    return { userId: parsed.u, scope: scope as UnsubscribeScope }
  } catch {
    return null
  }
}

/** Default preferences for someone who never set any. */
export const DEFAULT_PREFERENCES = {
  email_mode: 'immediate' as const,
  opt_outs: '[]',
  time_zone: 'UTC',
  locale: null,
  digest_hour: 8,
}

/** Applies a verified unsubscribe: all email off, or one more category opted out. */
export async function applyUnsubscribe(
  executor: Executor,
  userId: string,
  scope: UnsubscribeScope,
  now = new Date(),
): Promise<void> {
  const current = await executor
    .selectFrom('notification_preferences')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst()
  const optOuts = new Set<string>(current ? JSON.parse(current.opt_outs) : [])
  if (scope !== '*') optOuts.add(scope)
  const values = {
    email_mode: scope === '*' ? ('off' as const) : (current?.email_mode ?? 'immediate'),
    opt_outs: JSON.stringify([...optOuts].sort()),
    updated_at: now.toISOString(),
  }
  if (current) {
    await executor
      .updateTable('notification_preferences')
      .set(values)
      .where('user_id', '=', userId)
      .execute()
  } else {
    await executor
      .insertInto('notification_preferences')
      .values({ ...DEFAULT_PREFERENCES, ...values, user_id: userId })
      .execute()
  }
}

// ---- Rendering ----------------------------------------------------------------------------

export interface EmailItem {
  kind: NotificationKind
  payload: NotificationPayload
  proposalId: string | null
  createdAt: string
}

export interface RenderInput {
  locale: EmailLocale
  timeZone: string
  recipientName: string
  recipientId: string
  items: EmailItem[]
  publicUrl: string
  secret: string
}

function formatTime(iso: string, locale: EmailLocale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso))
}

/** A decide-by date is a calendar date: written in the recipient's language, not shifted. */
function formatDate(date: string, locale: EmailLocale): string {
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`))
}

export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/notifications/unsubscribe?token=${encodeURIComponent(token)}`
}

/** The address a notification opens, or null (shared/notification-kinds.ts). */
export function notificationUrl(
  publicUrl: string,
  kind: NotificationKind,
  proposalId: string | null,
): string | null {
  const at = notificationPath(kind, proposalId)
  return at === null ? null : `${publicUrl.replace(/\/$/, '')}${at}`
}

/** Subject and plain-text body, plus the one-click unsubscribe URL for the List-Unsubscribe header. */
export function renderEmail(input: RenderInput): {
  subject: string
  text: string
  listUnsubscribe: string
} {
  const d = EMAIL_DICTIONARIES[input.locale]
  const lines: string[] = [d.greeting(input.recipientName), '']
  const categories = new Set<NotificationCategory>()
  const single = input.items.length === 1
  if (!single) lines.push(d.digestIntro(input.items.length), '')
  let subject = d.digestSubject(input.items.length)
  for (const item of input.items) {
    const decideBy = item.payload.decideBy ? formatDate(item.payload.decideBy, input.locale) : null
    const sentence = d.kinds[item.kind](item.payload, { decideBy })
    categories.add(categoryOf(item.kind))
    if (single) subject = `${d.subjectPrefix}: ${sentence}`.slice(0, 200)
    lines.push(single ? sentence : `• ${sentence}`)
    if (decideBy) lines.push(`  ${d.decideBy(decideBy)}`)
    const url = notificationUrl(input.publicUrl, item.kind, item.proposalId)
    if (url) lines.push(`  ${d.open} ${url}`)
    lines.push(`  ${d.sentAt(formatTime(item.createdAt, input.locale, input.timeZone))}`, '')
  }
  lines.push('--', d.why)
  for (const category of categories) {
    const token = signUnsubscribeToken(input.secret, input.recipientId, category)
    lines.push(
      `${d.stopCategory(d.categories[category])} ${unsubscribeUrl(input.publicUrl, token)}`,
    )
  }
  const all = unsubscribeUrl(
    input.publicUrl,
    signUnsubscribeToken(input.secret, input.recipientId, '*'),
  )
  lines.push(`${d.stopAll} ${all}`)
  return { subject, text: `${lines.join('\n')}\n`, listUnsubscribe: all }
}

// ---- The channel --------------------------------------------------------------------------

export interface EmailChannel extends Channel {
  close(): void
}

/** The worker's email channel; null when SMTP_URL is not set. */
export function createEmailChannel(config: EmailConfig): EmailChannel | null {
  if (!config.smtpUrl) return null
  const transport = nodemailer.createTransport(config.smtpUrl)
  const host = new URL(config.publicUrl).hostname || 'concord.invalid'
  return {
    close: () => transport.close(),
    async send(db: Db, deliveries: OutboxDelivery[]) {
      const outcomes = new Map<string, SendOutcome>()
      const ids = deliveries.map((d) => d.notification_id).filter((id): id is string => !!id)
      const rows =
        ids.length === 0
          ? []
          : await db
              .selectFrom('notifications as n')
              .innerJoin('users as u', 'u.id', 'n.recipient_id')
              .leftJoin('notification_preferences as np', 'np.user_id', 'u.id')
              .select([
                'n.id',
                'n.kind',
                'n.payload',
                'n.proposal_id',
                'n.created_at',
                'u.id as user_id',
                'u.email',
                'u.name',
                'u.status',
                'u.locale as user_locale',
                'np.email_mode',
                'np.opt_outs',
                'np.time_zone',
                'np.locale',
              ])
              .where('n.id', 'in', ids)
              .execute()
      const byId = new Map(rows.map((r) => [r.id, r]))
      // One email per immediate delivery; one per recipient for the digest rows claimed together.
      const groups = new Map<string, { deliveries: OutboxDelivery[]; rows: typeof rows }>()
      for (const delivery of deliveries) {
        const row = delivery.notification_id ? byId.get(delivery.notification_id) : undefined
        if (!row || !isNotificationKind(row.kind)) {
          outcomes.set(delivery.id, { ok: false, skipped: true, error: 'notification not found' })
          continue
        }
        const optOuts: string[] = row.opt_outs ? JSON.parse(row.opt_outs) : []
        const mode = row.email_mode ?? 'immediate'
        if (row.status !== 'active' || mode === 'off' || optOuts.includes(categoryOf(row.kind))) {
          outcomes.set(delivery.id, { ok: false, skipped: true, error: 'recipient opted out' })
          continue
        }
        const key = delivery.digest ? `digest:${row.user_id}` : delivery.id
        const group = groups.get(key) ?? { deliveries: [], rows: [] }
        group.deliveries.push(delivery)
        group.rows.push(row)
        groups.set(key, group)
      }
      for (const group of groups.values()) {
        const first = group.rows[0]
        if (!first) continue
        const locale = emailLocale(first.locale ?? first.user_locale)
        const rendered = renderEmail({
          locale,
          timeZone: first.time_zone ?? 'UTC',
          recipientName: first.name,
          recipientId: first.user_id,
          items: group.rows.map((r) => ({
            kind: r.kind as NotificationKind,
            payload: JSON.parse(r.payload) as NotificationPayload,
            proposalId: r.proposal_id,
            createdAt: r.created_at,
          })),
          publicUrl: config.publicUrl,
          secret: config.secret,
        })
        // The same id on every attempt, so a receiver can drop a repeat (ADR 0013).
        const deliveryIds = group.deliveries.map((d) => d.id).sort()
        const local =
          deliveryIds.length === 1
            ? deliveryIds[0]
            : `digest-${createHash('sha256').update(deliveryIds.join(',')).digest('hex').slice(0, 32)}`
        let outcome: SendOutcome
        try {
          await transport.sendMail({
            from: config.mailFrom,
            to: { name: first.name, address: first.email },
            subject: rendered.subject,
            text: rendered.text,
            messageId: `<${local}@${host}>`,
            headers: {
              'List-Unsubscribe': `<${rendered.listUnsubscribe}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              'Auto-Submitted': 'auto-generated',
              'Content-Language': locale,
            },
          })
          outcome = { ok: true }
        } catch (error) {
          outcome = { ok: false, error: error instanceof Error ? error.message : String(error) }
        }
        for (const d of group.deliveries) outcomes.set(d.id, outcome)
      }
      return outcomes
    },
  }
}
