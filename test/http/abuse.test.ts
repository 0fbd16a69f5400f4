/**
 * A flood of refused calls cannot grow the ledger faster than one event per person, procedure
 * and minute (the count travels in the event), and the procedures that read the whole ledger
 * are limited per person, with a clear 429 and Retry-After.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { flushRefusals, minuteOf, recordRefusal } from '../../server/audit/refusals'
import { createSession } from '../../server/auth/session'
import { EXPENSIVE_PROCEDURES } from '../../server/trpc'
import { type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'

describe.each(DATABASE_KINDS)('abuse and load (%s)', (kind) => {
  let world: DemoWorld
  const ids = new Map<string, string>()
  beforeAll(async () => {
    world = await demoWorld(kind)
    for (const u of await world.db.selectFrom('users').select(['id', 'email']).execute())
      ids.set(u.email, u.id)
  })
  afterAll(() => world.destroy())

  async function cookieFor(email: string) {
    const session = await createSession(
      world.db,
      ids.get(email) as string,
      { idleMs: 3_600_000, absoluteMs: 3_600_000 },
      { ip: null, userAgent: null },
    )
    return `concord_session=${session.token}`
  }

  const deniedEvents = (userId: string) =>
    world.db
      .selectFrom('ledger_events')
      .select(['seq', 'payload'])
      .where('action', '=', 'security.access_denied')
      .where('actor_id', '=', userId)
      .orderBy('seq')
      .execute()

  it('records 300 refused calls (12 batches of 25) as at most one event a minute, the rest in one event carrying the count', async () => {
    const app = createApp({ db: world.db, config: testConfig() })
    const email = 'member@honda.example'
    const cookie = await cookieFor(email)
    const before = await deniedEvents(ids.get(email) as string)
    const ledgerBefore = await world.db
      .selectFrom('ledger_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    // 300 refused calls in a row (12 batches of 25, the most a batch may hold).
    const batch = Array.from({ length: 25 }, () => 'admin.listUsers').join(',')
    const input = encodeURIComponent(
      JSON.stringify(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [i, {}]))),
    )
    const start = new Date()
    for (let i = 0; i < 12; i++) {
      const res = await app.request(`/trpc/${batch}?batch=1&input=${input}`, {
        headers: { cookie },
      })
      const body = (await res.json()) as { error?: { data: { code: string } } }[]
      expect(body.every((b) => b.error?.data.code === 'FORBIDDEN')).toBe(true)
    }
    const end = new Date()
    const ledgerAfter = await world.db
      .selectFrom('ledger_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    const minutes = minuteOf(start) === minuteOf(end) ? 1 : 2
    // At most one event per minute for this person and procedure, however many refusals.
    expect(Number(ledgerAfter.n) - Number(ledgerBefore.n)).toBeLessThanOrEqual(minutes)
    const during = (await deniedEvents(ids.get(email) as string)).slice(before.length)
    expect(during.length).toBeGreaterThanOrEqual(1)
    // The refusals not yet in an event are counted, and the flusher writes them as one event
    // once their minute is over.
    const later = new Date(end.getTime() + 61_000)
    expect(await flushRefusals(world.db, later)).toBe(1)
    expect(await flushRefusals(world.db, later)).toBe(0)
    const all = (await deniedEvents(ids.get(email) as string)).slice(before.length)
    const payloads = all.map(
      (e) => JSON.parse(e.payload).after as { procedure: string; count?: number },
    )
    expect(payloads.every((p) => p.procedure === 'admin.listUsers')).toBe(true)
    const total = payloads.reduce((sum, p) => sum + (p.count ?? 1), 0)
    expect(total).toBe(300)
    expect(payloads.at(-1)?.count).toBeGreaterThan(1)
  })

  it('writes the first refusal of each minute at once, and counts the rest into the next event', async () => {
    const userId = ids.get('engineer@nissan.example') as string
    const refusal = { userId, partyCode: 'NISSAN', procedure: 'admin.setRoles', type: 'mutation' }
    const t0 = new Date('2031-01-01T10:00:05Z')
    await recordRefusal(world.db, refusal, t0)
    for (let s = 10; s < 50; s++)
      await recordRefusal(world.db, refusal, new Date(`2031-01-01T10:00:${s}Z`))
    let events = await deniedEvents(userId)
    expect(events.map((e) => JSON.parse(e.payload).after)).toEqual([
      { procedure: 'admin.setRoles', type: 'mutation' },
    ])
    // The next minute's first refusal carries the 40 counted ones and itself.
    await recordRefusal(world.db, refusal, new Date('2031-01-01T10:01:02Z'))
    events = await deniedEvents(userId)
    expect(events.map((e) => JSON.parse(e.payload).after)).toEqual([
      { procedure: 'admin.setRoles', type: 'mutation' },
      {
        procedure: 'admin.setRoles',
        type: 'mutation',
        count: 41,
        firstAt: '2031-01-01T10:00:10.000Z',
        lastAt: '2031-01-01T10:01:02.000Z',
      },
    ])
  })

  it(`limits audit.verify to ${EXPENSIVE_PROCEDURES['audit.verify']?.perMinute} calls a minute per person: 429 with Retry-After`, async () => {
    const app = createApp({ db: world.db, config: testConfig() })
    const cookie = await cookieFor('auditor@honda.example')
    const input = encodeURIComponent(JSON.stringify({ partnershipId: world.partnershipId }))
    const limit = EXPENSIVE_PROCEDURES['audit.verify']?.perMinute as number
    for (let i = 0; i < limit; i++) {
      const res = await app.request(`/trpc/audit.verify?input=${input}`, { headers: { cookie } })
      expect(res.status, `call ${i + 1}`).toBe(200)
    }
    const refused = await app.request(`/trpc/audit.verify?input=${input}`, { headers: { cookie } })
    expect(refused.status).toBe(429)
    const wait = Number(refused.headers.get('retry-after'))
    expect(wait).toBeGreaterThanOrEqual(1)
    expect(wait).toBeLessThanOrEqual(60)
    const body = (await refused.json()) as {
      error: { message: string; data: { code: string; details: { retryAfterSeconds: number } } }
    }
    expect(body.error.data.code).toBe('TOO_MANY_REQUESTS')
    expect(body.error.message).toBe(
      `audit.verify may be called at most ${limit} times a minute; try again in ${wait} s.`,
    )
    expect(body.error.data.details.retryAfterSeconds).toBe(wait)
    // A batch of 40 verifications runs at most the limit, whoever sends it: here none.
    const batch = Array.from({ length: 20 }, () => 'audit.verify').join(',')
    const batchInput = encodeURIComponent(
      JSON.stringify(
        Object.fromEntries(
          Array.from({ length: 20 }, (_, i) => [i, { partnershipId: world.partnershipId }]),
        ),
      ),
    )
    const flood = await app.request(`/trpc/${batch}?batch=1&input=${batchInput}`, {
      headers: { cookie },
    })
    const results = (await flood.json()) as { error?: { data: { code: string } } }[]
    expect(results.filter((r) => r.error?.data.code === 'TOO_MANY_REQUESTS')).toHaveLength(20)
    // Another person is not held back by the first one's calls.
    const other = await cookieFor('lead@nissan.example')
    const ok = await app.request(`/trpc/audit.verify?input=${input}`, {
      headers: { cookie: other },
    })
    expect(ok.status).toBe(200)
  })
})
