/**
 * The demo's shutdown days as a test expects them, and dates ahead of the real clock to test them
 * with, so the tests hold in any year. Worked out here without the code under test (neither
 * server/demo/calendars.ts nor shared/business-days.ts): weekdays from the date itself, Japan's
 * public holidays straight from `date-holidays`, and the demo's rules as its docs state them.
 * test/unit/demo-calendars.test.ts pins the rules to days listed by hand for several years.
 */
import Holidays from 'date-holidays'

const DAY = 86_400_000

const msOf = (date: string) => Date.parse(`${date}T00:00:00Z`)
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const ymd = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`

export const addDays = (date: string, n: number) => dateOf(msOf(date) + n * DAY)

/** The date in Tokyo at `now` (UTC+9 all year: Japan keeps no daylight saving time). */
export const tokyoDate = (now: Date) => dateOf(now.getTime() + 9 * 3_600_000)

/** `hour`:00 in Tokyo on `date` (10:00 by default). */
export const tokyoMorning = (date: string, hour = 10) =>
  new Date(msOf(date) + (hour - 9) * 3_600_000)

const namesByYear = new Map<number, Map<string, { en: string; ja: string }>>()

/** Japan's public holiday on `date` with its names, or null. */
export function japaneseHoliday(date: string): { en: string; ja: string } | null {
  const year = Number(date.slice(0, 4))
  let names = namesByYear.get(year)
  if (!names) {
    // A fresh instance per language: one instance answers a second language with the first's names.
    const publicOnes = (lang: string) =>
      (new Holidays('JP').getHolidays(year, lang) || []).filter((h) => h.type === 'public')
    const ja = new Map(publicOnes('ja').map((h) => [h.date.slice(0, 10), h.name]))
    names = new Map(
      publicOnes('en').map((h) => {
        const day = h.date.slice(0, 10)
        return [day, { en: h.name, ja: ja.get(day) ?? h.name }]
      }),
    )
    namesByYear.set(year, names)
  }
  return names.get(date) ?? null
}

export const isWeekend = (date: string) => [0, 6].includes(new Date(msOf(date)).getUTCDay())

/** A day a Japanese company works unless it closes: no weekend day, no public holiday. */
export const workingDay = (date: string) => !isWeekend(date) && japaneseHoliday(date) === null

/** A working day that is not among `closed` (a party's shutdown days). */
const open = (date: string, closed: ReadonlySet<string>) => workingDay(date) && !closed.has(date)

/** The `n`th open day after `date` (before it when `n` is negative). */
export function openDaysFrom(date: string, n: number, closed: ReadonlySet<string> = new Set()) {
  let day = date
  for (let left = Math.abs(n); left > 0; ) {
    day = addDays(day, Math.sign(n))
    if (open(day, closed)) left--
  }
  return day
}

/** Open days after `from` up to and including `to` ("business days left"). */
export function openDaysBetween(from: string, to: string, closed: ReadonlySet<string>) {
  let count = 0
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (open(day, closed)) count++
  return count
}

export type Shutdowns = { HONDA: string[]; NISSAN: string[] }

/**
 * The demo's year-end `year`: Honda closes 29–31 December, Nissan 30–31 December and its first
 * working day from 4 January; a weekend day or a holiday is no shutdown day (an admin could not
 * set it).
 */
export function demoYearEnd(year: number): Shutdowns {
  let january = ymd(year + 1, 1, 4)
  while (!workingDay(january)) january = addDays(january, 1)
  return {
    HONDA: [ymd(year, 12, 29), ymd(year, 12, 30), ymd(year, 12, 31)].filter(workingDay),
    NISSAN: [ymd(year, 12, 30), ymd(year, 12, 31)].filter(workingDay).concat(january),
  }
}

/**
 * The demo's Golden Week `year`: Honda closes the working days from 30 April to 2 May and on 6–7
 * May; Nissan the first of those from 30 April to 2 May.
 */
export function demoGoldenWeek(year: number): Shutdowns {
  const bridge = [ymd(year, 4, 30), ymd(year, 5, 1), ymd(year, 5, 2)].filter(workingDay)
  return {
    HONDA: bridge.concat([ymd(year, 5, 6), ymd(year, 5, 7)].filter(workingDay)),
    NISSAN: bridge.slice(0, 1),
  }
}

/** The year of the first season whose last shutdown day (either party's) is `today` or later. */
function comingYear(season: (year: number) => Shutdowns, today: string): number {
  for (let year = Number(today.slice(0, 4)) - 1; ; year++) {
    const { HONDA, NISSAN } = season(year)
    if ([...HONDA, ...NISSAN].some((day) => day >= today)) return year
  }
}

/** The shutdown days the demo loaded at `now` must hold: the coming year-end and Golden Week. */
export function expectedDemoShutdowns(now: Date) {
  const today = tokyoDate(now)
  const yearEnd = comingYear(demoYearEnd, today)
  const goldenWeek = comingYear(demoGoldenWeek, today)
  const end = demoYearEnd(yearEnd)
  const golden = demoGoldenWeek(goldenWeek)
  return {
    yearEnd,
    goldenWeek,
    end,
    golden,
    HONDA: [...end.HONDA, ...golden.HONDA].sort(),
    NISSAN: [...end.NISSAN, ...golden.NISSAN].sort(),
  }
}
