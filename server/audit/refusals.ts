/**
 * Refused calls in the ledger, at a bounded rate. Every FORBIDDEN is counted, but the ledger
 * gets at most one `security.access_denied` event per person, procedure and minute: the first
 * refusal of a minute is written at once (payload `{procedure, type}`), later ones in that minute
 * are counted in `security_refusals` and written as one event carrying their `count` (with the
 * first and last time) by the next refusal in a later minute, or by the flusher. A flood of
 * refused calls therefore grows the ledger by at most one event per minute and procedure.
 */
import { type Db, writeTransaction } from '../../db/connect'
import { type Actor, appendEvent } from './ledger'

/** '2026-12-02T10:15': the minute an instant falls in (UTC). */
export function minuteOf(at: Date): string {
  return at.toISOString().slice(0, 16)
}

export interface Refusal {
  userId: string
  partyCode: string | null
  procedure: string
  type: string
}

export async function recordRefusal(db: Db, refusal: Refusal, now = new Date()): Promise<void> {
  const minute = minuteOf(now)
  const actor: Actor = { userId: refusal.userId, partyCode: refusal.partyCode }
  await writeTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('security_refusals')
      .selectAll()
      .where('user_id', '=', refusal.userId)
      .where('procedure', '=', refusal.procedure)
      .executeTakeFirst()
    if (row && row.event_minute >= minute) {
      await trx
        .updateTable('security_refusals')
        .set((eb) => ({
          pending: eb('pending', '+', 1),
          first_pending_at: eb.fn.coalesce('first_pending_at', eb.val(now.toISOString())),
          last_pending_at: now.toISOString(),
        }))
        .where('user_id', '=', refusal.userId)
        .where('procedure', '=', refusal.procedure)
        .execute()
      return
    }
    const pending = Number(row?.pending ?? 0)
    await appendEvent(trx, actor, {
      partnershipId: null,
      action: 'security.access_denied',
      entityType: 'user',
      entityId: refusal.userId,
      after:
        pending === 0
          ? { procedure: refusal.procedure, type: refusal.type }
          : {
              procedure: refusal.procedure,
              type: refusal.type,
              count: pending + 1,
              firstAt: row?.first_pending_at ?? now.toISOString(),
              lastAt: now.toISOString(),
            },
    })
    const values = {
      type: refusal.type,
      actor_party: refusal.partyCode,
      event_minute: minute,
      pending: 0,
      first_pending_at: null,
      last_pending_at: null,
    }
    if (row)
      await trx
        .updateTable('security_refusals')
        .set(values)
        .where('user_id', '=', refusal.userId)
        .where('procedure', '=', refusal.procedure)
        .execute()
    else
      await trx
        .insertInto('security_refusals')
        .values({ user_id: refusal.userId, procedure: refusal.procedure, ...values })
        .execute()
  })
}

/**
 * Writes one event for each person and procedure with refusals counted in an earlier minute
 * and not written yet. Returns how many events it wrote.
 */
export async function flushRefusals(db: Db, now = new Date()): Promise<number> {
  const minute = minuteOf(now)
  const due = await db
    .selectFrom('security_refusals')
    .select(['user_id', 'procedure'])
    .where('pending', '>', 0)
    .where('event_minute', '<', minute)
    .execute()
  let written = 0
  for (const { user_id, procedure } of due) {
    written += await writeTransaction(db, async (trx) => {
      // Read again under the write lock: another instance may have written it meanwhile.
      const row = await trx
        .selectFrom('security_refusals')
        .selectAll()
        .where('user_id', '=', user_id)
        .where('procedure', '=', procedure)
        .executeTakeFirst()
      if (!row || Number(row.pending) === 0 || row.event_minute >= minute) return 0
      await appendEvent(
        trx,
        { userId: row.user_id, partyCode: row.actor_party },
        {
          partnershipId: null,
          action: 'security.access_denied',
          entityType: 'user',
          entityId: row.user_id,
          after: {
            procedure: row.procedure,
            type: row.type,
            count: Number(row.pending),
            firstAt: row.first_pending_at,
            lastAt: row.last_pending_at,
          },
        },
      )
      await trx
        .updateTable('security_refusals')
        .set({ event_minute: minute, pending: 0, first_pending_at: null, last_pending_at: null })
        .where('user_id', '=', user_id)
        .where('procedure', '=', procedure)
        .execute()
      return 1
    })
  }
  return written
}

/** Flushes counted refusals every `intervalMs`; returns a function that stops it. */
export function startRefusalFlusher(
  db: Db,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve()
  const timer = setInterval(() => {
    running = flushRefusals(db).catch((error: unknown) => options.onError?.(error))
  }, options.intervalMs ?? 15_000)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}

/**
 * Every refusal recorded for a person and procedure: those in ledger events (an event without
 * `count` stands for one) plus those counted and not written yet. For tests and reports.
 */
export async function refusalTotal(db: Db, userId: string, procedure: string): Promise<number> {
  const events = await db
    .selectFrom('ledger_events')
    .select('payload')
    .where('action', '=', 'security.access_denied')
    .where('actor_id', '=', userId)
    .execute()
  let total = 0
  for (const e of events) {
    const after = (JSON.parse(e.payload) as { after?: { procedure?: string; count?: number } })
      .after
    if (after?.procedure === procedure) total += after.count ?? 1
  }
  const row = await db
    .selectFrom('security_refusals')
    .select('pending')
    .where('user_id', '=', userId)
    .where('procedure', '=', procedure)
    .executeTakeFirst()
  return total + Number(row?.pending ?? 0)
}
