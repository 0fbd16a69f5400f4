/**
 * The demo's parties keep their own calendars (issue 13): Japan's public holidays in Asia/Tokyo
 * for both, and shutdown days that differ, so a reminder falling in Honda's Golden Week moves for
 * Honda only. Each party's admin sees its own calendar; the events are private to the party.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { proposalClocks } from '../../server/domain/clocks'
import { loadSessionUser } from '../../server/domain/users'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import { type DemoIndex, demoIndex, proposalInState } from '../helpers/workflow'

describe.each(DATABASE_KINDS)('demo calendars (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  beforeAll(async () => {
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
    expect(hondaDays).toContain('2026-12-29')
    expect(nissanDays).not.toContain('2026-12-29')
    expect(nissanDays).toContain('2027-01-04')
    expect(hondaDays).not.toContain('2027-01-04')
  })

  it('moves a decide-by reminder that falls in Honda’s Golden Week for Honda only', async () => {
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Golden Week reminder',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
      decideBy: '2027-05-11',
    })
    const due = await world.db
      .selectFrom('scheduled_reminders as r')
      .innerJoin('parties as pa', 'pa.id', 'r.party_id')
      .select(['pa.code', 'r.due_at'])
      .where('r.proposal_id', '=', id)
      .where('r.kind', '=', 'decide_by.approaching')
      .orderBy('pa.code')
      .execute()
    // Three business days before Tue 11 May 2027, at 9:00 in Tokyo. Nissan: Mon 10, Fri 7,
    // Thu 6 May. Honda is also closed on 6–7 May and 30 Apr (3–5 May and 29 Apr are public
    // holidays): Mon 10 May, Wed 28 and Tue 27 Apr.
    const byParty = Object.fromEntries(due.map((d) => [d.code, d.due_at]))
    expect(byParty).toEqual({
      HONDA: '2027-04-27T00:00:00.000Z',
      NISSAN: '2027-05-06T00:00:00.000Z',
    })
  })

  it('shows each party’s clock on a proposal: business days left on its own calendar, its own shutdown labels only', async () => {
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Year-end clocks',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
      decideBy: '2027-01-08',
    })
    const clocksFor = async (email: string) => {
      const row = await world.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
      const user = await loadSessionUser(world.db, row.id)
      if (!user) throw new Error(email)
      // Mon 28 Dec 2026, 10:00 in Tokyo
      return proposalClocks(world.db, user, { proposalId: id }, new Date('2026-12-28T01:00:00Z'))
    }
    const seenByHonda = await clocksFor('member@honda.example')
    const seenByNissan = await clocksFor('member@nissan.example')
    const honda = seenByHonda.parties.find((c) => c.party === 'HONDA')
    const nissan = seenByHonda.parties.find((c) => c.party === 'NISSAN')
    expect(seenByHonda.decideBy).toBe('2027-01-08')
    expect(honda).toMatchObject({ today: '2026-12-28', todayOff: null, timeZone: 'Asia/Tokyo' })
    // Honda: 29–31 Dec shut, 1 Jan a holiday: 4–8 Jan are left. Nissan: 29 Dec, 5–8 Jan.
    expect(honda?.businessDaysLeft).toBe(5)
    expect(nissan?.businessDaysLeft).toBe(5)
    expect(honda?.daysOff.map((d) => [d.date, d.off, d.label])).toEqual([
      ['2026-12-29', 'shutdown', 'Year-end shutdown / 年末年始休業'],
      ['2026-12-30', 'shutdown', 'Year-end shutdown / 年末年始休業'],
      ['2026-12-31', 'shutdown', 'Year-end shutdown / 年末年始休業'],
      ['2027-01-01', 'holiday', null],
    ])
    expect(honda?.daysOff[3]?.holiday).toEqual({ en: "New Year's Day", ja: '元日' })
    // Honda sees that Nissan is closed, not what Nissan calls it; and the other way round.
    expect(nissan?.daysOff.map((d) => [d.date, d.off, d.label])).toEqual([
      ['2026-12-30', 'shutdown', null],
      ['2026-12-31', 'shutdown', null],
      ['2027-01-01', 'holiday', null],
      ['2027-01-04', 'shutdown', null],
    ])
    const hondaSeenByNissan = seenByNissan.parties.find((c) => c.party === 'HONDA')
    expect(hondaSeenByNissan?.daysOff.every((d) => d.label === null)).toBe(true)
    expect(
      seenByNissan.parties.find((c) => c.party === 'NISSAN')?.daysOff.map((d) => d.label),
    ).toContain('Year-end shutdown / 年末年始休業')
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
