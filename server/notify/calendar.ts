/**
 * Each party's calendar (country holidays, time zone, shutdown days) and the reminders counted
 * on it: a decide-by reminder, the overdue notice and the escalation of an overdue sign-off.
 */
import type { Executor, Trx } from '../../db/connect'
import {
  addBusinessDays,
  isKnownCountry,
  type PartyCalendar,
  reminderDate,
} from '../../shared/business-days'
import { DomainError } from '../../shared/errors'
import { scheduleReminder } from './outbox'
import { isTimeZone, zonedHour } from './time'

export interface LoadedPartyCalendar extends PartyCalendar {
  partyId: string
  timeZone: string
  shutdownDays: Set<string>
}

/** A party without a calendar row counts weekends only, in UTC. */
export async function loadPartyCalendar(
  executor: Executor,
  partyId: string,
): Promise<LoadedPartyCalendar> {
  const [row, days] = await Promise.all([
    executor
      .selectFrom('party_calendars')
      .selectAll()
      .where('party_id', '=', partyId)
      .executeTakeFirst(),
    executor
      .selectFrom('party_shutdown_days')
      .select('date')
      .where('party_id', '=', partyId)
      .execute(),
  ])
  return {
    partyId,
    country: row?.country ?? null,
    region: row?.region ?? null,
    timeZone: row?.time_zone ?? 'UTC',
    shutdownDays: new Set(days.map((d) => d.date)),
  }
}

/** Sets a party's country (for public holidays) and time zone. The caller writes the ledger event. */
export async function setPartyCalendar(
  trx: Trx,
  input: {
    partyId: string
    country: string | null
    region?: string | null
    timeZone: string
    now?: Date
  },
): Promise<void> {
  if (input.country !== null && !isKnownCountry(input.country))
    throw new DomainError(
      'VALIDATION',
      `Unknown country code ${input.country}: use two letters such as JP`,
      { field: 'country', rule: { name: 'unknownCountry' } },
    )
  if (!isTimeZone(input.timeZone))
    throw new DomainError(
      'VALIDATION',
      `Unknown time zone ${input.timeZone}: use a name such as Asia/Tokyo`,
      { field: 'timeZone', rule: { name: 'unknownTimeZone' } },
    )
  const values = {
    country: input.country,
    region: input.region ?? null,
    time_zone: input.timeZone,
    updated_at: (input.now ?? new Date()).toISOString(),
  }
  await trx
    .insertInto('party_calendars')
    .values({ party_id: input.partyId, ...values })
    .onConflict((oc) => oc.column('party_id').doUpdateSet(values))
    .execute()
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Adds (or relabels) a shutdown day of a party. The caller checks the actor is its admin. */
export async function addShutdownDay(
  trx: Trx,
  input: { partyId: string; date: string; label: string; createdBy: string | null; now?: Date },
): Promise<void> {
  if (!DATE.test(input.date) || Number.isNaN(Date.parse(`${input.date}T00:00:00Z`)))
    throw new DomainError('VALIDATION', 'Enter the day as YYYY-MM-DD', { field: 'date' })
  await trx
    .insertInto('party_shutdown_days')
    .values({
      party_id: input.partyId,
      date: input.date,
      label: input.label,
      created_by: input.createdBy,
      created_at: (input.now ?? new Date()).toISOString(),
    })
    .onConflict((oc) => oc.columns(['party_id', 'date']).doUpdateSet({ label: input.label }))
    .execute()
}

export async function removeShutdownDay(trx: Trx, partyId: string, date: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('party_shutdown_days')
    .where('party_id', '=', partyId)
    .where('date', '=', date)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

export interface DeadlineReminderOptions {
  partnershipId: string
  proposalId: string
  /** YYYY-MM-DD */
  decideBy: string
  partyIds: string[]
  /** Business days before decide-by for the reminder (default 3). */
  remindBefore?: number
  /** Business days after decide-by before an owed sign-off escalates (default 2). */
  escalateAfter?: number
  /** Local hour at which reminders go out in each party's time zone (default 9). */
  hour?: number
  now?: Date
}

/**
 * Schedules, per party and on that party's calendar: `decide_by.approaching` (remindBefore
 * business days before), `decide_by.overdue` (the first business day after decide-by) and
 * `signoff.escalated` (escalateAfter business days after decide-by). Scheduling again (a new
 * decide-by date) moves them. The worker's onReminder decides, when one falls due, whether it
 * still applies (the proposal may have closed, the sign-off may have come).
 */
export async function scheduleDeadlineReminders(trx: Trx, o: DeadlineReminderOptions) {
  const hour = o.hour ?? 9
  const scheduled: { kind: string; partyId: string; date: string; dueAt: string }[] = []
  for (const partyId of o.partyIds) {
    const calendar = await loadPartyCalendar(trx, partyId)
    for (const [kind, date] of reminderPlan(o.decideBy, calendar, o)) {
      const dueAt = zonedHour(date, hour, calendar.timeZone)
      await scheduleReminder(trx, {
        kind,
        partnershipId: o.partnershipId,
        proposalId: o.proposalId,
        partyId,
        dueAt,
        now: o.now,
      })
      scheduled.push({ kind, partyId, date, dueAt: dueAt.toISOString() })
    }
  }
  return scheduled
}

/** The day of each deadline reminder on one party's calendar. */
function reminderPlan(
  decideBy: string,
  calendar: LoadedPartyCalendar,
  o: { remindBefore?: number; escalateAfter?: number },
) {
  return [
    ['decide_by.approaching', reminderDate(decideBy, calendar, o.remindBefore ?? 3)],
    ['decide_by.overdue', addBusinessDays(decideBy, 1, calendar)],
    ['signoff.escalated', addBusinessDays(decideBy, o.escalateAfter ?? 2, calendar)],
  ] as const
}

/**
 * After a party's calendar changed (a shutdown day added or removed), moves that party's
 * pending deadline reminders to their day on the new calendar. Other parties' reminders and
 * reminders already sent stay as they are. Returns how many moved.
 */
export async function moveRemindersOf(
  trx: Trx,
  partyId: string,
  o: { remindBefore?: number; escalateAfter?: number; hour?: number; now?: Date },
): Promise<number> {
  const now = (o.now ?? new Date()).toISOString()
  const pending = await trx
    .selectFrom('scheduled_reminders as r')
    .innerJoin('proposals as p', 'p.id', 'r.proposal_id')
    .select(['r.id', 'r.kind', 'r.due_at', 'p.decide_by'])
    .where('r.party_id', '=', partyId)
    .where('r.status', '=', 'pending')
    .where((eb) => eb.or([eb('r.claimed_until', 'is', null), eb('r.claimed_until', '<', now)]))
    .execute()
  if (pending.length === 0) return 0
  const calendar = await loadPartyCalendar(trx, partyId)
  let moved = 0
  for (const r of pending) {
    if (!r.decide_by) continue
    const date = reminderPlan(r.decide_by, calendar, o).find(([kind]) => kind === r.kind)?.[1]
    if (!date) continue
    const dueAt = zonedHour(date, o.hour ?? 9, calendar.timeZone).toISOString()
    if (dueAt === r.due_at) continue
    await trx
      .updateTable('scheduled_reminders')
      .set({ due_at: dueAt })
      .where('id', '=', r.id)
      .execute()
    moved++
  }
  return moved
}
