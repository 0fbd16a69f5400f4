import { existsSync } from 'node:fs'
import path from 'node:path'
import { getConnInfo } from '@hono/node-server/conninfo'
import { trpcServer } from '@hono/trpc-server'
import { Hono, type Context as HonoContext } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { secureHeaders } from 'hono/secure-headers'
import { type Db, healthCheck } from '../db/connect'
import { MAX_BATCH_CALLS } from '../shared/batch'
import { oidcRoutes } from './auth/oidc-routes'
import { readCookie, SESSION_COOKIE } from './auth/session'
import type { AppConfig } from './config'
import { feedRoutes } from './domain/agenda/feed-routes'
import { lookupSessionUser } from './domain/users'
import { liveRoutes } from './live/routes'
import { unsubscribeRoutes } from './notify/unsubscribe-routes'
import { appRouter } from './routers'
import { type ClientFile, loadClientFiles, sendClientFile } from './static'
import { CallLimiter, type Context } from './trpc'

export interface AppDeps {
  db: Db
  config: AppConfig
  /** Folder of the built client (vite build); the UI is not served when it is absent. */
  clientDir?: string
  /** Per-person limits on expensive procedures (one per app unless given). */
  limiter?: CallLimiter
  /** Signs email unsubscribe links (server/notify/config.ts); without it the links are not served. */
  notifySecret?: string
  /** How often a live stream beats and checks its session (server/live/routes.ts; tests shorten it). */
  liveHeartbeatMs?: number
}

const MAX_BODY_BYTES = 1024 * 1024

/**
 * The client's address. Behind TRUST_PROXY, each proxy appends the address it received the
 * request from to X-Forwarded-For, so only the rightmost `hops` entries were written by proxies
 * we trust; anything to their left came from the client and may be forged. With one proxy
 * (hops = 1) the address is the rightmost entry.
 */
export function clientIp(
  c: HonoContext,
  config: Pick<AppConfig, 'trustProxy' | 'trustProxyHops'>,
): string | null {
  if (config.trustProxy) {
    const entries = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '')
    if (entries.length > 0)
      return entries[Math.max(0, entries.length - config.trustProxyHops)] ?? null
  }
  try {
    return getConnInfo(c).remote.address ?? null
  } catch {
    return null // app.request() in tests has no socket
  }
}

function jsonError(c: HonoContext, status: 403 | 413 | 415, code: string, message: string) {
  return c.json({ error: { message, code } }, status)
}

function isSecure(c: HonoContext, config: AppConfig): boolean {
  if (config.cookieSecure !== 'auto') return config.cookieSecure === 'always'
  if (config.trustProxy && c.req.header('x-forwarded-proto') === 'https') return true
  return c.req.url.startsWith('https:')
}

/** The host of an Origin header; null for `null` and anything else that is not a URL. */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host
  } catch {
    return null
  }
}

export async function createContext(
  deps: AppDeps,
  c: HonoContext,
  resHeaders: Headers,
): Promise<Context> {
  const { db, config } = deps
  const token = readCookie(c.req.header('cookie'), SESSION_COOKIE)
  const base = {
    db,
    config,
    ip: clientIp(c, config),
    userAgent: c.req.header('user-agent') ?? null,
    secure: isSecure(c, config),
    resHeaders,
    limiter: deps.limiter ?? null,
  }
  if (!token) return { ...base, user: null, sessionId: null, sessionExpired: false }
  // The session, its user and their memberships: one statement (domain/users.ts).
  const found = await lookupSessionUser(db, token, {
    idleMs: config.sessionIdleMs,
    absoluteMs: config.sessionAbsoluteMs,
  })
  if (found.status !== 'valid')
    return { ...base, user: null, sessionId: null, sessionExpired: found.status === 'expired' }
  return { ...base, user: found.user, sessionId: found.sessionId, sessionExpired: false }
}

const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) =>
    jsonError(
      c,
      413,
      'PAYLOAD_TOO_LARGE',
      `The request is larger than ${MAX_BODY_BYTES / 1024} KiB.`,
    ),
})

export function createApp(appDeps: AppDeps) {
  const deps: AppDeps = { ...appDeps, limiter: appDeps.limiter ?? new CallLimiter() }
  const app = new Hono()

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'strict-origin-when-cross-origin',
      xFrameOptions: 'DENY',
    }),
  )

  // Whatever slips past every other handler still answers in JSON, without a stack or SQL.
  app.onError((error, c) => {
    console.error(`[http] ${c.req.method} ${c.req.path}:`, error)
    return c.json(
      {
        error: {
          message: 'Something went wrong on our side. Please try again.',
          code: 'INTERNAL_SERVER_ERROR',
        },
      },
      500,
    )
  })

  // Set once a request meets a damaged database file: from then on the instance is not healthy,
  // whatever a cheap query says, until an operator restarts it on a good file.
  let corruption: string | null = null

  app.get('/healthz', async (c) => {
    const ok = corruption === null && (await healthCheck(deps.db))
    return c.json({ ok }, ok ? 200 : 503)
  })

  app.use(
    '/trpc/*',
    // API answers are per person and change with every write: no cache may keep one.
    async (c, next) => {
      await next()
      c.res.headers.set('cache-control', 'no-store')
    },
    // Whatever the answer, the connection stays usable. A body the handler never read (a 401
    // before the input is parsed) is read to its end before answering, so the next request on
    // the keep-alive connection starts where it should; a body too large to read closes the
    // connection, announced (Connection: close), so the client sends its next request on a new one.
    async (c, next) => {
      await next()
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return
      const length = Number(c.req.header('content-length') ?? Number.NaN)
      if (c.res.status === 413 || !(length <= MAX_BODY_BYTES)) {
        c.res.headers.set('connection', 'close')
        return
      }
      if (!c.req.raw.bodyUsed) await c.req.raw.arrayBuffer().catch(() => undefined)
    },
    // A browser says where a request comes from. A cross-site one (a link or form on another
    // site) carries the victim's cookie; refuse it before any work, GET included.
    async (c, next) => {
      if (c.req.header('sec-fetch-site') === 'cross-site')
        return jsonError(c, 403, 'FORBIDDEN', 'Requests from another site are refused.')
      await next()
    },
    // The body limit applies before a byte is read: a declared length over it is refused at
    // once, and a chunked body is cut off when it passes it. A GET or HEAD has no body to limit
    // (asking for one would build the whole web Request on every read).
    (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)),
    // Mutations take JSON only: tRPC would otherwise accept form posts (multipart/form-data,
    // which a cross-site form can send without a preflight).
    async (c, next) => {
      const type = c.req.header('content-type')
      if (c.req.method === 'POST' && type && !/^application\/json\s*(;|$)/i.test(type))
        return jsonError(
          c,
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the request body as JSON (Content-Type: application/json).',
        )
      await next()
    },
    // One request may batch at most MAX_BATCH_CALLS calls: a batch of hundreds would turn one
    // request into hundreds of database transactions.
    async (c, next) => {
      const calls = c.req.path.slice('/trpc/'.length).split(',').length
      if (calls > MAX_BATCH_CALLS)
        return c.json(
          {
            error: {
              message: `A batch may hold at most ${MAX_BATCH_CALLS} calls; this one holds ${calls}.`,
              code: 'PAYLOAD_TOO_LARGE',
            },
          },
          413,
        )
      await next()
    },
    // A browser names the page's origin on a cross-site POST; refuse those outright.
    async (c, next) => {
      const origin = c.req.header('origin')
      if (c.req.method !== 'GET' && origin && origin !== new URL(c.req.url).origin) {
        const forwardedHost = deps.config.trustProxy ? c.req.header('x-forwarded-host') : undefined
        if (!forwardedHost || hostOf(origin) !== forwardedHost) {
          return c.json(
            { error: { message: 'Requests from another site are refused.', code: 'FORBIDDEN' } },
            403,
          )
        }
      }
      await next()
    },
    // tRPC answers a few malformed requests (a wrong content type, a batch mixing queries and
    // mutations) with a JSON body labelled text/plain; label it as what it is.
    async (c, next) => {
      await next()
      if (c.res.headers.get('content-type')?.startsWith('text/plain'))
        c.res.headers.set('content-type', 'application/json')
    },
    trpcServer({
      router: appRouter,
      endpoint: '/trpc',
      createContext: (opts, c) =>
        createContext(deps, c, opts.resHeaders) as unknown as Record<string, unknown>,
      onError({ error, path }) {
        if (error.code !== 'INTERNAL_SERVER_ERROR') return
        console.error(`[trpc] ${path ?? '?'}:`, error.cause ?? error)
        const code = String((error.cause as { code?: unknown } | undefined)?.code ?? '')
        if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') corruption = code
      },
    }),
  )

  // Single sign-on: the round trips to each party's OpenID Connect provider (server/auth/oidc-routes.ts).
  app.route(
    '/auth/oidc',
    oidcRoutes({
      db: deps.db,
      config: deps.config,
      secure: (c) => isSecure(c, deps.config),
      ip: (c) => clientIp(c, deps.config),
    }),
  )

  // Live pages: the signed-in person's stream of change hints (server/live/routes.ts, ADR 0034).
  app.route(
    '/live',
    liveRoutes({
      db: deps.db,
      policy: { idleMs: deps.config.sessionIdleMs, absoluteMs: deps.config.sessionAbsoluteMs },
      heartbeatMs: deps.liveHeartbeatMs,
    }),
  )

  // An email's unsubscribe link, which works without signing in (server/notify/unsubscribe-routes.ts).
  if (deps.notifySecret) app.route('/notifications', unsubscribeRoutes(deps.db, deps.notifySecret))

  // A person's calendar feed, whose secret address is the credential (domain/agenda/feed-routes.ts).
  app.route('/calendar', feedRoutes(deps.db))

  const clientDir = deps.clientDir
  if (clientDir && existsSync(path.join(clientDir, 'index.html'))) {
    // Precompressed at build, sent as the browser accepts; hashed assets cached for good.
    const files = loadClientFiles(clientDir)
    const index = files.get('/index.html') as ClientFile
    app.get('*', (c) => {
      const file = files.get(c.req.path)
      if (file) return sendClientFile(c, file)
      // A missing script is a 404, not the page: the browser would run the HTML as code.
      if (c.req.path.startsWith('/assets/')) return c.notFound()
      // Every other GET is a route of the single-page app.
      return sendClientFile(c, index)
    })
  }

  return app
}
