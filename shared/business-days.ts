/**
 * Business days on a party's own calendar: weekends, the public holidays of the party's country
 * (from `date-holidays`, never a hand-written list) and the shutdown days its admin added (a
 * company's Golden Week or year-end closure). Dates are calendar dates, YYYY-MM-DD, in the
 * party's own time zone: no clock time takes part, so the arithmetic is the same everywhere.
 */
import Holidays from 'date-holidays'

export interface PartyCalendar {
  /** ISO 3166-1 alpha-2 (JP, US, DE ...); null: weekends and shutdown days only. */
  country: string | null
  /** A region within the country, as date-holidays names it (e.g. 'BY' in DE). */
  region?: string | null
  /** YYYY-MM-DD days the company is closed on top of public holidays. */
  shutdownDays?: Iterable<string>
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function parse(date: string): number {
  const m = DATE.exec(date)
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`)
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  if (format(ms) !== date) throw new RangeError(`no such day: ${date}`)
  return ms
}

function format(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

const DAY = 86_400_000

/** The calendar day after a YYYY-MM-DD date. */
export function nextDay(date: string): string {
  return format(parse(date) + DAY)
}

/** Public holidays (type 'public', substitute days included) per country/region and year. */
const holidayCache = new Map<string, Set<string>>()

function publicHolidays(country: string, region: string | null | undefined, year: number) {
  const key = `${country}/${region ?? ''}/${year}`
  let days = holidayCache.get(key)
  if (!days) {
    const hd = region ? new Holidays(country, region) : new Holidays(country)
    days = new Set(
      (hd.getHolidays(year) || [])
        .filter((h) => h.type === 'public')
        // "2027-05-03 00:00:00" (a holiday may start in the evening before: only whole days count)
        .filter((h) => h.date.endsWith(' 00:00:00'))
        .map((h) => h.date.slice(0, 10)),
    )
    holidayCache.set(key, days)
  }
  return days
}

/** The holiday library knows this country (a party admin's input is checked with it). */
export function isKnownCountry(country: string): boolean {
  const countries = new Holidays().getCountries()
  return Object.hasOwn(countries, country)
}

function shutdownSet(calendar: PartyCalendar): Set<string> {
  return calendar.shutdownDays instanceof Set
    ? (calendar.shutdownDays as Set<string>)
    : new Set(calendar.shutdownDays ?? [])
}

function isBusinessDayMs(ms: number, calendar: PartyCalendar, shutdown: Set<string>): boolean {
  const weekday = new Date(ms).getUTCDay()
  if (weekday === 0 || weekday === 6) return false
  const date = format(ms)
  if (shutdown.has(date)) return false
  if (calendar.country) {
    const year = new Date(ms).getUTCFullYear()
    if (publicHolidays(calendar.country, calendar.region, year).has(date)) return false
  }
  return true
}

export function isBusinessDay(date: string, calendar: PartyCalendar): boolean {
  return isBusinessDayMs(parse(date), calendar, shutdownSet(calendar))
}

/**
 * The day `n` business days after `date` (before it when n is negative). With n = 0: `date`
 * itself when it is a business day, else the next business day.
 */
export function addBusinessDays(date: string, n: number, calendar: PartyCalendar): string {
  if (!Number.isInteger(n)) throw new RangeError(`business days must be a whole number: ${n}`)
  const shutdown = shutdownSet(calendar)
  let ms = parse(date)
  if (n === 0) {
    while (!isBusinessDayMs(ms, calendar, shutdown)) ms += DAY
    return format(ms)
  }
  const step = n > 0 ? DAY : -DAY
  let left = Math.abs(n)
  while (left > 0) {
    ms += step
    if (isBusinessDayMs(ms, calendar, shutdown)) left--
  }
  return format(ms)
}

/**
 * Business days from `from` to `to`: those after `from` up to and including `to`; negative when
 * `to` is earlier. From today to a decide-by date, it is "business days left".
 */
export function businessDaysBetween(from: string, to: string, calendar: PartyCalendar): number {
  const shutdown = shutdownSet(calendar)
  const a = parse(from)
  const b = parse(to)
  if (a === b) return 0
  const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1]
  let count = 0
  for (let ms = lo + DAY; ms <= hi; ms += DAY) if (isBusinessDayMs(ms, calendar, shutdown)) count++
  return sign * count
}

/**
 * The day a decide-by reminder goes to a party: `before` business days before the decide-by
 * date, counted on that party's calendar (default 3).
 */
export function reminderDate(decideBy: string, calendar: PartyCalendar, before = 3): string {
  if (!Number.isInteger(before) || before < 0)
    throw new RangeError(`reminder lead must be a whole number of days ≥ 0: ${before}`)
  if (before > 0) return addBusinessDays(decideBy, -before, calendar)
  // On the day itself, or the last business day before it when it falls on a day off.
  let day = decideBy
  while (!isBusinessDay(day, calendar)) day = format(parse(day) - DAY)
  return day
}
