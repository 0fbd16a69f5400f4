import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from '../../db/connect'
import { createApp } from '../../server/app'
import { createSession } from '../../server/auth/session'
import type { AppConfig } from '../../server/config'
import { appRouter } from '../../server/routers'
import { type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS, freshDatabase } from '../helpers/db'

// Read from the router itself, so procedures added later are fed garbage too.
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: string; inputs: unknown[] } }
  >,
).map(([path, p]) => ({ path, type: p._def.type, takesInput: p._def.inputs.length > 0 }))

/** Anything in an error body that would tell an outsider how the server works inside. */
const INSIDES =
  /\bat [\w.<>]+ \(|\.ts:\d+|node_modules|sqlite|postgres|kysely|\bselect\b|\binsert\b|\bupdate\b.*\bset\b|syntax error|relation "|constraint|stack/i

async function expectCleanError(res: Response, context: string) {
  const text = await res.text()
  expect(res.status, `${context}: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400)
  expect(res.status, `${context}: ${text.slice(0, 300)}`).toBeLessThan(500)
  expect(res.headers.get('content-type'), context).toMatch(/application\/json/)
  const body = JSON.parse(text) as unknown
  // A single call answers { error }, a batch [{ error }].
  const errors = (Array.isArray(body) ? body : [body]) as { error?: { message?: unknown } }[]
  for (const entry of errors) {
    expect(typeof entry.error?.message, context).toBe('string')
    const message = entry.error?.message as string
    expect(message.length, context).toBeGreaterThan(0)
    expect(message.length, context).toBeLessThan(2000)
  }
  expect(text, context).not.toMatch(INSIDES)
}

describe('GET /healthz', () => {
  it.each(DATABASE_KINDS)('answers 200 {"ok":true} while the %s database answers', async (kind) => {
    const database = await freshDatabase(kind)
    try {
      const app = createApp({ db: database.db, config: testConfig() })
      const res = await app.request('/healthz')
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ ok: true })
    } finally {
      await database.destroy()
    }
  })

  it.each(DATABASE_KINDS)('answers 503 {"ok":false} once the %s database is gone', async (kind) => {
    const database = await freshDatabase(kind)
    await database.destroy()
    const app = createApp({ db: database.db, config: testConfig() })
    const res = await app.request('/healthz')
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ ok: false })
  })

  it('answers 503 when PostgreSQL cannot be reached at all', async () => {
    const db = connect({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/nothing' })
    try {
      const app = createApp({ db, config: testConfig() })
      const res = await app.request('/healthz')
      expect(res.status).toBe(503)
      expect(await res.json()).toEqual({ ok: false })
    } finally {
      await db.destroy()
    }
  })
})

describe.each(DATABASE_KINDS)('HTTP surface (%s)', (kind) => {
  let world: DemoWorld
  let leadId: string
  let workstreamId: string
  beforeAll(async () => {
    world = await demoWorld(kind)
    const lead = await world.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'lead@honda.example')
      .executeTakeFirstOrThrow()
    leadId = lead.id
    // Every role, so garbage gets as far into each procedure as any caller could take it.
    for (const role of ['workstream_lead', 'auditor', 'admin']) {
      await world.db
        .insertInto('memberships')
        .values({
          partnership_id: world.partnershipId,
          user_id: leadId,
          role,
          created_at: new Date().toISOString(),
        })
        .execute()
    }
    const ws = await world.db
      .selectFrom('workstreams')
      .select('id')
      .where('partnership_id', '=', world.partnershipId)
      .executeTakeFirstOrThrow()
    workstreamId = ws.id
  })
  afterAll(() => world.destroy())

  function app(overrides: Partial<AppConfig> = {}) {
    return createApp({ db: world.db, config: testConfig(overrides) })
  }

  /** A fresh session for every request: garbage sent to auth.logout must not end the next one's. */
  async function cookie(): Promise<string> {
    const session = await createSession(
      world.db,
      leadId,
      { idleMs: 3_600_000, absoluteMs: 3_600_000 },
      { ip: null, userAgent: null },
    )
    return `concord_session=${session.token}`
  }

  it('sends the security headers on every response', async () => {
    const responses = [
      await app().request('/healthz'),
      await app().request('/trpc/auth.me'),
      await app().request('/trpc/auth.login', { method: 'POST', body: '{' }),
    ]
    for (const res of responses) {
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
      expect(res.headers.get('x-powered-by')).toBeNull()
    }
  })

  describe('requests from another site', () => {
    const login = JSON.stringify({ email: 'lead@honda.example', password: 'concord-demo-2026' })

    it('refuses a POST from a foreign Origin with 403, before any work', async () => {
      for (const origin of ['https://evil.example', 'http://localhost:3001', 'null', 'garbage']) {
        const res = await app().request('http://localhost/trpc/auth.login', {
          method: 'POST',
          headers: { origin, 'content-type': 'application/json' },
          body: login,
        })
        expect(res.status, origin).toBe(403)
        expect(res.headers.get('set-cookie')).toBeNull()
        expect(await res.json()).toEqual({
          error: { message: 'Requests from another site are refused.', code: 'FORBIDDEN' },
        })
      }
    })

    it('refuses an unparsable Origin behind a trusted proxy too (403, not 500)', async () => {
      for (const origin of ['null', 'not a url', 'https://evil.example']) {
        const res = await app({ trustProxy: true }).request('http://10.0.0.5/trpc/auth.login', {
          method: 'POST',
          headers: {
            origin,
            'x-forwarded-host': 'concord.example',
            'content-type': 'application/json',
          },
          body: login,
        })
        expect(res.status, origin).toBe(403)
      }
    })

    it('accepts the same origin, and the public origin named by a trusted proxy', async () => {
      const same = await app().request('http://localhost/trpc/auth.login', {
        method: 'POST',
        headers: { origin: 'http://localhost', 'content-type': 'application/json' },
        body: login,
      })
      expect(same.status).toBe(200)
      const proxied = await app({ trustProxy: true }).request('http://10.0.0.5/trpc/auth.login', {
        method: 'POST',
        headers: {
          origin: 'https://concord.example',
          'x-forwarded-host': 'concord.example',
          'x-forwarded-proto': 'https',
          'x-forwarded-for': '192.0.2.200',
          'content-type': 'application/json',
        },
        body: login,
      })
      expect(proxied.status).toBe(200)
      expect(proxied.headers.get('set-cookie')).toMatch(/; Secure/)
      // Without trusting the proxy, its headers count for nothing.
      const untrusted = await app().request('http://10.0.0.5/trpc/auth.login', {
        method: 'POST',
        headers: {
          origin: 'https://concord.example',
          'x-forwarded-host': 'concord.example',
          'content-type': 'application/json',
        },
        body: login,
      })
      expect(untrusted.status).toBe(403)
    })
  })

  describe('garbage never gets a 500, a stack trace or SQL', () => {
    const deep = (depth: number) => `${'{"partnershipId":'.repeat(depth)}1${'}'.repeat(depth)}`
    const wrongTypes = {
      partnershipId: 12,
      workstreamId: true,
      userId: [],
      proposalId: {},
      id: -1,
      email: 42,
      password: false,
      name: { first: 'x' },
      roles: 'admin',
      role: 7,
      limit: 'many',
      cursor: 3,
      title: [],
      body: 5,
    }
    const keys = Object.keys(wrongTypes)
    const allKeys = (value: string) => Object.fromEntries(keys.map((k) => [k, value]))

    /** Bodies that are not JSON: every procedure must refuse them, with or without input. */
    const notJson: [string, string][] = [
      ['invalid JSON', '{"email": "a@b.c", '],
      ['not JSON at all', 'DROP TABLE users;--'],
    ]

    /**
     * Well-formed JSON of the wrong shape. A procedure may ignore what it does not read (extra
     * keys, the input of a procedure that takes none), so these may succeed; what they may never
     * do is fail with a 500 or say how the server works inside.
     */
    function garbage(): [string, string][] {
      return [
        ['null', 'null'],
        ['an array', '[1,2,3]'],
        ['a string', '"hello"'],
        ['a number', '1e999'],
        ['wrong types', JSON.stringify(wrongTypes)],
        [
          'wrong types past a valid partnership',
          JSON.stringify({
            ...wrongTypes,
            partnershipId: world.partnershipId,
            workstreamId: workstreamId,
          }),
        ],
        ['huge strings', JSON.stringify(allKeys('x'.repeat(60_000)))],
        ['SQL in every field', JSON.stringify(allKeys("' or 1=1; drop table users; --"))],
        ['NUL characters', JSON.stringify(allKeys('a\u0000b'))],
        [
          'NUL past a valid partnership',
          JSON.stringify({ ...allKeys('a\u0000b'), partnershipId: world.partnershipId }),
        ],
        // One free-text field at a time, so the NUL is not stopped early by a stricter field.
        ...[
          'name',
          'query',
          'title',
          'body',
          'text',
          'comment',
          'rationale',
          'summary',
          'statement',
          'description',
          'reason',
          'password',
        ].map((key): [string, string] => [
          `NUL in ${key}`,
          JSON.stringify({
            partnershipId: world.partnershipId,
            workstreamId,
            [key]: 'a\u0000b',
          }),
        ]),
        ['lone surrogates', JSON.stringify(allKeys('\ud800x\udfff'))],
        ['prototype pollution', '{"__proto__":{"admin":true},"constructor":{"prototype":{}}}'],
        ['deep nesting', deep(100_000)],
      ]
    }

    async function send(path: string, type: string, body: string) {
      const headers = { cookie: await cookie(), 'content-type': 'application/json' }
      return type === 'query'
        ? app().request(`/trpc/${path}?input=${encodeURIComponent(body)}`, { headers })
        : app().request(`/trpc/${path}`, { method: 'POST', headers, body })
    }

    it.each(procedures)('$path ($type)', async ({ path, type, takesInput }) => {
      for (const [label, body] of notJson) {
        const res = await send(path, type, body)
        // A procedure that takes no input never reads the body (a client sends none at all).
        if (!takesInput && res.status === 200) continue
        await expectCleanError(res, `${path} with ${label}`)
      }
      let refused = 0
      for (const [label, body] of garbage()) {
        // Queries carry their input in the URL, which real servers cap far below the body limit.
        if (type === 'query' && body.length > 200_000) continue
        const res = await send(path, type, body)
        if (res.status >= 200 && res.status < 300) continue
        refused += 1
        await expectCleanError(res, `${path} with ${label}`)
      }
      // A procedure that reads input refuses most of this.
      if (takesInput) expect(refused).toBeGreaterThanOrEqual(8)
      // The wrong method for the procedure.
      const wrongMethod =
        type === 'query'
          ? await app().request(`/trpc/${path}`, {
              method: 'POST',
              headers: { cookie: await cookie() },
              body: '{}',
            })
          : await app().request(`/trpc/${path}`, { headers: { cookie: await cookie() } })
      await expectCleanError(wrongMethod, `${path} with the wrong method`)
      // Not labelled as JSON.
      const wrongType = await app().request(`/trpc/${path}`, {
        method: 'POST',
        headers: { cookie: await cookie(), 'content-type': 'text/plain' },
        body: '{}',
      })
      await expectCleanError(wrongType, `${path} sent as text/plain`)
    })

    it('answers an unknown procedure with 404 and a readable message', async () => {
      for (const path of ['nope.nothing', 'auth', 'auth.login.deeper', '', '..%2F..%2Fetc']) {
        const res = await app().request(`/trpc/${path}`, {
          method: 'POST',
          headers: { cookie: await cookie(), 'content-type': 'application/json' },
          body: '{}',
        })
        await expectCleanError(res, `unknown procedure ${path}`)
      }
    })

    it('answers a body over the limit with 413', async () => {
      const res = await app().request('/trpc/auth.login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) }),
      })
      expect(res.status).toBe(413)
      await expectCleanError(
        new Response(await res.text(), { status: 400, headers: res.headers }),
        'too large',
      )
    })

    it('answers garbage batches and malformed batch inputs with 4xx', async () => {
      const headers = { cookie: await cookie(), 'content-type': 'application/json' }
      const cases: [string, RequestInit][] = [
        ['/trpc/charter.get,workstream.list?batch=1&input=5', { headers }],
        ['/trpc/charter.get,workstream.list?batch=1&input=%7B', { headers }],
        ['/trpc/charter.get?batch=1&input=%7B%220%22%3A%22x%22%7D', { headers }],
        ['/trpc/auth.logout,auth.me?batch=1', { method: 'POST', headers, body: '{}' }],
        ['/trpc/admin.createUser?batch=1', { method: 'POST', headers, body: '[]' }],
        ['/trpc/admin.createUser?batch=1', { method: 'POST', headers, body: '{"0":null}' }],
      ]
      for (const [url, init] of cases) {
        await expectCleanError(await app().request(url, init), url)
      }
    })

    it('names the field and the rule in the message', async () => {
      const res = await app().request(
        `/trpc/charter.get?input=${encodeURIComponent(JSON.stringify({ partnershipId: 'nope' }))}`,
        { headers: { cookie: await cookie() } },
      )
      expect(res.status).toBe(400)
      const body = (await res.json()) as {
        error: { message: string; data: { code: string; field: string } }
      }
      expect(body.error.message).toBe('partnershipId: must be an id (a UUID)')
      expect(body.error.data).toMatchObject({ code: 'BAD_REQUEST', field: 'partnershipId' })

      const nul = await app().request('/trpc/auth.login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@b.example', password: 'pass\u0000word' }),
      })
      expect(nul.status).toBe(400)
      const nulBody = (await nul.json()) as { error: { message: string; data: { field: string } } }
      expect(nulBody.error.message).toBe('password: must not contain a NUL character.')
      expect(nulBody.error.data.field).toBe('password')
    })
  })

  it('answers a path outside /trpc and /healthz with 404, not the API', async () => {
    const res = await app().request('/trpc-not/auth.me')
    expect(res.status).toBe(404)
    expect(await res.text()).not.toMatch(INSIDES)
  })
})
