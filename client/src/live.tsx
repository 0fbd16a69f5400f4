/**
 * Live pages (ADR 0034): listens to GET /live and refetches what the page shows when someone
 * else acts. The stream carries hints only ("proposal P changed", "your notifications
 * changed"); the refetch goes through the normal read procedures. Queries are invalidated, not
 * replaced: a form's unsaved input lives in its component's state and stays.
 *
 * Reconnects with backoff (1 s doubling to 60 s, with jitter); after a reconnect everything
 * shown is refetched, since hints sent meanwhile were missed. `data-live` on <html> says whether
 * the stream is open (the e2e tests wait for it).
 */
import { type Query, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'

/**
 * The routers whose answers a change to a proposal can alter. Not `visit`: asking it records a
 * visit, once per page opening (since-last-visit.tsx); a refetch on every hint would record one
 * each time and empty the "since your last visit" box while the person reads it.
 */
const PROPOSAL_ROOTS = new Set([
  'proposal',
  'comment',
  'inbox',
  'decision',
  'stats',
  'calendar',
  'agenda',
])
const NOTIFICATION_ROOTS = new Set(['notification', 'inbox'])

function rootOf(query: Query): string | undefined {
  const path = query.queryKey[0]
  return Array.isArray(path) ? String(path[0]) : undefined
}

export function LiveUpdates() {
  const queryClient = useQueryClient()
  useEffect(() => {
    if (typeof EventSource === 'undefined') return
    let source: EventSource | null = null
    let timer: ReturnType<typeof setTimeout> | null = null
    let failures = 0
    let connectedBefore = false
    let stopped = false
    const mark = (state: string) => {
      document.documentElement.dataset.live = state
    }
    const connect = () => {
      if (stopped) return
      const es = new EventSource('/live')
      source = es
      es.addEventListener('ready', () => {
        failures = 0
        mark('open')
        if (connectedBefore) void queryClient.invalidateQueries()
        connectedBefore = true
      })
      es.addEventListener('proposal', () => {
        void queryClient.invalidateQueries({
          predicate: (q) => PROPOSAL_ROOTS.has(rootOf(q) ?? ''),
        })
      })
      es.addEventListener('notifications', () => {
        void queryClient.invalidateQueries({
          predicate: (q) => NOTIFICATION_ROOTS.has(rootOf(q) ?? ''),
        })
      })
      es.addEventListener('resync', () => void queryClient.invalidateQueries())
      es.onerror = () => {
        // The browser's own retry would hammer a server that refuses (401, 429): back off instead.
        es.close()
        mark('closed')
        if (stopped) return
        const delay = Math.min(60_000, 1000 * 2 ** failures++) * (0.75 + Math.random() / 2)
        timer = setTimeout(connect, delay)
      }
    }
    connect()
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
      source?.close()
      mark('closed')
    }
  }, [queryClient])
  return null
}
