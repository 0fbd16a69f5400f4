/**
 * The demo's shutdown days come from the day it is loaded (server/demo/calendars.ts): the coming
 * year-end and Golden Week, shaped as in 2026/27, so the demo shows shutdowns ahead in any year.
 * `now` is passed in, so these hold whatever the real date; the days are listed by hand.
 */
import { describe, expect, it } from 'vitest'
import { demoCalendars } from '../../server/demo/calendars'
import { expectedDemoShutdowns, workingDay } from '../helpers/demo-calendar'

const YEAR_END = 'Year-end shutdown / 年末年始休業'
const GOLDEN_WEEK = 'Golden Week / ゴールデンウィーク'

const datesOf = (now: string) => {
  const calendars = demoCalendars(new Date(now))
  return {
    HONDA: calendars.HONDA?.shutdownDays.map((d) => d.date),
    NISSAN: calendars.NISSAN?.shutdownDays.map((d) => d.date),
  }
}

/** The days of 2026/27, as the demo wrote them down before they were computed. */
const WINTER_2026 = {
  HONDA: ['2026-12-29', '2026-12-30', '2026-12-31', '2027-04-30', '2027-05-06', '2027-05-07'],
  NISSAN: ['2026-12-30', '2026-12-31', '2027-01-04', '2027-04-30'],
}
/** Year-end 2027 (29 Dec a Wednesday, 4 Jan 2028 a Tuesday) and Golden Week 2028 (30 April a
 * Sunday: the bridge is Mon 1 – Tue 2 May; 6–7 May a weekend). */
const YEAR_2027_28 = {
  HONDA: ['2027-12-29', '2027-12-30', '2027-12-31', '2028-05-01', '2028-05-02'],
  NISSAN: ['2027-12-30', '2027-12-31', '2028-01-04', '2028-05-01'],
}

// [now, why, expected]
const CASES: [string, string, { HONDA: string[]; NISSAN: string[] }][] = [
  ['2026-12-07T12:00:00Z', 'today', WINTER_2026],
  // Nissan is still closed on 4 January: that year-end is not over yet.
  ['2027-01-03T14:59:00Z', 'the last evening before Nissan’s last year-end day', WINTER_2026],
  [
    '2027-01-04T15:00:00Z',
    'midnight in Tokyo after Nissan’s last year-end day',
    {
      HONDA: ['2027-04-30', '2027-05-06', '2027-05-07', '2027-12-29', '2027-12-30', '2027-12-31'],
      NISSAN: ['2027-04-30', '2027-12-30', '2027-12-31', '2028-01-04'],
    },
  ],
  [
    '2027-05-07T14:59:00Z',
    'Honda’s last Golden Week day, late evening in Tokyo',
    {
      HONDA: ['2027-04-30', '2027-05-06', '2027-05-07', '2027-12-29', '2027-12-30', '2027-12-31'],
      NISSAN: ['2027-04-30', '2027-12-30', '2027-12-31', '2028-01-04'],
    },
  ],
  ['2027-05-07T15:00:00Z', 'midnight in Tokyo after Golden Week', YEAR_2027_28],
  ['2027-06-01T00:00:00Z', 'a summer day', YEAR_2027_28],
  ['2028-01-03T00:00:00Z', 'a day before Nissan is back', YEAR_2027_28],
  [
    '2030-06-01T00:00:00Z',
    'a year whose days fall otherwise',
    {
      // 29 Dec 2030 a Sunday; 4–5 Jan 2031 a weekend, so Nissan's day is Monday 6 January.
      // 29 April 2031 a Tuesday: Wed 30 April – Fri 2 May bridge; 6 May is the substitute holiday
      // for Greenery Day (a Sunday), so Honda's last day is Wednesday 7 May.
      HONDA: ['2030-12-30', '2030-12-31', '2031-04-30', '2031-05-01', '2031-05-02', '2031-05-07'],
      NISSAN: ['2030-12-30', '2030-12-31', '2031-01-06', '2031-04-30'],
    },
  ],
]

describe('the demo calendars as of the day the demo is loaded', () => {
  it.each(CASES)('at %s (%s)', (now, _why, expected) => {
    expect(datesOf(now)).toEqual(expected)
    // The tests' own reading of the rules (test/helpers/demo-calendar.ts) lists the same days.
    const oracle = expectedDemoShutdowns(new Date(now))
    expect({ HONDA: oracle.HONDA, NISSAN: oracle.NISSAN }).toEqual(expected)
  })

  it('keeps the labels, the country and the time zone as before', () => {
    const calendars = demoCalendars(new Date('2026-12-07T12:00:00Z'))
    const label = (date: string) =>
      date.slice(5, 7) === '12' || date.slice(5, 7) === '01' ? YEAR_END : GOLDEN_WEEK
    for (const code of ['HONDA', 'NISSAN'] as const)
      expect(calendars[code]).toEqual({
        country: 'JP',
        timeZone: 'Asia/Tokyo',
        shutdownDays: WINTER_2026[code].map((date) => ({ date, label: label(date) })),
      })
  })

  it('in every year, closes on working days only, and each party on a working day the other works', () => {
    for (let year = 2026; year <= 2045; year++) {
      const { HONDA, NISSAN } = datesOf(`${year}-06-01T00:00:00Z`)
      const honda = HONDA ?? []
      const nissan = NISSAN ?? []
      for (const day of [...honda, ...nissan]) expect(workingDay(day), day).toBe(true)
      // Both seasons show a difference: a reminder then moves for one party only.
      const december = (days: string[]) =>
        days.filter((d) => d.slice(5, 7) !== '04' && d.slice(5, 7) !== '05')
      const spring = (days: string[]) =>
        days.filter((d) => d.slice(5, 7) === '04' || d.slice(5, 7) === '05')
      expect(
        december(nissan).some((d) => !honda.includes(d)),
        `${year} year-end`,
      ).toBe(true)
      expect(
        spring(honda).some((d) => !nissan.includes(d)),
        `${year} Golden Week`,
      ).toBe(true)
      expect(spring(nissan), `${year} Golden Week`).toHaveLength(1)
    }
  })
})
