/**
 * A party's shutdown days, kept by its own admins (issue 13, ADR 0028): a day added moves that
 * party's pending reminders and no one else's; only the party's admins add or remove them; each
 * change is a ledger event private to the party.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  demoGoldenWeek,
  expectedDemoShutdowns,
  openDaysFrom,
  tokyoMorning,
} from '../helpers/demo-calendar'
import {
  type DemoIndex,
  demoIndex,
  proposalInState,
  refusal,
  withCachedCallers,
} from '../helpers/workflow'

/**
 * The working days of the coming Golden Week (the one not over yet, so that a decide-by after it
 * can be filed in any year), which Honda's plants close, as in the demo: in 2027 30 April and 6–7
 * May. Listed by test/helpers/demo-calendar.ts from the weekdays and `date-holidays`.
 */
const GOLDEN_WEEK = demoGoldenWeek(expectedDemoShutdowns(new Date()).goldenWeek).HONDA
/** The first working day after Golden Week (Monday 10 May 2027). */
const DECIDE_BY = openDaysFrom(GOLDEN_WEEK.at(-1) as string, 1)

describe.each(DATABASE_KINDS)('shutdown days of a party (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let parties: Record<string, string>

  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
    const rows = await world.db.selectFrom('parties').select(['id', 'code']).execute()
    parties = Object.fromEntries(rows.map((r) => [r.code, r.id]))
    // The demo comes with each party's calendar (server/demo/calendars.ts); this story starts
    // from companies that have kept none yet.
    await world.db.deleteFrom('party_shutdown_days').execute()
    await world.db.deleteFrom('party_calendars').execute()
    // Both companies keep Japanese public holidays, in Tokyo time: each admin sets their own.
    for (const admin of ['admin@honda.example', 'admin@nissan.example'])
      await (await world.as(admin)).calendar.set({
        partnershipId: world.partnershipId,
        country: 'jp',
        timeZone: 'Asia/Tokyo',
      })
  })
  afterAll(async () => {
    await world?.destroy()
  })

  const p = () => ({ partnershipId: world.partnershipId })

  async function approachingOf(proposalId: string) {
    const rows = await world.db
      .selectFrom('scheduled_reminders')
      .select(['party_id', 'due_at'])
      .where('proposal_id', '=', proposalId)
      .where('kind', '=', 'decide_by.approaching')
      .where('status', '=', 'pending')
      .execute()
    return Object.fromEntries(
      Object.entries(parties).map(([code, id]) => [
        code,
        rows.find((r) => r.party_id === id)?.due_at ?? null,
      ]),
    )
  }

  it("a Golden Week shutdown moves the reminder of Honda's people only", async () => {
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Cell supply after the holidays',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
      decideBy: DECIDE_BY,
    })
    const before = await approachingOf(id)
    // 9:00 in Tokyo, three Japanese business days before decide-by (Thu 6 May 2027).
    const jp = openDaysFrom(DECIDE_BY, -3)
    expect(before.HONDA).toBe(tokyoMorning(jp, 9).toISOString())
    expect(before.NISSAN).toBe(before.HONDA)

    // Honda's plants close for the working days of Golden Week.
    const admin = await world.as('admin@honda.example')
    const shutdown = GOLDEN_WEEK
    for (const date of shutdown)
      await admin.calendar.setShutdownDay({ ...p(), date, label: 'Golden Week shutdown' })
    const calendar = await admin.calendar.get(p())
    expect(calendar.shutdownDays.map((d) => d.date)).toEqual(shutdown)
    expect(calendar).toMatchObject({ party: 'HONDA', country: 'JP', timeZone: 'Asia/Tokyo' })

    const after = await approachingOf(id)
    // Honda: Fri 7 and Thu 6 May closed, 3–5 May holidays, 30 April closed: Wed 28 April.
    const honda = openDaysFrom(DECIDE_BY, -3, new Set(shutdown))
    expect(honda < jp).toBe(true)
    expect(after.HONDA).toBe(tokyoMorning(honda, 9).toISOString())
    expect(after.NISSAN).toBe(before.NISSAN)
    // Nissan's calendar has none of Honda's days.
    const nissanAdmin = await world.as('admin@nissan.example')
    expect((await nissanAdmin.calendar.get(p())).shutdownDays).toEqual([])

    // Removing the days puts Honda's reminder back.
    for (const date of shutdown) await admin.calendar.removeShutdownDay({ ...p(), date })
    expect(await approachingOf(id)).toEqual(before)
  })

  it("only the party's own admins change its days; each change is private to the party", async () => {
    const admin = await world.as('admin@honda.example')
    await admin.calendar.setShutdownDay({ ...p(), date: '2027-12-29', label: 'Year-end closure' })
    const nissanAdmin = await world.as('admin@nissan.example')
    expect(
      (await refusal(nissanAdmin.calendar.removeShutdownDay({ ...p(), date: '2027-12-29' }))).code,
    ).toBe('NOT_FOUND')
    for (const email of ['member@honda.example', 'lead@honda.example', 'auditor@honda.example']) {
      const person = await world.as(email)
      expect(
        (
          await refusal(
            person.calendar.setShutdownDay({ ...p(), date: '2027-12-30', label: 'Closed' }),
          )
        ).code,
      ).toBe('FORBIDDEN')
    }
    // A day the company is closed anyway (a Saturday; a public holiday) is refused by name.
    for (const date of ['2027-12-25', '2027-05-03']) {
      const error = await refusal(admin.calendar.setShutdownDay({ ...p(), date, label: 'Closed' }))
      expect(error.code).toBe('BAD_REQUEST')
      expect((error.cause as { rule?: { name: string } }).rule?.name).toBe('closedAlready')
    }
    // An unknown country or time zone is refused by name.
    for (const [input, rule] of [
      [{ country: 'XX', timeZone: 'Asia/Tokyo' }, 'unknownCountry'],
      [{ country: 'JP', timeZone: 'Mars/Olympus' }, 'unknownTimeZone'],
    ] as const) {
      const error = await refusal(admin.calendar.set({ ...p(), ...input }))
      expect(error.code).toBe('BAD_REQUEST')
      expect((error.cause as { rule?: { name: string } }).rule?.name).toBe(rule)
    }
    const events = await world.db
      .selectFrom('ledger_events')
      .select(['action', 'visibility', 'payload', 'actor_party'])
      .where('action', 'like', 'calendar.%')
      .where('actor_id', 'is not', null) // the admins' own, not the demo's seeding
      .orderBy('seq')
      .execute()
    expect(events.length).toBeGreaterThan(0)
    // Each party's own: Honda's days and calendar, and Nissan's calendar, each private to it.
    for (const e of events) expect(e.visibility).toBe(`party:${e.actor_party}`)
    expect(events.filter((e) => e.actor_party === 'NISSAN').map((e) => e.action)).toEqual([
      'calendar.configured',
    ])
    expect(events.map((e) => e.action)).toContain('calendar.configured')
    expect(events.at(-1)?.payload).toContain('Year-end closure')
  })
})
