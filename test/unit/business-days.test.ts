import { describe, expect, it } from 'vitest'
import {
  addBusinessDays,
  businessDaysBetween,
  isBusinessDay,
  isKnownCountry,
  type PartyCalendar,
  reminderDate,
} from '../../shared/business-days'

const japanese: PartyCalendar = { country: 'JP' }
const american: PartyCalendar = { country: 'US' }
const weekendsOnly: PartyCalendar = { country: null }

describe('business days on a party calendar', () => {
  it('a decide-by reminder that falls in Golden Week 2027 moves for the Japanese party only', () => {
    // Decide by Thursday 6 May 2027. Golden Week: Thu 29 Apr (Shōwa Day), Mon 3 – Wed 5 May.
    expect(reminderDate('2027-05-06', american)).toBe('2027-05-03')
    expect(reminderDate('2027-05-06', weekendsOnly)).toBe('2027-05-03')
    // Back from 6 May on the Japanese calendar: 30 Apr (1), 28 Apr (2), 27 Apr (3).
    expect(reminderDate('2027-05-06', japanese)).toBe('2027-04-27')
    expect(isBusinessDay('2027-05-04', japanese)).toBe(false)
    expect(isBusinessDay('2027-05-04', american)).toBe(true)
    expect(businessDaysBetween('2027-04-28', '2027-05-06', japanese)).toBe(2)
    expect(businessDaysBetween('2027-04-28', '2027-05-06', american)).toBe(6)
  })

  it('year-end shutdown days added by an admin count as days off for that party only', () => {
    const closed = ['2027-12-28', '2027-12-29', '2027-12-30', '2027-12-31']
    const withShutdown: PartyCalendar = { country: 'JP', shutdownDays: closed }
    // Decide by Tuesday 4 January 2028; 1 January is a public holiday (Saturday in 2028).
    // Bank closing days (2–3 January, 31 December) are not public holidays.
    expect(reminderDate('2028-01-04', japanese)).toBe('2027-12-30')
    expect(reminderDate('2028-01-04', withShutdown)).toBe('2027-12-24')
    expect(addBusinessDays('2027-12-27', 1, withShutdown)).toBe('2028-01-03')
    expect(addBusinessDays('2027-12-27', 1, japanese)).toBe('2027-12-28')
  })

  it('counts forwards and backwards and treats a day off as a start', () => {
    expect(addBusinessDays('2027-05-07', 1, japanese)).toBe('2027-05-10')
    expect(addBusinessDays('2027-05-10', -1, japanese)).toBe('2027-05-07')
    // Zero moves a day off to the next business day.
    expect(addBusinessDays('2027-05-03', 0, japanese)).toBe('2027-05-06')
    expect(addBusinessDays('2027-05-03', 0, american)).toBe('2027-05-03')
    expect(businessDaysBetween('2027-05-06', '2027-04-28', japanese)).toBe(-2)
    expect(businessDaysBetween('2027-05-06', '2027-05-06', japanese)).toBe(0)
    // A reminder with no lead on a holiday goes out the business day before.
    expect(reminderDate('2027-05-04', japanese, 0)).toBe('2027-04-30')
    // The Japanese substitute holiday for the spring equinox (Sunday 21 March 2027).
    expect(isBusinessDay('2027-03-22', japanese)).toBe(false)
  })

  it('refuses what is not a date or a whole number of days', () => {
    expect(() => addBusinessDays('2027-02-30', 1, japanese)).toThrow(/no such day/)
    expect(() => addBusinessDays('6 May 2027', 1, japanese)).toThrow(/YYYY-MM-DD/)
    expect(() => addBusinessDays('2027-05-06', 1.5, japanese)).toThrow(/whole number/)
    expect(isKnownCountry('JP')).toBe(true)
    expect(isKnownCountry('XX')).toBe(false)
  })
})
