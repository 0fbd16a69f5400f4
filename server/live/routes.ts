/**
 * GET /live: the signed-in person's stream of live hints (server-sent events, ADR 0034).
 *
 *   event: ready          once listening; data {}
 *   event: proposal       data {"proposalId": "..."}: refetch what you show of it
 *   event: notifications  data {}: refetch the bell and the inbox
 *   event: resync         data {}: hints may have been missed; refetch what you show
 *   : ping                a comment every 20 s, so proxies keep the connection open
 *
 * No content, no history: a page that connects (or reconnects) refetches what it shows.
 */
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { Db } from '../../db/connect'
import { lookupSession, readCookie, SESSION_COOKIE, type SessionPolicy } from '../auth/session'
import { type LiveStream, liveHub, MAX_STREAMS_PER_SESSION } from './hub'

export const HEARTBEAT_MS = 20_000

export interface LiveRouteDeps {
  db: Db
  policy: SessionPolicy
  heartbeatMs?: number
}

export function liveRoutes(deps: LiveRouteDeps) {
  const app = new Hono()
  app.get('/', async (c) => {
    c.header('cache-control', 'no-store')
    if (c.req.header('sec-fetch-site') === 'cross-site')
      return c.json(
        { error: { message: 'Requests from another site are refused.', code: 'FORBIDDEN' } },
        403,
      )
    const token = readCookie(c.req.header('cookie'), SESSION_COOKIE)
    const found = token ? await lookupSession(deps.db, token, deps.policy) : null
    if (found?.status !== 'valid')
      return c.json(
        { error: { message: 'Sign in to follow live changes.', code: 'UNAUTHORIZED' } },
        401,
      )
    const hub = liveHub(deps.db)
    if (hub.streamsOf(found.sessionId) >= MAX_STREAMS_PER_SESSION)
      return c.json(
        {
          error: {
            message: `At most ${MAX_STREAMS_PER_SESSION} live pages per session; close another tab.`,
            code: 'TOO_MANY_REQUESTS',
            data: { rule: 'live_streams' },
          },
        },
        429,
      )
    c.header('x-accel-buffering', 'no')
    // The slot is taken now, before any await, so a burst of connections cannot pass the cap.
    let write: ((event: string, data: unknown) => void) | null = null
    const live: LiveStream = {
      userId: found.userId,
      sessionId: found.sessionId,
      send: (event, data) => write?.(event, data),
    }
    const ready = hub.add(live)
    return streamSSE(
      c,
      async (stream) => {
        write = (event, data) => {
          if (stream.aborted || stream.closed) return
          stream.writeSSE({ event, data: JSON.stringify(data) }).catch(() => undefined)
        }
        let finish: () => void = () => {}
        const finished = new Promise<void>((resolve) => {
          finish = resolve
        })
        stream.onAbort(() => finish())
        const heartbeat = setInterval(() => {
          void stillSignedIn(deps.db, found.sessionId, deps.policy).then((ok) => {
            if (!ok) return finish()
            if (!stream.aborted) stream.write(': ping\n\n').catch(() => finish())
          })
        }, deps.heartbeatMs ?? HEARTBEAT_MS)
        try {
          await ready
          await stream.writeSSE({ event: 'ready', data: '{}', retry: 2000 })
          await finished
        } finally {
          clearInterval(heartbeat)
          hub.remove(live)
        }
      },
      async () => {
        hub.remove(live)
      },
    )
  })
  return app
}

/**
 * Whether the session is still alive, without touching it: an open stream must not keep an
 * idle session signed in for ever.
 */
async function stillSignedIn(db: Db, sessionId: string, policy: SessionPolicy): Promise<boolean> {
  try {
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.last_seen_at', 'sessions.expires_at', 'users.status'])
      .where('sessions.id', '=', sessionId)
      .executeTakeFirst()
    if (row?.status !== 'active') return false
    const now = Date.now()
    return now < Date.parse(row.expires_at) && now - Date.parse(row.last_seen_at) < policy.idleMs
  } catch {
    return true // a database hiccup does not end the stream; the next beat asks again
  }
}
