/**
 * A party's own calendar as its admins keep it (issue 13, ADR 0028): the company's shutdown days
 * (Golden Week, year-end) on top of the public holidays of its country. Business days, and so
 * the decide-by reminders and escalations, are counted on it for that party only. Only the
 * party's admins change it; every change is one transaction with its ledger event (private to
 * the party) and moves the party's pending reminders.
 */
import { type Db, type Executor, writeTransaction } from '../../db/connect'
import { isBusinessDay } from '../../shared/business-days'
import { DomainError } from '../../shared/errors'
import { appendEvent } from '../audit/ledger'
import {
  addShutdownDay,
  loadPartyCalendar,
  removeShutdownDay,
  setPartyCalendar,
} from '../notify/calendar'
import { moveRemindersOfParty } from './proposals/notices'
import { actorOf, type SessionUser } from './users'

function partyOf(admin: SessionUser): { id: string; code: string } {
  if (!admin.partyId || !admin.partyCode)
    throw new DomainError('FORBIDDEN', "You belong to no party, so you keep no party's calendar.", {
      rule: { name: 'noParty' },
    })
  return { id: admin.partyId, code: admin.partyCode }
}

/** The party's calendar: its country and time zone, and its shutdown days in date order. */
export function partyCalendar(db: Db, admin: SessionUser) {
  return calendarOf(db, partyOf(admin))
}

/** Sets the party's country (whose public holidays it keeps; null: none) and time zone. */
export function setCalendar(
  db: Db,
  admin: SessionUser,
  input: { country: string | null; timeZone: string },
  now = new Date(),
) {
  const party = partyOf(admin)
  return writeTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('party_calendars')
      .select(['country', 'time_zone'])
      .where('party_id', '=', party.id)
      .executeTakeFirst()
    if (before && before.country === input.country && before.time_zone === input.timeZone)
      return calendarOf(trx, party)
    await setPartyCalendar(trx, {
      partyId: party.id,
      country: input.country,
      timeZone: input.timeZone,
      now,
    })
    await appendEvent(trx, actorOf(admin), {
      partnershipId: null,
      action: 'calendar.configured',
      entityType: 'party',
      entityId: party.id,
      visibility: `party:${party.code}`,
      before: before ? { country: before.country, timeZone: before.time_zone } : null,
      after: { party: party.code, country: input.country, timeZone: input.timeZone },
    })
    await moveRemindersOfParty(trx, party.id, now)
    return calendarOf(trx, party)
  })
}

/** Adds a shutdown day (or relabels it). A day the party is closed anyway is refused. */
export function setShutdownDay(
  db: Db,
  admin: SessionUser,
  input: { date: string; label: string },
  now = new Date(),
) {
  const party = partyOf(admin)
  return writeTransaction(db, async (trx) => {
    const calendar = await loadPartyCalendar(trx, party.id)
    const before = await trx
      .selectFrom('party_shutdown_days')
      .select('label')
      .where('party_id', '=', party.id)
      .where('date', '=', input.date)
      .executeTakeFirst()
    if (!before && !isBusinessDay(input.date, { ...calendar, shutdownDays: [] }))
      throw new DomainError(
        'VALIDATION',
        `${input.date} is a weekend day or a public holiday: ${party.code} is closed that day already.`,
        { field: 'date', rule: { name: 'closedAlready', params: { date: input.date } } },
      )
    if (before?.label === input.label) return calendarOf(trx, party)
    await addShutdownDay(trx, {
      partyId: party.id,
      date: input.date,
      label: input.label,
      createdBy: admin.id,
      now,
    })
    await appendEvent(trx, actorOf(admin), {
      partnershipId: null,
      action: 'calendar.shutdown_day_set',
      entityType: 'party',
      entityId: party.id,
      visibility: `party:${party.code}`,
      before: before ? { label: before.label } : null,
      after: { party: party.code, date: input.date, label: input.label },
    })
    await moveRemindersOfParty(trx, party.id, now)
    return calendarOf(trx, party)
  })
}

export function removeShutdown(
  db: Db,
  admin: SessionUser,
  input: { date: string },
  now = new Date(),
) {
  const party = partyOf(admin)
  return writeTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('party_shutdown_days')
      .select('label')
      .where('party_id', '=', party.id)
      .where('date', '=', input.date)
      .executeTakeFirst()
    if (!before)
      throw new DomainError('NOT_FOUND', `${input.date} is not a shutdown day of ${party.code}.`, {
        field: 'date',
        rule: { name: 'notShutdown', params: { date: input.date } },
      })
    await removeShutdownDay(trx, party.id, input.date)
    await appendEvent(trx, actorOf(admin), {
      partnershipId: null,
      action: 'calendar.shutdown_day_removed',
      entityType: 'party',
      entityId: party.id,
      visibility: `party:${party.code}`,
      before: { party: party.code, date: input.date, label: before.label },
      after: null,
    })
    await moveRemindersOfParty(trx, party.id, now)
    return calendarOf(trx, party)
  })
}

async function calendarOf(trx: Executor, party: { id: string; code: string }) {
  const calendar = await loadPartyCalendar(trx, party.id)
  const days = await trx
    .selectFrom('party_shutdown_days')
    .select(['date', 'label'])
    .where('party_id', '=', party.id)
    .orderBy('date')
    .execute()
  return {
    party: party.code,
    country: calendar.country,
    timeZone: calendar.timeZone,
    shutdownDays: days,
  }
}
