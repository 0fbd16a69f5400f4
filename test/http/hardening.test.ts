/**
 * The HTTP edge of issue 11: cross-site requests, caching, batch size, the client's address
 * behind a proxy, non-JSON bodies, bodies too large, text that is not Unicode, and a health
 * check that reads real pages. Through app.request() where a socket does not matter, and a real
 * server with a raw keep-alive socket where it does.
 */
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientIp, createApp } from '../../server/app'
import { createSession } from '../../server/auth/session'
import type { AppConfig } from '../../server/config'
import { MAX_BATCH_CALLS } from '../../shared/batch'
import { type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'

describe.each(DATABASE_KINDS)('HTTP hardening (%s)', (kind) => {
  let world: DemoWorld
  let cookie: string
  beforeAll(async () => {
    world = await demoWorld(kind)
    const member = await world.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'member@nissan.example')
      .executeTakeFirstOrThrow()
    const session = await createSession(
      world.db,
      member.id,
      { idleMs: 3_600_000, absoluteMs: 3_600_000 },
      { ip: null, userAgent: null },
    )
    cookie = `concord_session=${session.token}`
  })
  afterAll(() => world.destroy())

  const app = (overrides: Partial<AppConfig> = {}) =>
    createApp({ db: world.db, config: testConfig(overrides) })
  const ledgerSize = async () =>
    Number(
      (
        await world.db
          .selectFrom('ledger_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('refuses a cross-site top-level GET with the victim cookie before any work (no ledger event)', async () => {
    const before = await ledgerSize()
    // admin.listUsers would be FORBIDDEN for a member, and recorded in the member's name.
    for (const path of ['/trpc/admin.listUsers', '/trpc/auth.me', '/trpc/partnership.list']) {
      const res = await app().request(`http://localhost${path}`, {
        headers: { cookie, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
      })
      expect(res.status, path).toBe(403)
      expect(await res.json()).toEqual({
        error: { message: 'Requests from another site are refused.', code: 'FORBIDDEN' },
      })
    }
    expect(await ledgerSize()).toBe(before)
    // Same-origin and same-site requests, and clients that send no such header, still work.
    for (const site of ['same-origin', 'same-site', 'none', undefined]) {
      const headers: Record<string, string> = { cookie }
      if (site) headers['sec-fetch-site'] = site
      const res = await app().request('http://localhost/trpc/auth.me', { headers })
      expect(res.status, String(site)).toBe(200)
    }
  })

  it('marks every API answer Cache-Control: no-store, errors included', async () => {
    const answers = [
      await app().request('/trpc/auth.me', { headers: { cookie } }),
      await app().request('/trpc/auth.me'),
      await app().request('/trpc/nothing.here'),
      await app().request('/trpc/auth.login', { method: 'POST', body: '{' }),
    ]
    for (const res of answers) expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it(`refuses a batch of more than ${MAX_BATCH_CALLS} calls with 413 before running any`, async () => {
    const before = await ledgerSize()
    const calls = (n: number) => Array.from({ length: n }, () => 'admin.listUsers').join(',')
    const input = (n: number) =>
      encodeURIComponent(
        JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, {}]))),
      )
    const tooMany = await app().request(`/trpc/${calls(300)}?batch=1&input=${input(300)}`, {
      headers: { cookie },
    })
    expect(tooMany.status).toBe(413)
    expect(((await tooMany.json()) as { error: { message: string } }).error.message).toBe(
      `A batch may hold at most ${MAX_BATCH_CALLS} calls; this one holds 300.`,
    )
    expect(await ledgerSize()).toBe(before)
    const atTheCap = await app().request(
      `/trpc/${Array.from({ length: MAX_BATCH_CALLS }, () => 'auth.me').join(',')}?batch=1&input=${input(MAX_BATCH_CALLS)}`,
      { headers: { cookie } },
    )
    expect(atTheCap.status).toBe(200)
    expect((await atTheCap.json()) as unknown[]).toHaveLength(MAX_BATCH_CALLS)
  })

  it('answers multipart/form-data and other non-JSON bodies to a mutation with 415', async () => {
    const form = new FormData()
    form.set('email', 'lead@honda.example')
    form.set('password', 'concord-demo-2026')
    const multipart = await app().request('/trpc/auth.login', { method: 'POST', body: form })
    expect(multipart.status).toBe(415)
    expect(await multipart.json()).toEqual({
      error: {
        message: 'Send the request body as JSON (Content-Type: application/json).',
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
    })
    expect(multipart.headers.get('set-cookie')).toBeNull()
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'application/octet-stream',
    ]) {
      const res = await app().request('/trpc/auth.login', {
        method: 'POST',
        headers: { 'content-type': type },
        body: 'email=lead%40honda.example',
      })
      expect(res.status, type).toBe(415)
    }
    const json = await app().request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ email: 'lead@honda.example', password: 'concord-demo-2026' }),
    })
    expect(json.status).toBe(200)
  })

  it('refuses a lone surrogate like a NUL, naming the field, and stores nothing', async () => {
    const before = await ledgerSize()
    for (const [text, field] of [
      ['{"email":"a\\ud800@honda.example","password":"concord-demo-2026"}', 'email'],
      ['{"email":"lead@honda.example","password":"concord-demo-2026\\udfff"}', 'password'],
    ] as const) {
      const res = await app().request('/trpc/auth.login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: text,
      })
      expect(res.status).toBe(400)
      const body = (await res.json()) as { error: { message: string; data: { field: string } } }
      expect(body.error.message).toBe(
        `${field}: must be valid Unicode text (it holds a lone surrogate).`,
      )
      expect(body.error.data.field).toBe(field)
    }
    expect(await ledgerSize()).toBe(before)
  })

  it('/healthz reads real pages: a dropped table fails it while select 1 would pass', async () => {
    expect((await app().request('/healthz')).status).toBe(200)
    // Inside a transaction that is rolled back, so the table comes back whatever happens.
    let status = 0
    await world.db
      .transaction()
      .execute(async (trx) => {
        await sql`alter table sessions rename to sessions_moved`.execute(trx)
        const res = await createApp({ db: trx as never, config: testConfig() }).request('/healthz')
        status = res.status
        throw new Error('roll back')
      })
      .catch((error: Error) => {
        if (error.message !== 'roll back') throw error
      })
    expect(status).toBe(503)
    expect((await app().request('/healthz')).status).toBe(200)
  })
})

describe('the client address behind TRUST_PROXY', () => {
  function addressApp(trustProxy: boolean, trustProxyHops = 1) {
    const app = new Hono()
    app.get('/', (c) => c.text(clientIp(c, { trustProxy, trustProxyHops }) ?? 'none'))
    return app
  }
  const ask = async (app: Hono, forwarded: string) =>
    (await app.request('/', { headers: { 'x-forwarded-for': forwarded } })).text()

  it('takes the address the proxy added (rightmost), never one the client wrote', async () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it saw.
    expect(await ask(addressApp(true), '1.2.3.4, 203.0.113.9')).toBe('203.0.113.9')
    expect(await ask(addressApp(true), '203.0.113.9')).toBe('203.0.113.9')
    expect(await ask(addressApp(true), ' 9.9.9.9 ,  ,203.0.113.9 ')).toBe('203.0.113.9')
  })

  it('with TRUST_PROXY_HOPS=2 (a CDN and a load balancer) takes the second from the right', async () => {
    expect(await ask(addressApp(true, 2), '1.2.3.4, 203.0.113.9, 10.0.0.2')).toBe('203.0.113.9')
    expect(await ask(addressApp(true, 2), '203.0.113.9, 10.0.0.2')).toBe('203.0.113.9')
  })

  it('ignores the header without TRUST_PROXY', async () => {
    expect(await ask(addressApp(false), '1.2.3.4')).toBe('none')
  })
})

describe('a rejected body leaves the keep-alive connection usable', () => {
  let url: URL
  let close: () => Promise<void>
  let world: DemoWorld
  beforeAll(async () => {
    world = await demoWorld('sqlite')
    const server = serve({
      fetch: createApp({ db: world.db, config: testConfig() }).fetch,
      port: 0,
      hostname: '127.0.0.1',
    })
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    close = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
  })
  afterAll(async () => {
    await close()
    await world.destroy()
  })

  /** Sends raw requests on one socket and collects the responses' status lines as they come. */
  async function onOneSocket(requests: (Buffer | string)[]) {
    const socket = net.connect(Number(url.port), url.hostname)
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    let received = ''
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1')
    })
    const statuses = () => [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]))
    const ended = new Promise<string>((resolve) => {
      socket.once('close', () => resolve('closed'))
      socket.once('error', (e) => resolve(`error ${e.message}`))
    })
    const results: number[] = []
    for (const request of requests) {
      const want = statuses().length + 1
      socket.write(request)
      const got = await Promise.race([
        (async () => {
          while (statuses().length < want) await new Promise((r) => setTimeout(r, 10))
          return 'answered'
        })(),
        ended,
      ])
      if (got !== 'answered') return { statuses: statuses(), end: got, received }
      results.push(...statuses().slice(want - 1, want))
    }
    socket.destroy()
    return { statuses: statuses(), end: 'open', received }
  }

  const health = 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n'

  it('answers a 1 MiB body the handler never reads (401), then the next request on the same connection', async () => {
    const body = JSON.stringify({ note: 'x'.repeat(1024 * 1024 - 100) })
    const big = Buffer.concat([
      Buffer.from(
        `POST /trpc/auth.logout HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n`,
      ),
      Buffer.from(body),
    ])
    const result = await onOneSocket([big, health, big, health])
    expect(result.statuses, result.received.slice(0, 500)).toEqual([401, 200, 401, 200])
  })

  it('answers a body over the limit with 413 before reading it, and says the connection closes', async () => {
    const head = `POST /trpc/auth.login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n`
    const socket = net.connect(Number(url.port), url.hostname)
    let received = ''
    socket.on('data', (c: Buffer) => {
      received += c.toString('latin1')
    })
    socket.write(head)
    socket.write('{"email":"')
    // The answer comes although the 5 MiB never do: the limit is applied to the declared size.
    for (let i = 0; i < 200 && !received.includes('\r\n\r\n'); i++)
      await new Promise((r) => setTimeout(r, 10))
    socket.destroy()
    expect(received).toMatch(/^HTTP\/1\.1 413/)
    expect(received.toLowerCase()).toContain('connection: close')
    expect(received).toContain('PAYLOAD_TOO_LARGE')
    // And a new connection works at once.
    const next = await fetch(new URL('/healthz', url))
    expect(next.status).toBe(200)
  })
})
