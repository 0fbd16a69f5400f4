/**
 * The demo parties' calendars (issue 13, ADR 0028): both are Japanese companies, so both keep
 * Japan's public holidays (from `date-holidays`) in Asia/Tokyo, and each closes on days of its
 * own: the year-end and Golden Week shutdowns differ between Honda and Nissan, so a reminder
 * falling then moves for one party only. Set as a party's admin would, with the same ledger
 * events (private to the party).
 */
import type { Trx } from '../../db/connect'
import { appendEvent, SYSTEM_ACTOR } from '../audit/ledger'
import { addShutdownDay, setPartyCalendar } from '../notify/calendar'

export const DEMO_CALENDARS: Record<
  string,
  { country: string; timeZone: string; shutdownDays: { date: string; label: string }[] }
> = {
  HONDA: {
    country: 'JP',
    timeZone: 'Asia/Tokyo',
    shutdownDays: [
      { date: '2026-12-29', label: 'Year-end shutdown / 年末年始休業' },
      { date: '2026-12-30', label: 'Year-end shutdown / 年末年始休業' },
      { date: '2026-12-31', label: 'Year-end shutdown / 年末年始休業' },
      { date: '2027-04-30', label: 'Golden Week / ゴールデンウィーク' },
      { date: '2027-05-06', label: 'Golden Week / ゴールデンウィーク' },
      { date: '2027-05-07', label: 'Golden Week / ゴールデンウィーク' },
    ],
  },
  NISSAN: {
    country: 'JP',
    timeZone: 'Asia/Tokyo',
    shutdownDays: [
      { date: '2026-12-30', label: 'Year-end shutdown / 年末年始休業' },
      { date: '2026-12-31', label: 'Year-end shutdown / 年末年始休業' },
      { date: '2027-01-04', label: 'Year-end shutdown / 年末年始休業' },
      { date: '2027-04-30', label: 'Golden Week / ゴールデンウィーク' },
    ],
  },
}

/** Gives a newly created demo party its calendar and shutdown days, with their ledger events. */
export async function seedPartyCalendar(trx: Trx, partyId: string, code: string): Promise<void> {
  const calendar = DEMO_CALENDARS[code]
  if (!calendar) return
  await setPartyCalendar(trx, { partyId, country: calendar.country, timeZone: calendar.timeZone })
  await appendEvent(trx, SYSTEM_ACTOR, {
    partnershipId: null,
    action: 'calendar.configured',
    entityType: 'party',
    entityId: partyId,
    visibility: `party:${code}`,
    before: null,
    after: { party: code, country: calendar.country, timeZone: calendar.timeZone },
  })
  for (const day of calendar.shutdownDays) {
    await addShutdownDay(trx, { partyId, date: day.date, label: day.label, createdBy: null })
    await appendEvent(trx, SYSTEM_ACTOR, {
      partnershipId: null,
      action: 'calendar.shutdown_day_set',
      entityType: 'party',
      entityId: partyId,
      visibility: `party:${code}`,
      before: null,
      after: { party: code, date: day.date, label: day.label },
    })
  }
}
