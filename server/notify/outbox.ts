/**
 * The durable outbox (docs/decisions/0013-notification-outbox.md).
 *
 * `notify` writes notifications and their email deliveries in the caller's transaction: a
 * change that rolls back notifies nobody, a change that commits has its deliveries on disk.
 * `startDeliveryWorker` claims due deliveries, sends them with retry and exponential backoff,
 * and marks each one delivered. Scheduled reminders are claimed the same way.
 *
 * Delivery is at least once. The window: a worker that sends a message and dies before its
 * "delivered" update commits leaves a claimed row; when the claim expires (`claimMs`) another
 * worker sends it again. Each send carries an id that stays the same across attempts — the
 * email's Message-ID, the webhook's `webhook-id` — so receivers can drop the repeat. A row
 * marked delivered is never claimed again, so a restart sends nothing twice.
 */
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { sql } from 'kysely'
import { type Db, type Executor, isPostgres, type Trx, writeTransaction } from '../../db/connect'
import type { OutboxDelivery, ScheduledReminder } from '../../db/schema'
import {
  categoryOf,
  type NotificationKind,
  type NotificationPayload,
} from '../../shared/notification-kinds'
import { liveHint } from '../live/hints'
import { nextLocalHour } from './time'

export interface NotifyInput {
  /** User ids. Every one of them must be allowed to read `payload` (the caller filters). */
  recipients: Iterable<string>
  kind: NotificationKind
  partnershipId: string
  proposalId?: string | null
  /** Codes and data only; see shared/notification-kinds.ts. */
  payload: NotificationPayload
  /** The person who acted: never told about their own action. */
  actorId?: string | null
  now?: Date
}

export interface NotifyResult {
  notificationIds: string[]
  emailDeliveryIds: string[]
}

/**
 * Records a notification for each recipient and queues its email, inside `trx`.
 *
 * Contract: every recipient may see everything in `payload`. When what may be said differs by
 * party (another party's internal comment, its draft handle), call once per party with the
 * payload that party may see. Disabled accounts are skipped. Email is queued per the
 * recipient's preferences (off, opted-out category: none; digest: at their next digest hour);
 * the worker checks the preferences again when it sends.
 */
export async function notify(trx: Trx, input: NotifyInput): Promise<NotifyResult> {
  const now = input.now ?? new Date()
  const recipients = [...new Set(input.recipients)].filter((id) => id !== input.actorId)
  const result: NotifyResult = { notificationIds: [], emailDeliveryIds: [] }
  if (recipients.length === 0) return result
  const users = await trx
    .selectFrom('users')
    .leftJoin('notification_preferences as np', 'np.user_id', 'users.id')
    .select([
      'users.id',
      'users.status',
      'np.email_mode',
      'np.opt_outs',
      'np.time_zone',
      'np.digest_hour',
    ])
    .where('users.id', 'in', recipients)
    .execute()
  const createdAt = now.toISOString()
  const payload = JSON.stringify(input.payload)
  const category = categoryOf(input.kind)
  for (const user of users) {
    if (user.status !== 'active') continue
    const notificationId = randomUUID()
    await trx
      .insertInto('notifications')
      .values({
        id: notificationId,
        recipient_id: user.id,
        partnership_id: input.partnershipId,
        kind: input.kind,
        proposal_id: input.proposalId ?? null,
        payload,
        created_at: createdAt,
        read_at: null,
      })
      .execute()
    result.notificationIds.push(notificationId)
    const mode = user.email_mode ?? 'immediate'
    const optOuts: string[] = user.opt_outs ? JSON.parse(user.opt_outs) : []
    if (mode === 'off' || optOuts.includes(category)) continue
    const digest = mode === 'digest'
    const due = digest
      ? nextLocalHour(now, user.digest_hour ?? 8, user.time_zone ?? 'UTC').toISOString()
      : createdAt
    const deliveryId = randomUUID()
    await trx
      .insertInto('outbox_deliveries')
      .values(
        newDelivery({ id: deliveryId, channel: 'email', notificationId, digest, due, createdAt }),
      )
      .execute()
    result.emailDeliveryIds.push(deliveryId)
  }
  // Their bells and inboxes refetch (ADR 0034): a hint, never the notification itself.
  if (result.notificationIds.length > 0)
    liveHint(trx, { k: 'n', u: users.filter((u) => u.status === 'active').map((u) => u.id) })
  return result
}

export function newDelivery(d: {
  id: string
  channel: 'email' | 'webhook'
  notificationId?: string | null
  endpointId?: string | null
  digest?: boolean
  payload?: string | null
  due: string
  createdAt: string
}) {
  return {
    id: d.id,
    channel: d.channel,
    notification_id: d.notificationId ?? null,
    endpoint_id: d.endpointId ?? null,
    digest: d.digest ? 1 : 0,
    payload: d.payload ?? null,
    status: 'pending' as const,
    attempts: 0,
    next_attempt_at: d.due,
    claimed_by: null,
    claimed_until: null,
    delivered_at: null,
    last_error: null,
    created_at: d.createdAt,
  }
}

// ---- Claims -------------------------------------------------------------------------------

/**
 * Claims up to `limit` due deliveries for `workerId` until `now + claimMs`, counting an attempt.
 *
 * One UPDATE fed by a materialized CTE that picks the due rows. On PostgreSQL the CTE locks
 * them `FOR UPDATE SKIP LOCKED`, so concurrent workers of several instances each take different
 * rows without waiting; materialized, it runs once (a plain `IN (subquery … LIMIT n)` may be
 * re-run by the planner and claim more than n rows). The outer WHERE repeats the conditions,
 * which PostgreSQL re-checks on a row another transaction changed meanwhile. On SQLite the statement is its own write transaction:
 * SQLite runs one writer at a time (the others wait through busy_timeout) and the second
 * writer's subquery sees the first one's claims.
 */
export async function claimDeliveries(
  db: Executor,
  workerId: string,
  options: { now: Date; claimMs: number; limit: number },
): Promise<OutboxDelivery[]> {
  const now = options.now.toISOString()
  const until = new Date(options.now.getTime() + options.claimMs).toISOString()
  const claim = db
    .with(
      (cte) => cte('due').materialized(),
      (qb) => {
        const due = qb
          .selectFrom('outbox_deliveries')
          .select('id')
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', now)
          .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
          .orderBy('next_attempt_at')
          .limit(options.limit)
        return isPostgres(db) ? due.forUpdate().skipLocked() : due
      },
    )
    .updateTable('outbox_deliveries')
    .set({ claimed_by: workerId, claimed_until: until, attempts: sql`attempts + 1` })
    .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .returningAll()
  return claim.execute()
}

/** Claims due reminders exactly as `claimDeliveries` claims deliveries. */
export async function claimReminders(
  db: Executor,
  workerId: string,
  options: { now: Date; claimMs: number; limit: number },
): Promise<ScheduledReminder[]> {
  const now = options.now.toISOString()
  const until = new Date(options.now.getTime() + options.claimMs).toISOString()
  const claim = db
    .with(
      (cte) => cte('due').materialized(),
      (qb) => {
        const due = qb
          .selectFrom('scheduled_reminders')
          .select('id')
          .where('status', '=', 'pending')
          .where('due_at', '<=', now)
          .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
          .orderBy('due_at')
          .limit(options.limit)
        return isPostgres(db) ? due.forUpdate().skipLocked() : due
      },
    )
    .updateTable('scheduled_reminders')
    .set({ claimed_by: workerId, claimed_until: until, attempts: sql`attempts + 1` })
    .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .returningAll()
  return claim.execute()
}

// ---- Reminders ----------------------------------------------------------------------------

export interface ReminderInput {
  /** e.g. 'decide_by.approaching', 'decide_by.overdue', 'signoff.escalated' */
  kind: string
  partnershipId: string
  proposalId: string | null
  partyId: string | null
  dueAt: Date
  now?: Date
}

/**
 * Schedules (or moves) one reminder, in the caller's transaction. One reminder per kind,
 * proposal and party: scheduling again replaces the due time and makes it pending again.
 */
export async function scheduleReminder(trx: Trx, input: ReminderInput): Promise<string> {
  const key = `${input.kind}:${input.proposalId ?? '-'}:${input.partyId ?? '-'}`
  const id = randomUUID()
  const dueAt = input.dueAt.toISOString()
  await trx
    .insertInto('scheduled_reminders')
    .values({
      id,
      key,
      kind: input.kind,
      partnership_id: input.partnershipId,
      proposal_id: input.proposalId,
      party_id: input.partyId,
      due_at: dueAt,
      status: 'pending',
      attempts: 0,
      claimed_by: null,
      claimed_until: null,
      done_at: null,
      last_error: null,
      created_at: (input.now ?? new Date()).toISOString(),
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        due_at: dueAt,
        status: 'pending',
        attempts: 0,
        claimed_by: null,
        claimed_until: null,
        done_at: null,
        last_error: null,
      }),
    )
    .execute()
  const row = await trx
    .selectFrom('scheduled_reminders')
    .select('id')
    .where('key', '=', key)
    .executeTakeFirstOrThrow()
  return row.id
}

/** Cancels a proposal's pending reminders (it closed, or its decide-by date was removed). */
export async function cancelReminders(
  trx: Trx,
  proposalId: string,
  kinds?: string[],
): Promise<number> {
  let q = trx
    .updateTable('scheduled_reminders')
    .set({ status: 'cancelled', claimed_by: null, claimed_until: null })
    .where('proposal_id', '=', proposalId)
    .where('status', '=', 'pending')
  if (kinds && kinds.length > 0) q = q.where('kind', 'in', kinds)
  const result = await q.executeTakeFirst()
  return Number(result.numUpdatedRows)
}

// ---- The worker ---------------------------------------------------------------------------

export interface SendOutcome {
  ok: boolean
  /** Nothing to send (no SMTP, opted out, endpoint gone): the row is marked skipped. */
  skipped?: boolean
  statusCode?: number | null
  error?: string
}

/** A channel sends a group of claimed deliveries (a digest sends several as one email). */
export interface Channel {
  send(db: Db, deliveries: OutboxDelivery[]): Promise<Map<string, SendOutcome>>
}

export interface WorkerConfig {
  /** Default: host:pid:random. Recorded in claimed_by and the delivery log. */
  workerId?: string
  email?: Channel | null
  webhook?: Channel | null
  /** Runs in one write transaction with the reminder's "done" mark: a reminder fires once. */
  onReminder?: (trx: Trx, reminder: ScheduledReminder) => Promise<void>
  /** false: no polling, work only on kick() or runOnce() (tests, one-shot CLI). Default true. */
  poll?: boolean
  pollMs?: number
  /** How long a claim holds; a worker that dies mid-send is replaced after this. */
  claimMs?: number
  batchSize?: number
  /** After this many attempts a delivery is marked failed. */
  maxAttempts?: number
  /** Backoff after attempt n: baseBackoffMs × 2^(n−1), at most maxBackoffMs. */
  baseBackoffMs?: number
  maxBackoffMs?: number
  now?: () => Date
  onError?: (error: unknown) => void
}

export interface DeliveryWorker {
  readonly id: string
  /** Look for due work now (e.g. right after a commit that queued some). */
  kick(): void
  /** One pass: claims and handles due reminders and deliveries until none are left. */
  runOnce(): Promise<{ delivered: number; failed: number; skipped: number; reminders: number }>
  /** Stops polling and waits for the pass under way. */
  stop(): Promise<void>
}

export function backoffMs(attempt: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempt - 1))
}

export function startDeliveryWorker(db: Db, config: WorkerConfig = {}): DeliveryWorker {
  const id = config.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const pollMs = config.pollMs ?? 1000
  const claimMs = config.claimMs ?? 60_000
  const batchSize = config.batchSize ?? 50
  const maxAttempts = config.maxAttempts ?? 10
  const base = config.baseBackoffMs ?? 5_000
  const max = config.maxBackoffMs ?? 3_600_000
  const clock = config.now ?? (() => new Date())
  const onError =
    config.onError ?? ((error: unknown) => console.warn('notification worker:', error))
  const channels: Record<'email' | 'webhook', Channel | null> = {
    email: config.email ?? null,
    webhook: config.webhook ?? null,
  }

  let stopped = false
  let running: Promise<unknown> | null = null
  let again = false

  async function finish(row: OutboxDelivery, outcome: SendOutcome, startedAt: Date) {
    const now = clock()
    await db
      .insertInto('delivery_attempts')
      .values({
        delivery_id: row.id,
        attempt: row.attempts,
        worker: id,
        started_at: startedAt.toISOString(),
        duration_ms: Math.max(0, now.getTime() - startedAt.getTime()),
        ok: outcome.ok ? 1 : 0,
        status_code: outcome.statusCode ?? null,
        error: outcome.error ?? null,
      })
      .onConflict((oc) => oc.doNothing())
      .execute()
    const done = outcome.ok || outcome.skipped
    const gaveUp = !done && row.attempts >= maxAttempts
    const update = await db
      .updateTable('outbox_deliveries')
      .set({
        status: outcome.ok
          ? 'delivered'
          : outcome.skipped
            ? 'skipped'
            : gaveUp
              ? 'failed'
              : 'pending',
        delivered_at: outcome.ok ? now.toISOString() : null,
        next_attempt_at:
          done || gaveUp
            ? row.next_attempt_at
            : new Date(now.getTime() + backoffMs(row.attempts, base, max)).toISOString(),
        last_error: outcome.ok ? null : (outcome.error ?? null),
        claimed_by: null,
        claimed_until: null,
      })
      .where('id', '=', row.id)
      .where('claimed_by', '=', id)
      .executeTakeFirst()
    if (Number(update.numUpdatedRows) === 0)
      onError(
        new Error(
          `delivery ${row.id}: the claim expired before it was marked; it may be sent again`,
        ),
      )
    return outcome.ok ? 'delivered' : outcome.skipped ? 'skipped' : 'failed'
  }

  async function deliverBatch(rows: OutboxDelivery[]) {
    const counts = { delivered: 0, failed: 0, skipped: 0 }
    for (const channelName of ['email', 'webhook'] as const) {
      const group = rows.filter((r) => r.channel === channelName)
      if (group.length === 0) continue
      const channel = channels[channelName]
      const startedAt = clock()
      let outcomes: Map<string, SendOutcome>
      if (!channel) {
        const reason =
          channelName === 'email' ? 'email is not configured (SMTP_URL)' : 'webhooks are off'
        outcomes = new Map(group.map((r) => [r.id, { ok: false, skipped: true, error: reason }]))
      } else {
        try {
          outcomes = await channel.send(db, group)
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error)
          outcomes = new Map(group.map((r) => [r.id, { ok: false, error: message }]))
        }
      }
      for (const row of group) {
        const outcome = outcomes.get(row.id) ?? { ok: false, error: 'the channel gave no outcome' }
        counts[await finish(row, outcome, startedAt)]++
      }
    }
    return counts
  }

  async function handleReminder(reminder: ScheduledReminder): Promise<boolean> {
    const handler = config.onReminder
    if (!handler) return false
    try {
      await writeTransaction(db, async (trx) => {
        await handler(trx, reminder)
        const marked = await trx
          .updateTable('scheduled_reminders')
          .set({
            status: 'done',
            done_at: clock().toISOString(),
            claimed_by: null,
            claimed_until: null,
          })
          .where('id', '=', reminder.id)
          .where('claimed_by', '=', id)
          .where('status', '=', 'pending')
          .executeTakeFirst()
        // Another worker took it over (our claim expired): roll back so it fires only once.
        if (Number(marked.numUpdatedRows) === 0) throw new ClaimLost(reminder.id)
      })
      return true
    } catch (error) {
      if (error instanceof ClaimLost) return false
      const now = clock()
      const gaveUp = reminder.attempts >= maxAttempts
      await db
        .updateTable('scheduled_reminders')
        .set({
          status: gaveUp ? 'failed' : 'pending',
          due_at: gaveUp
            ? reminder.due_at
            : new Date(now.getTime() + backoffMs(reminder.attempts, base, max)).toISOString(),
          last_error: error instanceof Error ? error.message : String(error),
          claimed_by: null,
          claimed_until: null,
        })
        .where('id', '=', reminder.id)
        .where('claimed_by', '=', id)
        .execute()
      onError(error)
      return false
    }
  }

  async function runOnce() {
    const totals = { delivered: 0, failed: 0, skipped: 0, reminders: 0 }
    if (config.onReminder) {
      for (;;) {
        if (stopped) break
        const reminders = await claimReminders(db, id, { now: clock(), claimMs, limit: batchSize })
        for (const r of reminders) if (await handleReminder(r)) totals.reminders++
        if (reminders.length < batchSize) break
      }
    }
    for (;;) {
      if (stopped) break
      const rows = await claimDeliveries(db, id, { now: clock(), claimMs, limit: batchSize })
      if (rows.length === 0) break
      const counts = await deliverBatch(rows)
      totals.delivered += counts.delivered
      totals.failed += counts.failed
      totals.skipped += counts.skipped
      if (rows.length < batchSize) break
    }
    return totals
  }

  function tick() {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = runOnce()
      .catch(onError)
      .finally(() => {
        running = null
        if (again && !stopped) {
          again = false
          tick()
        }
      })
  }

  const timer = config.poll === false ? null : setInterval(tick, pollMs)
  timer?.unref()
  if (timer) tick()

  return {
    id,
    kick: tick,
    runOnce,
    async stop() {
      stopped = true
      if (timer) clearInterval(timer)
      while (running) await running
    },
  }
}

class ClaimLost extends Error {
  constructor(reminderId: string) {
    super(`reminder ${reminderId}: claim taken over by another worker`)
  }
}

/** Marks a person's notifications read (all, or the given ids). Returns how many changed. */
export async function markRead(
  executor: Executor,
  userId: string,
  ids?: string[],
  now = new Date(),
): Promise<number> {
  let q = executor
    .updateTable('notifications')
    .set({ read_at: now.toISOString() })
    .where('recipient_id', '=', userId)
    .where('read_at', 'is', null)
  if (ids) {
    if (ids.length === 0) return 0
    q = q.where('id', 'in', ids)
  }
  return Number((await q.executeTakeFirst()).numUpdatedRows)
}
