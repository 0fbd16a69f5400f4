import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/connect'
import { createApp } from '../../server/app'
import type { AppConfig } from '../../server/config'
import {
  anonymousContext,
  callerFor,
  DEMO_PASSWORD,
  type DemoWorld,
  demoWorld,
  testConfig,
} from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'

const WRONG = 'The email or password is incorrect.'
const ENDED = /session has ended/

async function headSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom('ledger_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst()
  return Number(row?.seq ?? 0)
}

async function eventsAfter(db: Db, seq: number) {
  return db.selectFrom('ledger_events').selectAll().where('seq', '>', seq).orderBy('seq').execute()
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** A caller with no session, coming from its own address so tests do not throttle each other. */
function anonymousFrom(db: Db, ip: string, config?: AppConfig) {
  return callerFor({ ...anonymousContext(db, config), ip })
}

function cookieToken(setCookie: string | null): string {
  const match = /concord_session=([^;]*)/.exec(setCookie ?? '')
  if (!match) throw new Error(`no session cookie in ${setCookie}`)
  return match[1] as string
}

describe.each(DATABASE_KINDS)('sign-in, sessions and throttling (%s)', (kind) => {
  let world: DemoWorld
  let userIds: Map<string, string>
  beforeAll(async () => {
    world = await demoWorld(kind)
    const users = await world.db.selectFrom('users').select(['id', 'email']).execute()
    userIds = new Map(users.map((u) => [u.email, u.id]))
  })
  afterAll(() => world.destroy())

  /** Talks to the real Hono app; the address comes from X-Forwarded-For (trusted here). */
  function http(overrides: Partial<AppConfig> = {}) {
    const app = createApp({ db: world.db, config: testConfig({ trustProxy: true, ...overrides }) })
    return {
      async call(
        procedure: string,
        input: unknown,
        options: { cookie?: string; ip?: string; base?: string; query?: boolean } = {},
      ) {
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'x-forwarded-for': options.ip ?? '192.0.2.1',
        }
        if (options.cookie) headers.cookie = `concord_session=${options.cookie}`
        const base = options.base ?? 'http://localhost'
        const res = options.query
          ? await app.request(`${base}/trpc/${procedure}`, { headers })
          : await app.request(`${base}/trpc/${procedure}`, {
              method: 'POST',
              headers,
              body: JSON.stringify(input),
            })
        return {
          status: res.status,
          setCookie: res.headers.get('set-cookie'),
          body: (await res.json()) as {
            result?: { data: unknown }
            error?: { message: string; data: { code: string } }
          },
        }
      },
    }
  }

  describe('login', () => {
    it('sets an HttpOnly, SameSite=Lax session cookie holding a token of at least 128 bits', async () => {
      const res = await http().call('auth.login', {
        email: 'member@honda.example',
        password: DEMO_PASSWORD,
      })
      expect(res.status).toBe(200)
      const cookie = res.setCookie ?? ''
      expect(cookie).toMatch(/^concord_session=[^;]+; /)
      expect(cookie).toContain('HttpOnly')
      expect(cookie).toContain('SameSite=Lax')
      expect(cookie).toContain('Path=/')
      expect(cookie).toMatch(/Max-Age=43200/)
      // Served over plain HTTP: a Secure cookie would never come back.
      expect(cookie).not.toContain('Secure')
      const token = cookieToken(cookie)
      expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128)
    })

    it('marks the cookie Secure when the request came over HTTPS', async () => {
      const res = await http().call(
        'auth.login',
        { email: 'member@honda.example', password: DEMO_PASSWORD },
        { base: 'https://concord.example' },
      )
      expect(res.status).toBe(200)
      expect(res.setCookie).toMatch(/; Secure/)
    })

    it('stores only the SHA-256 of the token, never the token', async () => {
      const ctx = anonymousContext(world.db)
      const viaCaller = callerFor({ ...ctx, ip: '198.51.100.10' })
      const result = await viaCaller.auth.login({
        email: 'Engineer@Honda.example ',
        password: DEMO_PASSWORD,
      })
      expect(result.user).toMatchObject({ email: 'engineer@honda.example', partyCode: 'HONDA' })
      const token = cookieToken(ctx.resHeaders.get('set-cookie'))
      const rows = await world.db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', result.user.id)
        .execute()
      expect(rows.map((r) => r.id)).toContain(sha256(token))
      for (const row of rows) expect(JSON.stringify(row)).not.toContain(token)
    })

    it('records session.started in the ledger', async () => {
      const before = await headSeq(world.db)
      const result = await anonymousFrom(world.db, '198.51.100.11').auth.login({
        email: 'member@nissan.example',
        password: DEMO_PASSWORD,
      })
      const events = await eventsAfter(world.db, before)
      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({
        action: 'session.started',
        entity_type: 'user',
        entity_id: result.user.id,
        actor_id: result.user.id,
        actor_party: 'NISSAN',
      })
      expect(events[0]?.payload).not.toContain(DEMO_PASSWORD)
    })

    it('gives the same answer for an unknown email and a wrong password, and records both without the password', async () => {
      const before = await headSeq(world.db)
      const caller = anonymousFrom(world.db, '198.51.100.12')
      const unknown = caller.auth.login({
        email: 'nobody@honda.example',
        password: 'guess-number-one',
      })
      await expect(unknown).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: WRONG })
      const wrong = caller.auth.login({
        email: 'auditor@honda.example',
        password: 'guess-number-two',
      })
      await expect(wrong).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: WRONG })

      const events = await eventsAfter(world.db, before)
      expect(events.map((e) => e.action)).toEqual([
        'security.login_failed',
        'security.login_failed',
      ])
      expect(JSON.parse(events[0]?.payload ?? '')).toMatchObject({
        after: { email: 'nobody@honda.example', reason: 'unknown_email', ip: '198.51.100.12' },
      })
      expect(events[0]?.actor_id).toBeNull()
      expect(JSON.parse(events[1]?.payload ?? '')).toMatchObject({
        after: { email: 'auditor@honda.example', reason: 'wrong_password' },
      })
      expect(events[1]?.entity_id).toBe(userIds.get('auditor@honda.example'))
      for (const event of events) {
        expect(event.payload).not.toContain('guess-number')
      }
    })

    it('answers the same over HTTP, with a 401 and the same body for both', async () => {
      const api = http()
      const unknown = await api.call(
        'auth.login',
        { email: 'ghost@nissan.example', password: 'whatever-it-is' },
        { ip: '192.0.2.50' },
      )
      const wrong = await api.call(
        'auth.login',
        { email: 'member@nissan.example', password: 'whatever-it-is' },
        { ip: '192.0.2.50' },
      )
      expect(unknown.status).toBe(401)
      expect(wrong.status).toBe(401)
      expect(unknown.body.error?.message).toBe(WRONG)
      expect(wrong.body).toEqual(unknown.body)
      expect(unknown.setCookie).toBeNull()
    })

    it('gives a new token at every login and ends the session the request came with', async () => {
      const api = http()
      const first = await api.call(
        'auth.login',
        { email: 'software.lead@honda.example', password: DEMO_PASSWORD },
        { ip: '192.0.2.60' },
      )
      const firstToken = cookieToken(first.setCookie)
      const second = await api.call(
        'auth.login',
        { email: 'software.lead@honda.example', password: DEMO_PASSWORD },
        { ip: '192.0.2.60', cookie: firstToken },
      )
      expect(second.status).toBe(200)
      const secondToken = cookieToken(second.setCookie)
      expect(secondToken).not.toBe(firstToken)
      const stored = await world.db
        .selectFrom('sessions')
        .select('id')
        .where('id', 'in', [sha256(firstToken), sha256(secondToken)])
        .execute()
      expect(stored.map((s) => s.id)).toEqual([sha256(secondToken)])

      const old = await api.call('auth.me', undefined, { cookie: firstToken, query: true })
      expect(old.status).toBe(401)
      const current = await api.call('auth.me', undefined, { cookie: secondToken, query: true })
      expect(current.status).toBe(200)
      expect(current.body.result?.data).toMatchObject({ email: 'software.lead@honda.example' })
    })
  })

  describe('logout', () => {
    it('ends the session, clears the cookie and records session.ended', async () => {
      const api = http()
      const login = await api.call(
        'auth.login',
        { email: 'battery.lead@honda.example', password: DEMO_PASSWORD },
        { ip: '192.0.2.70' },
      )
      const token = cookieToken(login.setCookie)
      const before = await headSeq(world.db)
      const out = await api.call('auth.logout', undefined, { cookie: token })
      expect(out.status).toBe(200)
      expect(out.body.result?.data).toEqual({ ok: true })
      expect(out.setCookie).toMatch(/^concord_session=; /)
      expect(out.setCookie).toContain('Max-Age=0')
      const row = await world.db
        .selectFrom('sessions')
        .select('id')
        .where('id', '=', sha256(token))
        .executeTakeFirst()
      expect(row).toBeUndefined()
      const events = await eventsAfter(world.db, before)
      expect(events.map((e) => [e.action, e.entity_id])).toEqual([
        ['session.ended', userIds.get('battery.lead@honda.example')],
      ])
      const after = await api.call('auth.me', undefined, { cookie: token, query: true })
      expect(after.status).toBe(401)
      expect(after.body.error?.data.code).toBe('UNAUTHORIZED')
    })

    it('refuses a caller who is not signed in', async () => {
      await expect(anonymousFrom(world.db, '198.51.100.13').auth.logout()).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      })
    })
  })

  describe('timeouts', () => {
    async function signIn(email: string, ip: string) {
      const login = await http().call('auth.login', { email, password: DEMO_PASSWORD }, { ip })
      return cookieToken(login.setCookie)
    }

    it('ends a session idle for longer than the idle timeout', async () => {
      const token = await signIn('engineer@nissan.example', '192.0.2.80')
      const idle = testConfig().sessionIdleMs
      await world.db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(Date.now() - idle - 1000).toISOString() })
        .where('id', '=', sha256(token))
        .execute()
      const res = await http().call('auth.me', undefined, { cookie: token, query: true })
      expect(res.status).toBe(401)
      expect(res.body.error?.message).toMatch(ENDED)
      const row = await world.db
        .selectFrom('sessions')
        .select('id')
        .where('id', '=', sha256(token))
        .executeTakeFirst()
      expect(row).toBeUndefined()
    })

    it('keeps an active session alive: a request moves last_seen_at forward', async () => {
      const token = await signIn('engineer@nissan.example', '192.0.2.81')
      const idle = testConfig().sessionIdleMs
      const stale = new Date(Date.now() - idle + 60_000).toISOString()
      await world.db
        .updateTable('sessions')
        .set({ last_seen_at: stale })
        .where('id', '=', sha256(token))
        .execute()
      const res = await http().call('auth.me', undefined, { cookie: token, query: true })
      expect(res.status).toBe(200)
      const row = await world.db
        .selectFrom('sessions')
        .select('last_seen_at')
        .where('id', '=', sha256(token))
        .executeTakeFirstOrThrow()
      expect(Date.parse(row.last_seen_at)).toBeGreaterThan(Date.now() - 10_000)
    })

    it('ends a session past its absolute lifetime, however active', async () => {
      const token = await signIn('engineer@nissan.example', '192.0.2.82')
      await world.db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', sha256(token))
        .execute()
      const res = await http().call('auth.me', undefined, { cookie: token, query: true })
      expect(res.status).toBe(401)
      expect(res.body.error?.message).toMatch(ENDED)
    })

    it('honours configured timeouts (a tiny idle timeout ends the session at once)', async () => {
      const api = http({ sessionIdleMs: 1 })
      const login = await api.call(
        'auth.login',
        { email: 'member@honda.example', password: DEMO_PASSWORD },
        { ip: '192.0.2.83' },
      )
      const token = cookieToken(login.setCookie)
      await new Promise((resolve) => setTimeout(resolve, 5))
      const res = await api.call('auth.me', undefined, { cookie: token, query: true })
      expect(res.status).toBe(401)
      expect(res.body.error?.message).toMatch(ENDED)

      const short = http({ sessionAbsoluteMs: 60_000 })
      const again = await short.call(
        'auth.login',
        { email: 'member@honda.example', password: DEMO_PASSWORD },
        { ip: '192.0.2.83' },
      )
      expect(again.setCookie).toContain('Max-Age=60')
      const row = await world.db
        .selectFrom('sessions')
        .select(['created_at', 'expires_at'])
        .where('id', '=', sha256(cookieToken(again.setCookie)))
        .executeTakeFirstOrThrow()
      expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(60_000)
    })
  })

  describe('throttling', () => {
    async function blockRow(key: string) {
      return world.db
        .selectFrom('login_throttle')
        .selectAll()
        .where('key', '=', key)
        .executeTakeFirst()
    }

    it('refuses an account after 5 failures, even with the right password, until the block ends', async () => {
      const email = 'software.lead@nissan.example'
      for (let i = 0; i < 5; i++) {
        // From different addresses: the account is what is being throttled here.
        const caller = anonymousFrom(world.db, `203.0.113.${i + 1}`)
        await expect(
          caller.auth.login({ email, password: `wrong password ${i}` }),
        ).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: WRONG })
      }
      const before = await headSeq(world.db)
      const refused = anonymousFrom(world.db, '203.0.113.99').auth.login({
        email,
        password: DEMO_PASSWORD,
      })
      await expect(refused).rejects.toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        message: expect.stringMatching(/Too many failed sign-ins\. Try again in \d+ seconds/),
      })
      // A refused attempt does not even reach the password check, and so records nothing.
      expect(await eventsAfter(world.db, before)).toEqual([])
      const row = await blockRow(`account:${email}`)
      expect(row?.failures).toBe(5)
      expect(Date.parse(row?.blocked_until ?? '')).toBeGreaterThan(Date.now())

      // The block ends: move it into the past.
      await world.db
        .updateTable('login_throttle')
        .set({ blocked_until: new Date(Date.now() - 1000).toISOString() })
        .where('key', '=', `account:${email}`)
        .execute()
      const ok = await anonymousFrom(world.db, '203.0.113.99').auth.login({
        email,
        password: DEMO_PASSWORD,
      })
      expect(ok.user.email).toBe(email)
      // Success forgets the account's failures.
      expect(await blockRow(`account:${email}`)).toBeUndefined()
    })

    it('doubles the block with each further failure', async () => {
      const email = 'ghost-for-doubling@honda.example'
      const caller = anonymousFrom(world.db, '203.0.113.120')
      for (let i = 0; i < 5; i++) {
        await expect(caller.auth.login({ email, password: 'not it at all' })).rejects.toThrow(WRONG)
      }
      const first = await blockRow(`account:${email}`)
      const firstBlock = Date.parse(first?.blocked_until ?? '') - Date.now()
      expect(firstBlock).toBeGreaterThan(20_000)
      expect(firstBlock).toBeLessThanOrEqual(30_000)
      await world.db
        .updateTable('login_throttle')
        .set({ blocked_until: new Date(Date.now() - 1).toISOString() })
        .where('key', '=', `account:${email}`)
        .execute()
      await expect(caller.auth.login({ email, password: 'still not it' })).rejects.toThrow(WRONG)
      const second = await blockRow(`account:${email}`)
      const secondBlock = Date.parse(second?.blocked_until ?? '') - Date.now()
      expect(secondBlock).toBeGreaterThan(50_000)
      expect(secondBlock).toBeLessThanOrEqual(60_000)
    })

    it('cannot be outrun by a burst of parallel guesses', async () => {
      const email = 'member@honda.example'
      const attempts = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          anonymousFrom(world.db, `203.0.113.${150 + i}`).auth.login({
            email,
            password: `parallel guess ${i}`,
          }),
        ),
      )
      const codes = attempts.map((a) =>
        a.status === 'rejected' ? (a.reason as { code: string }).code : 'OK',
      )
      expect(codes.filter((c) => c === 'UNAUTHORIZED')).toHaveLength(5)
      expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(5)
      await world.db.deleteFrom('login_throttle').where('key', '=', `account:${email}`).execute()
    })

    it('refuses an address after 30 failures, whichever accounts it tries', async () => {
      const ip = '203.0.113.200'
      const caller = anonymousFrom(world.db, ip)
      for (let i = 0; i < 30; i++) {
        await expect(
          caller.auth.login({ email: `spray${i}@example.com`, password: 'Winter2026!' }),
        ).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
      }
      await expect(
        caller.auth.login({ email: 'auditor@nissan.example', password: DEMO_PASSWORD }),
      ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' })
      // The same account from another address is fine: only the address is blocked.
      const elsewhere = await anonymousFrom(world.db, '203.0.113.201').auth.login({
        email: 'auditor@nissan.example',
        password: DEMO_PASSWORD,
      })
      expect(elsewhere.user.email).toBe('auditor@nissan.example')

      await world.db
        .updateTable('login_throttle')
        .set({ blocked_until: new Date(Date.now() - 1000).toISOString() })
        .where('key', '=', `address:${ip}`)
        .execute()
      const later = await caller.auth.login({
        email: 'auditor@nissan.example',
        password: DEMO_PASSWORD,
      })
      expect(later.user.email).toBe('auditor@nissan.example')
    })

    it('answers a blocked attempt over HTTP with 429', async () => {
      const api = http()
      const email = 'nobody-http@nissan.example'
      for (let i = 0; i < 5; i++) {
        const res = await api.call(
          'auth.login',
          { email, password: 'nope nope' },
          { ip: '192.0.2.90' },
        )
        expect(res.status).toBe(401)
      }
      const res = await api.call(
        'auth.login',
        { email, password: 'nope nope' },
        { ip: '192.0.2.90' },
      )
      expect(res.status).toBe(429)
      expect(res.body.error?.message).toMatch(/Too many failed sign-ins/)
    })
  })

  describe('disabled accounts', () => {
    it('ends every session at once and refuses sign-in with the same message', async () => {
      const email = 'engineer@honda.example'
      const userId = userIds.get(email) as string
      const api = http()
      const tokens = []
      for (const ip of ['192.0.2.100', '192.0.2.101']) {
        const login = await api.call('auth.login', { email, password: DEMO_PASSWORD }, { ip })
        tokens.push(cookieToken(login.setCookie))
      }
      const admin = await world.as('admin@honda.example')
      await admin.admin.disableUser({ userId })

      const sessions = await world.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', userId)
        .execute()
      expect(sessions).toEqual([])
      for (const token of tokens) {
        const res = await api.call('auth.me', undefined, { cookie: token, query: true })
        expect(res.status).toBe(401)
      }

      const before = await headSeq(world.db)
      const refused = anonymousFrom(world.db, '198.51.100.30').auth.login({
        email,
        password: DEMO_PASSWORD,
      })
      await expect(refused).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: WRONG })
      const [event] = await eventsAfter(world.db, before)
      expect(event?.action).toBe('security.login_failed')
      expect(JSON.parse(event?.payload ?? '')).toMatchObject({ after: { reason: 'disabled' } })
      expect(event?.payload).not.toContain(DEMO_PASSWORD)

      await admin.admin.enableUser({ userId })
      const back = await anonymousFrom(world.db, '198.51.100.31').auth.login({
        email,
        password: DEMO_PASSWORD,
      })
      expect(back.user.id).toBe(userId)
    })

    it('ends a session whose account was disabled behind its back (the request says so)', async () => {
      const email = 'member@nissan.example'
      const userId = userIds.get(email) as string
      const login = await http().call(
        'auth.login',
        { email, password: DEMO_PASSWORD },
        { ip: '192.0.2.110' },
      )
      const token = cookieToken(login.setCookie)
      // Straight in the database, as another instance would: the session row stays.
      await world.db
        .updateTable('users')
        .set({ status: 'disabled' })
        .where('id', '=', userId)
        .execute()
      const res = await http().call('auth.me', undefined, { cookie: token, query: true })
      expect(res.status).toBe(401)
      expect(res.body.error?.message).toMatch(ENDED)
      await world.db
        .updateTable('users')
        .set({ status: 'active' })
        .where('id', '=', userId)
        .execute()
    })
  })

  it('auth.me answers who is signed in, with roles per partnership and how they authenticated', async () => {
    const lead = await world.as('lead@honda.example')
    const me = await lead.auth.me()
    expect(me).toEqual({
      id: userIds.get('lead@honda.example'),
      email: 'lead@honda.example',
      name: 'Takeshi Mori',
      partyCode: 'HONDA',
      locale: expect.any(String),
      roles: { [world.partnershipId]: expect.arrayContaining(['member', 'partnership_lead']) },
      authentication: {
        method: 'password',
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        issuer: null,
        amr: ['pwd'],
        acr: null,
      },
    })
  })
})
