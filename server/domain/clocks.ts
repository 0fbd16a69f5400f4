/**
 * Each party's clock on a proposal (issue 13): the local date and whether it is a business day
 * there, and the decide-by date in that party's terms (business days left on its calendar, and
 * the days off before it). Anyone who may read the proposal may read its clocks.
 *
 * A party's shutdown days are its own business (ADR 0028): the other party sees that a day is
 * off for it (the count of business days left needs it) but not the shutdown's label; public
 * holidays are public and named for everyone.
 */
import type { Db } from '../../db/connect'
import { addBusinessDays, businessDaysBetween, nextDay } from '../../shared/business-days'
import { latestDecideBy } from '../../shared/decide-by'
import { type DayOff, dayOff, type HolidayName, publicHolidayName } from '../../shared/party-clock'
import { loadPartyCalendar } from '../notify/calendar'
import { localDate } from '../notify/time'
import { partiesOf } from './partnerships'
import { loadProposal } from './proposals/access'
import type { SessionUser } from './users'

/** Days off listed before the decide-by date, at most. */
const MAX_DAYS_OFF = 6

export interface PartyClock {
  party: string
  timeZone: string
  country: string | null
  /** today's date in the party's time zone */
  today: string
  /** why today is off for the party; null: a business day */
  todayOff: DayOff | null
  holiday: HolidayName | null
  /** the shutdown's label, for the caller's own party only */
  shutdownLabel: string | null
  /** business days from today up to and including decide-by; null without a decide-by date */
  businessDaysLeft: number | null
  /** weekdays off between today and decide-by (public holidays, shutdown days) */
  daysOff: { date: string; off: DayOff; holiday: HolidayName | null; label: string | null }[]
}

export async function proposalClocks(
  db: Db,
  user: SessionUser,
  input: { proposalId: string },
  now = new Date(),
): Promise<{ decideBy: string | null; now: string; parties: PartyClock[] }> {
  const p = await loadProposal(db, user, input.proposalId)
  const parties = await partiesOf(db, [p.partnership_id])
  const clocks: PartyClock[] = []
  for (const party of parties) {
    const calendar = await loadPartyCalendar(db, party.id)
    const own = party.code === user.partyCode
    const labels = own
      ? new Map(
          (
            await db
              .selectFrom('party_shutdown_days')
              .select(['date', 'label'])
              .where('party_id', '=', party.id)
              .execute()
          ).map((d) => [d.date, d.label]),
        )
      : new Map<string, string>()
    const today = localDate(now, calendar.timeZone)
    const todayOff = dayOff(today, calendar)
    const daysOff: PartyClock['daysOff'] = []
    // Counts walk the days between, so they stop at a horizon: a decide-by further out (set before
    // dates were bounded, shared/decide-by.ts) has no count, and days off are looked for a year on.
    const counted = p.decide_by !== null && p.decide_by <= latestDecideBy(now)
    const horizon = yearAfter(today)
    if (p.decide_by && p.decide_by > today) {
      const until = earlier(p.decide_by, horizon)
      // Walk the business days only: the days between two of them are the days off.
      let day = today
      while (day < until && daysOff.length < MAX_DAYS_OFF) {
        const next = addBusinessDays(day, 1, calendar)
        for (let d = nextDay(day); d < next && d <= until; d = nextDay(d)) {
          const off = dayOff(d, calendar)
          if (off === 'weekend' || off === null) continue
          daysOff.push({
            date: d,
            off,
            holiday: publicHolidayName(calendar.country, d),
            label: labels.get(d) ?? null,
          })
        }
        day = next
      }
    }
    clocks.push({
      party: party.code,
      timeZone: calendar.timeZone,
      country: calendar.country,
      today,
      todayOff,
      holiday: publicHolidayName(calendar.country, today),
      shutdownLabel: todayOff === 'shutdown' ? (labels.get(today) ?? null) : null,
      businessDaysLeft:
        p.decide_by && counted ? businessDaysBetween(today, p.decide_by, calendar) : null,
      daysOff: daysOff.slice(0, MAX_DAYS_OFF),
    })
  }
  return { decideBy: p.decide_by, now: now.toISOString(), parties: clocks }
}

/** The earlier of two YYYY-MM-DD dates. */
function earlier(a: string, b: string): string {
  return a.localeCompare(b) <= 0 ? a : b
}

function yearAfter(date: string): string {
  return `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`
}
