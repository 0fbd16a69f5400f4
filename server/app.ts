import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { getConnInfo } from '@hono/node-server/conninfo'
import { serveStatic } from '@hono/node-server/serve-static'
import { trpcServer } from '@hono/trpc-server'
import { Hono, type Context as HonoContext } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { secureHeaders } from 'hono/secure-headers'
import { type Db, ping } from '../db/connect'
import { lookupSession, readCookie, SESSION_COOKIE } from './auth/session'
import type { AppConfig } from './config'
import { loadSessionUser } from './domain/users'
import { appRouter } from './routers'
import type { Context } from './trpc'

export interface AppDeps {
  db: Db
  config: AppConfig
  /** Folder of the built client (vite build); the UI is not served when it is absent. */
  clientDir?: string
}

const MAX_BODY_BYTES = 1024 * 1024

function clientIp(c: HonoContext, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded) return forwarded
  }
  try {
    return getConnInfo(c).remote.address ?? null
  } catch {
    return null // app.request() in tests has no socket
  }
}

function isSecure(c: HonoContext, config: AppConfig): boolean {
  if (config.cookieSecure !== 'auto') return config.cookieSecure === 'always'
  if (config.trustProxy && c.req.header('x-forwarded-proto') === 'https') return true
  return new URL(c.req.url).protocol === 'https:'
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
    ip: clientIp(c, config.trustProxy),
    userAgent: c.req.header('user-agent') ?? null,
    secure: isSecure(c, config),
    resHeaders,
  }
  if (!token) return { ...base, user: null, sessionId: null, sessionExpired: false }
  const found = await lookupSession(db, token, {
    idleMs: config.sessionIdleMs,
    absoluteMs: config.sessionAbsoluteMs,
  })
  if (found.status !== 'valid')
    return { ...base, user: null, sessionId: null, sessionExpired: found.status === 'expired' }
  const user = await loadSessionUser(db, found.userId)
  return { ...base, user, sessionId: user ? found.sessionId : null, sessionExpired: !user }
}

export function createApp(deps: AppDeps) {
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

  app.get('/healthz', async (c) => {
    const ok = await ping(deps.db)
    return c.json({ ok }, ok ? 200 : 503)
  })

  app.use(
    '/trpc/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json(
          {
            error: {
              message: `The request is larger than ${MAX_BODY_BYTES / 1024} KiB.`,
              code: 'PAYLOAD_TOO_LARGE',
            },
          },
          413,
        ),
    }),
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
        if (error.code === 'INTERNAL_SERVER_ERROR')
          console.error(`[trpc] ${path ?? '?'}:`, error.cause ?? error)
      },
    }),
  )

  const clientDir = deps.clientDir
  if (clientDir && existsSync(path.join(clientDir, 'index.html'))) {
    const indexHtml = readFileSync(path.join(clientDir, 'index.html'), 'utf8')
    app.use('/assets/*', serveStatic({ root: path.relative(process.cwd(), clientDir) }))
    app.use('/*', serveStatic({ root: path.relative(process.cwd(), clientDir) }))
    // Every other GET is a route of the single-page app.
    app.get('*', (c) => c.html(indexHtml))
  }

  return app
}
