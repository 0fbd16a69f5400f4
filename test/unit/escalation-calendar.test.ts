/**
 * The escalation ladder on both parties' calendars (issue 14, ADR 0032): cooling-off is counted
 * in business days on each party's own calendar and the later end counts for both; "overdue by
 * N business days" must hold on every party's calendar. Real holidays from date-holidays.
 */
import { describe, expect, it } from 'vitest'
import {
  type CalendarOf,
  coolingOffEnd,
  escalationProcedure,
  nextRung,
  overdueOnAll,
} from '../../shared/escalation'

const JAPAN: CalendarOf = { party: 'HONDA', calendar: { country: 'JP' } }
const WEEKENDS_ONLY: CalendarOf = { party: 'NISSAN', calendar: { country: null } }
const US: CalendarOf = { party: 'NISSAN', calendar: { country: 'US' } }

describe('the escalation ladder on both parties’ calendars', () => {
  it('a Japanese holiday extends the cooling-off for both parties', () => {
    // Escalated on Wednesday 28 April 2027, 5 business days. Japan: 29 April (Shōwa Day) and
    // 3–5 May (Golden Week) are holidays: 30 April, 6, 7, 10, 11 May.
    const ends = coolingOffEnd('2027-04-28', 5, [JAPAN, WEEKENDS_ONLY])
    expect(ends.byParty).toEqual({ HONDA: '2027-05-11', NISSAN: '2027-05-05' })
    expect(ends.until).toBe('2027-05-11')
    // The order of the parties does not matter.
    expect(coolingOffEnd('2027-04-28', 5, [WEEKENDS_ONLY, JAPAN]).until).toBe('2027-05-11')
  })

  it('an American holiday extends it the other way', () => {
    // Escalated on Wednesday 30 June 2027, 3 business days: Japan 1, 2, 5 July; the US keeps
    // 5 July (Independence Day observed): 1, 2, 6 July.
    const ends = coolingOffEnd('2027-06-30', 3, [JAPAN, US])
    expect(ends.byParty).toEqual({ HONDA: '2027-07-05', NISSAN: '2027-07-06' })
    expect(ends.until).toBe('2027-07-06')
  })

  it('a cooling-off of 0 business days ends on the day of escalation', () => {
    expect(coolingOffEnd('2027-05-03', 0, [JAPAN, US]).until).toBe('2027-05-03')
  })

  it('is overdue by N business days only when it is on every party’s calendar', () => {
    // Decide by Tuesday 27 April 2027; 5 business days.
    expect(overdueOnAll('2027-04-27', '2027-05-05', 5, [WEEKENDS_ONLY])).toBe(true)
    // Japan has only 28 and 30 April by 5 May: not yet on both.
    expect(overdueOnAll('2027-04-27', '2027-05-05', 5, [JAPAN, WEEKENDS_ONLY])).toBe(false)
    expect(overdueOnAll('2027-04-27', '2027-05-10', 5, [JAPAN, WEEKENDS_ONLY])).toBe(true)
    expect(overdueOnAll(null, '2027-05-10', 1, [JAPAN])).toBe(false)
    expect(overdueOnAll('2027-05-10', '2027-05-10', 1, [JAPAN])).toBe(false)
  })

  it('climbs each rung once: the first on a deadlock, then the one after the rung that reopened it', () => {
    const ladder = escalationProcedure.parse({
      overdueBusinessDays: 5,
      steps: [
        { trigger: 'deadlock', body: 'steering_committee', coolingOffBusinessDays: 5 },
        { trigger: 'cooling_off_ended', body: 'executives', coolingOffBusinessDays: 10 },
      ],
    })
    expect(nextRung(ladder, null)).toBe(0)
    expect(nextRung(ladder, { step: 0 })).toBe(1)
    expect(nextRung(ladder, { step: 1 })).toBeNull()
  })

  it('refuses a ladder whose first rung is not reached by a deadlock, or that names a body twice', () => {
    const wrong = escalationProcedure.safeParse({
      overdueBusinessDays: 5,
      steps: [{ trigger: 'cooling_off_ended', body: 'executives', coolingOffBusinessDays: 1 }],
    })
    expect(wrong.success).toBe(false)
    const twice = escalationProcedure.safeParse({
      overdueBusinessDays: 5,
      steps: [
        { trigger: 'deadlock', body: 'steering_committee', coolingOffBusinessDays: 5 },
        { trigger: 'cooling_off_ended', body: 'steering_committee', coolingOffBusinessDays: 5 },
      ],
    })
    expect(twice.success).toBe(false)
  })
})
