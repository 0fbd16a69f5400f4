/**
 * The demo's parties keep their own calendars (issue 13): Japan's public holidays in Asia/Tokyo
 * for both, and shutdown days that differ, so a reminder falling in Honda's Golden Week moves for
 * Honda only. Each party's admin sees its own calendar; the events are private to the party.
 *
 * The demo's shutdown days are the coming year-end and Golden Week as of the day it is loaded
 * (server/demo/calendars.ts). So that these tests hold in any year, their dates come from that
 * day: test/helpers/demo-calendar.ts lists the days the demo must hold and counts working days
 * with `date-holidays` and the weekdays alone, not with the code under test. The comments give
 * the days as they fall for a demo loaded in December 2026.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { proposalClocks } from '../../server/domain/clocks'
import { loadSessionUser } from '../../server/domain/users'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  addDays,
  expectedDemoShutdowns,
  isWeekend,
  japaneseHoliday,
  openDaysBetween,
  openDaysFrom,
  tokyoDate,
  tokyoMorning,
  workingDay,
} from '../helpers/demo-calendar'
import { type DemoIndex, demoIndex, proposalInState } from '../helpers/workflow'

const YEAR_END = 'Year-end shutdown / 年末年始休業'
const GOLDEN_WEEK = 'Golden Week / ゴールデンウィーク'

describe.each(DATABASE_KINDS)('demo calendars (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let expected: ReturnType<typeof expectedDemoShutdowns>
  beforeAll(async () => {
    expected = expectedDemoShutdowns(new Date())
    world = await demoWorld(kind)
    ix = await demoIndex(world)
  })
  afterAll(() => world.destroy())

  it('gives each party Japan’s holidays in Tokyo and its own shutdown days', async () => {
    const honda = await (await world.as('admin@honda.example')).calendar.get({
      partnershipId: world.partnershipId,
    })
    const nissan = await (await world.as('admin@nissan.example')).calendar.get({
      partnershipId: world.partnershipId,
    })
    expect([honda.country, honda.timeZone, nissan.country, nissan.timeZone]).toEqual([
      'JP',
      'Asia/Tokyo',
      'JP',
      'Asia/Tokyo',
    ])
    const hondaDays = honda.shutdownDays.map((d) => d.date)
    const nissanDays = nissan.shutdownDays.map((d) => d.date)
    expect(hondaDays).toEqual(expected.HONDA)
    expect(nissanDays).toEqual(expected.NISSAN)
    // Labelled as before, each with its season.
    for (const [calendar, code] of [
      [honda, 'HONDA'],
      [nissan, 'NISSAN'],
    ] as const)
      for (const day of calendar.shutdownDays)
        expect(day.label).toBe(expected.end[code].includes(day.date) ? YEAR_END : GOLDEN_WEEK)
    // Nissan is closed on a January day Honda works (4 January 2027), so a reminder moves for
    // one party only at year-end too.
    const nissanJanuary = expected.end.NISSAN.at(-1) as string
    expect(nissanJanuary.slice(5, 7)).toBe('01')
    expect(hondaDays).not.toContain(nissanJanuary)
    // The last day of each season is today or ahead, in Tokyo: the demo shows coming shutdowns.
    const today = tokyoDate(new Date())
    expect(nissanJanuary >= today).toBe(true)
    expect((expected.golden.HONDA.at(-1) as string) >= today).toBe(true)
  })

  it('moves a decide-by reminder that falls in Honda’s Golden Week for Honda only', async () => {
    // A decide-by whose reminder, three working days before at 9:00 in Tokyo, falls on Honda's
    // last Golden Week day, a day Nissan works: the third working day after it (Wed 12 May 2027).
    const lastHondaDay = expected.golden.HONDA.at(-1) as string
    expect(expected.NISSAN).not.toContain(lastHondaDay)
    const decideBy = openDaysFrom(lastHondaDay, 3)
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Golden Week reminder',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
      decideBy,
    })
    const due = await world.db
      .selectFrom('scheduled_reminders as r')
      .innerJoin('parties as pa', 'pa.id', 'r.party_id')
      .select(['pa.code', 'r.due_at'])
      .where('r.proposal_id', '=', id)
      .where('r.kind', '=', 'decide_by.approaching')
      .orderBy('pa.code')
      .execute()
    // Nissan: Tue 11, Mon 10, Fri 7 May. Honda is also closed on 6–7 May and 30 April (3–5 May
    // and 29 April are public holidays): Tue 11, Mon 10 May, Wed 28 April.
    const reminder = (closed: string[]) =>
      tokyoMorning(openDaysFrom(decideBy, -3, new Set(closed)), 9).toISOString()
    const byParty = Object.fromEntries(due.map((d) => [d.code, d.due_at]))
    expect(byParty).toEqual({ HONDA: reminder(expected.HONDA), NISSAN: reminder(expected.NISSAN) })
    expect(byParty.NISSAN).toBe(tokyoMorning(lastHondaDay, 9).toISOString())
    expect(String(byParty.HONDA) < String(byParty.NISSAN)).toBe(true)
  })

  it('shows each party’s clock on a proposal: business days left on its own calendar, its own shutdown labels only', async () => {
    // Seen at 10:00 in Tokyo on the last working day before the coming year-end (Mon 28 Dec
    // 2026), for a decide-by four working days after Nissan's January day (Fri 8 Jan 2027).
    let today = `${expected.yearEnd}-12-28`
    while (!workingDay(today)) today = addDays(today, -1)
    const nissanJanuary = expected.end.NISSAN.at(-1) as string
    const decideBy = openDaysFrom(nissanJanuary, 4)
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Year-end clocks',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
      decideBy,
    })
    const clocksFor = async (email: string) => {
      const row = await world.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
      const user = await loadSessionUser(world.db, row.id)
      if (!user) throw new Error(email)
      return proposalClocks(world.db, user, { proposalId: id }, tokyoMorning(today))
    }
    const seenByHonda = await clocksFor('member@honda.example')
    const seenByNissan = await clocksFor('member@nissan.example')
    const honda = seenByHonda.parties.find((c) => c.party === 'HONDA')
    const nissan = seenByHonda.parties.find((c) => c.party === 'NISSAN')
    expect(seenByHonda.decideBy).toBe(decideBy)
    expect(honda).toMatchObject({ today, todayOff: null, timeZone: 'Asia/Tokyo' })
    // The weekdays after today up to decide-by that the party is closed, in order, as a viewer
    // of `own` party sees them (another party's labels are not shown).
    const daysOff = (party: 'HONDA' | 'NISSAN', own: boolean) => {
      const closed = new Set(expected[party])
      const days: [string, string, string | null, { en: string; ja: string } | null][] = []
      for (let d = addDays(today, 1); d <= decideBy; d = addDays(d, 1)) {
        if (isWeekend(d)) continue
        if (closed.has(d)) days.push([d, 'shutdown', own ? YEAR_END : null, null])
        else if (japaneseHoliday(d)) days.push([d, 'holiday', null, japaneseHoliday(d)])
      }
      return days
    }
    // Honda: 29–31 Dec shut, 1 Jan a holiday: 4–8 Jan are left. Nissan: 29 Dec, 5–8 Jan.
    expect(honda?.businessDaysLeft).toBe(openDaysBetween(today, decideBy, new Set(expected.HONDA)))
    expect(nissan?.businessDaysLeft).toBe(
      openDaysBetween(today, decideBy, new Set(expected.NISSAN)),
    )
    const listed = (clock: typeof honda) =>
      clock?.daysOff.map((d) => [d.date, d.off, d.label, d.holiday])
    // 29, 30, 31 Dec 2026 shut (labelled), 1 Jan 2027 New Year's Day / 元日.
    expect(listed(honda)).toEqual(daysOff('HONDA', true))
    expect(daysOff('HONDA', true).some(([, off]) => off === 'holiday')).toBe(true)
    // Honda sees that Nissan is closed, not what Nissan calls it; and the other way round.
    // 30, 31 Dec 2026, 1 Jan and 4 Jan 2027.
    expect(listed(nissan)).toEqual(daysOff('NISSAN', false))
    expect(listed(nissan)).not.toEqual(listed(honda))
    const hondaSeenByNissan = seenByNissan.parties.find((c) => c.party === 'HONDA')
    expect(listed(hondaSeenByNissan)).toEqual(daysOff('HONDA', false))
    expect(listed(seenByNissan.parties.find((c) => c.party === 'NISSAN'))).toEqual(
      daysOff('NISSAN', true),
    )
  })

  it('counts no days toward a decide-by further out than dates may be set, and looks a year ahead for days off', async () => {
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'A date from before dates were bounded',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
    })
    // Stored before the five-year bound (shared/decide-by.ts): the clock must not walk to it.
    await world.db
      .updateTable('proposals')
      .set({ decide_by: '9999-12-31' })
      .where('id', '=', id)
      .execute()
    const row = await world.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'member@honda.example')
      .executeTakeFirstOrThrow()
    const user = await loadSessionUser(world.db, row.id)
    if (!user) throw new Error('no user')
    const now = new Date('2026-12-28T01:00:00Z')
    const clocks = await proposalClocks(world.db, user, { proposalId: id }, now)
    expect(clocks.decideBy).toBe('9999-12-31')
    for (const clock of clocks.parties) {
      expect(clock.businessDaysLeft).toBeNull()
      expect(clock.daysOff.length).toBeGreaterThan(0)
      for (const day of clock.daysOff) expect(day.date < '2027-12-29').toBe(true)
    }
  })
})
