import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { appRouter } from '../../server/routers'
import { anonymousContext, callerFor, type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'

/** The procedures a caller without a session may use (sso.parties: the sign-in page's buttons). */
const PUBLIC = new Set(['auth.login', 'sso.parties'])

// Read from the router itself, so a procedure added later is covered without touching this file.
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
).map(([path, procedure]) => ({ path, type: procedure._def.type }))
const guarded = procedures.filter((p) => !PUBLIC.has(p.path))

function callByPath(caller: unknown, path: string, input: unknown): Promise<unknown> {
  let target = caller as Record<string, unknown>
  for (const part of path.split('.')) target = target[part] as Record<string, unknown>
  return (target as unknown as (input: unknown) => Promise<unknown>)(input)
}

it('finds the whole router, not an empty list', () => {
  expect(procedures.length).toBeGreaterThanOrEqual(14)
  expect(procedures.map((p) => p.path)).toEqual(
    expect.arrayContaining(['auth.login', 'auth.me', 'charter.get', 'admin.createUser']),
  )
  for (const p of procedures) expect(['query', 'mutation', 'subscription']).toContain(p.type)
})

describe.each(DATABASE_KINDS)('every procedure refuses an anonymous caller (%s)', (kind) => {
  let world: DemoWorld
  /** An input that would pass validation of most procedures, so only the session check stops it. */
  let plausible: Record<string, unknown>
  beforeAll(async () => {
    world = await demoWorld(kind)
    const user = await world.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'member@honda.example')
      .executeTakeFirstOrThrow()
    const workstream = await world.db
      .selectFrom('workstreams')
      .select('id')
      .where('partnership_id', '=', world.partnershipId)
      .executeTakeFirstOrThrow()
    plausible = {
      partnershipId: world.partnershipId,
      workstreamId: workstream.id,
      userId: user.id,
      email: 'anonymous-made-this@example.com',
      password: 'a long enough password',
      name: 'Nobody',
      partyCode: 'HONDA',
      roles: ['admin'],
      role: 'lead',
      limit: 10,
    }
  })
  afterAll(() => world.destroy())

  async function ledgerSize(): Promise<number> {
    const rows = await world.db.selectFrom('ledger_events').select('seq').execute()
    return rows.length
  }

  it.each(guarded)('$path ($type) gives UNAUTHORIZED through a caller', async ({ path }) => {
    const before = await ledgerSize()
    const caller = callerFor(anonymousContext(world.db))
    for (const input of [undefined, {}, plausible]) {
      await expect(
        callByPath(caller, path, input),
        `input ${JSON.stringify(input)}`,
      ).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
        message: 'Please sign in.',
      })
    }
    // A refusal changes nothing, and an anonymous refusal is not worth a ledger event.
    expect(await ledgerSize()).toBe(before)
  })

  it.each(guarded)(
    '$path ($type) gives 401 over HTTP without a cookie, and with an unknown one',
    async ({ path, type }) => {
      const app = createApp({ db: world.db, config: testConfig() })
      for (const cookie of [undefined, 'concord_session=not-a-session-we-gave-out']) {
        const headers: Record<string, string> = { 'content-type': 'application/json' }
        if (cookie) headers.cookie = cookie
        const res =
          type === 'query'
            ? await app.request(
                `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(plausible))}`,
                { headers },
              )
            : await app.request(`/trpc/${path}`, {
                method: 'POST',
                headers,
                body: JSON.stringify(plausible),
              })
        expect(res.status).toBe(401)
        const body = (await res.json()) as { error: { message: string; data: { code: string } } }
        expect(body.error.data.code).toBe('UNAUTHORIZED')
        expect(body.error.message).toBe('Please sign in.')
      }
      const created = await world.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'anonymous-made-this@example.com')
        .executeTakeFirst()
      expect(created).toBeUndefined()
    },
  )

  it('lets an anonymous caller reach auth.login, and only that', async () => {
    const caller = callerFor(anonymousContext(world.db))
    await expect(
      caller.auth.login({ email: 'nobody@example.com', password: 'x' }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'The email or password is incorrect.',
    })
  })
})
