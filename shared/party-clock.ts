/**
 * Each party's clock on a proposal (issue 13): why a day is off on a party's calendar, and the
 * public holiday's name in both languages. Business-day counting itself is shared/business-days.ts.
 */
import Holidays from 'date-holidays'
import { isBusinessDay, type PartyCalendar } from './business-days'

export type DayOff = 'weekend' | 'holiday' | 'shutdown'

export interface HolidayName {
  en: string
  ja: string
}

const names = new Map<string, Map<string, HolidayName>>()

/** The public holiday on `date` in `country`, named in English and Japanese; null if none. */
export function publicHolidayName(country: string | null, date: string): HolidayName | null {
  if (!country) return null
  const year = date.slice(0, 4)
  const key = `${country}/${year}`
  let byDate = names.get(key)
  if (!byDate) {
    const hd = new Holidays(country)
    byDate = new Map()
    const ja = new Map(
      (hd.getHolidays(Number(year), 'ja') || [])
        .filter((h) => h.type === 'public' && h.date.endsWith(' 00:00:00'))
        .map((h) => [h.date.slice(0, 10), h.name]),
    )
    for (const h of hd.getHolidays(Number(year), 'en') || [])
      if (h.type === 'public' && h.date.endsWith(' 00:00:00')) {
        const day = h.date.slice(0, 10)
        byDate.set(day, { en: h.name, ja: ja.get(day) ?? h.name })
      }
    names.set(key, byDate)
  }
  return byDate.get(date) ?? null
}

/** Why `date` is not a business day for this party (null: it is one). */
export function dayOff(date: string, calendar: PartyCalendar): DayOff | null {
  if (isBusinessDay(date, calendar)) return null
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay()
  if (weekday === 0 || weekday === 6) return 'weekend'
  if (publicHolidayName(calendar.country, date)) return 'holiday'
  return 'shutdown'
}
