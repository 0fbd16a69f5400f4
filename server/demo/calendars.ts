/**
 * The demo parties' calendars (issue 13, ADR 0028): both are Japanese companies, so both keep
 * Japan's public holidays (from `date-holidays`) in Asia/Tokyo, and each closes on days of its
 * own: the year-end and Golden Week shutdowns differ between Honda and Nissan, so a reminder
 * falling then moves for one party only. Set as a party's admin would, with the same ledger
 * events (private to the party).
 */
import type { Trx } from '../../db/connect'
import { isBusinessDay, nextDay } from '../../shared/business-days'
import { appendEvent, SYSTEM_ACTOR } from '../audit/ledger'
import { addShutdownDay, setPartyCalendar } from '../notify/calendar'
import { localDate } from '../notify/time'

const COUNTRY = 'JP'
const TIME_ZONE = 'Asia/Tokyo'
const YEAR_END = 'Year-end shutdown / 年末年始休業'
const GOLDEN_WEEK = 'Golden Week / ゴールデンウィーク'

export interface DemoCalendar {
  country: string
  timeZone: string
  shutdownDays: { date: string; label: string }[]
}

type Season = (year: number) => Record<'HONDA' | 'NISSAN', string[]>

const ymd = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`

/** A day an admin may make a shutdown day: not a weekend day or a public holiday already. */
const open = (date: string) => isBusinessDay(date, { country: COUNTRY, shutdownDays: [] })

function firstOpenFrom(date: string): string {
  let day = date
  while (!open(day)) day = nextDay(day)
  return day
}

/**
 * Year-end `year`: Honda closes 29–31 December; Nissan 30–31 December and its first working
 * day from 4 January (so it is the one still closed when Honda is back).
 */
const yearEnd: Season = (year) => ({
  HONDA: [ymd(year, 12, 29), ymd(year, 12, 30), ymd(year, 12, 31)].filter(open),
  NISSAN: [ymd(year, 12, 30), ymd(year, 12, 31)]
    .filter(open)
    .concat(firstOpenFrom(ymd(year + 1, 1, 4))),
})

/**
 * Golden Week `year`: Honda closes the working days that bridge Shōwa Day (29 April) and
 * Constitution Day (3 May) and 6–7 May after Children's Day; Nissan only the first bridge day.
 * There is always a bridge day (30 April – 2 May holds a weekday that is no holiday), and Honda
 * always has one more, so the two differ in every year.
 */
const goldenWeek: Season = (year) => {
  const bridge = [ymd(year, 4, 30), ymd(year, 5, 1), ymd(year, 5, 2)].filter(open)
  return {
    HONDA: bridge.concat([ymd(year, 5, 6), ymd(year, 5, 7)].filter(open)),
    NISSAN: bridge.slice(0, 1),
  }
}

/** The season's days in the first year whose shutdown (either party's) is not over by `today`. */
function coming(season: Season, today: string): Record<'HONDA' | 'NISSAN', string[]> {
  for (let year = Number(today.slice(0, 4)) - 1; ; year++) {
    const days = season(year)
    const last = [...days.HONDA, ...days.NISSAN].sort().at(-1)
    if (last !== undefined && last >= today) return days
  }
}

/**
 * The demo parties' calendars as of `now`: the coming year-end shutdown (the one not over yet in
 * Tokyo) and the coming Golden Week, in date order. Computed when the demo is loaded rather than
 * written down, so the demo shows shutdowns ahead in any year.
 */
export function demoCalendars(now: Date): Record<string, DemoCalendar> {
  const today = localDate(now, TIME_ZONE)
  const end = coming(yearEnd, today)
  const golden = coming(goldenWeek, today)
  const calendar = (code: 'HONDA' | 'NISSAN'): DemoCalendar => ({
    country: COUNTRY,
    timeZone: TIME_ZONE,
    shutdownDays: [
      ...end[code].map((date) => ({ date, label: YEAR_END })),
      ...golden[code].map((date) => ({ date, label: GOLDEN_WEEK })),
    ].sort((a, b) => a.date.localeCompare(b.date)),
  })
  return { HONDA: calendar('HONDA'), NISSAN: calendar('NISSAN') }
}

/**
 * Gives a newly created demo party its calendar and shutdown days (the coming ones as of `now`),
 * with their ledger events.
 */
export async function seedPartyCalendar(
  trx: Trx,
  partyId: string,
  code: string,
  now: Date,
): Promise<void> {
  const calendar = demoCalendars(now)[code]
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
