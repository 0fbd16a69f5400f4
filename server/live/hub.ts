/**
 * Live pages (ADR 0034): the open event streams of this process, and who hears which hint.
 *
 * Each hint is decided per stream by the read rule (server/domain/proposals/access.ts), with the
 * person's roles read afresh: a hint about a proposal reaches only those who may read that
 * proposal, and one private to a party (a draft's event, an internal comment) only that party's
 * people among them. On PostgreSQL the hub listens (LISTEN) on a connection of its own while any
 * stream is open, so a write on any instance reaches streams on every instance.
 */
import pg from 'pg'
import { type Db, postgresOptionsOf } from '../../db/connect'
import { canSee } from '../domain/proposals/access'
import { loadSessionUser, rolesIn, type SessionUser } from '../domain/users'
import { LIVE_CHANNEL, type LiveHint, merge, setLocalDispatch } from './hints'

export interface LiveStream {
  userId: string
  sessionId: string
  /** Sends one event (its name and JSON data); false once the stream has closed. */
  send(event: string, data: unknown): void
}

/** Open streams per session at most: a browser opens one per tab. */
export const MAX_STREAMS_PER_SESSION = 4

export class LiveHub {
  private readonly streams = new Set<LiveStream>()
  private listener: pg.Client | null = null
  private listening: Promise<void> | null = null
  private schema: string | null = null
  private retry: NodeJS.Timeout | null = null
  private failures = 0
  private closed = false

  constructor(private readonly db: Db) {}

  /** Counts the streams of a session. */
  streamsOf(sessionId: string): number {
    let n = 0
    for (const s of this.streams) if (s.sessionId === sessionId) n++
    return n
  }

  get size(): number {
    return this.streams.size
  }

  /** Adds a stream; resolves once hints can reach it (on PostgreSQL: once LISTEN is in place). */
  async add(stream: LiveStream): Promise<void> {
    this.streams.add(stream)
    if (postgresOptionsOf(this.db)) await this.listen()
  }

  remove(stream: LiveStream): void {
    this.streams.delete(stream)
    if (this.streams.size === 0) this.unlisten()
  }

  /** Ends listening (the app is stopping). */
  close(): void {
    this.closed = true
    this.streams.clear()
    this.unlisten()
  }

  private queue: Promise<void> = Promise.resolve()

  /**
   * Decides, for each open stream, which of these hints it hears, and sends them. Batches are
   * decided one after another, so a page hears of writes in the order they committed.
   */
  dispatch(hints: readonly LiveHint[]): Promise<void> {
    const next = this.queue.then(() => this.decide(hints))
    this.queue = next.catch(() => undefined)
    return next
  }

  private async decide(hints: readonly LiveHint[]): Promise<void> {
    if (this.streams.size === 0 || hints.length === 0) return
    const merged = merge(hints)
    const proposalIds = [...new Set(merged.flatMap((h) => (h.k === 'p' ? [h.id] : [])))]
    const proposals = proposalIds.length
      ? await this.db
          .selectFrom('proposals')
          .select(['id', 'partnership_id', 'submitted_at', 'author_party'])
          .where('id', 'in', proposalIds)
          .execute()
      : []
    const byId = new Map(proposals.map((p) => [p.id, p]))
    // Each listener's roles as they are now, read once per batch.
    const users = new Map<string, SessionUser | null>()
    for (const s of this.streams)
      if (!users.has(s.userId)) users.set(s.userId, await loadSessionUser(this.db, s.userId))
    for (const stream of [...this.streams]) {
      const user = users.get(stream.userId)
      if (!user) continue
      for (const hint of merged) {
        if (hint.k === 'n') {
          if (hint.u.includes(user.id)) stream.send('notifications', {})
          continue
        }
        const p = byId.get(hint.id)
        if (!p || !mayHear(user, p, hint.v)) continue
        stream.send('proposal', { proposalId: hint.id })
      }
    }
  }

  private listen(): Promise<void> {
    if (this.listening) return this.listening
    const options = postgresOptionsOf(this.db)
    if (!options || this.closed) return Promise.resolve()
    const client = new pg.Client(options)
    this.listener = client
    this.listening = (async () => {
      client.on('notification', (message) => {
        const payload = message.payload ?? ''
        const bar = payload.indexOf('|')
        if (message.channel !== LIVE_CHANNEL || payload.slice(0, bar) !== this.schema) return
        let hints: LiveHint[]
        try {
          hints = JSON.parse(payload.slice(bar + 1)) as LiveHint[]
        } catch {
          return
        }
        this.dispatch(hints).catch((error: unknown) =>
          console.error('live pages:', error instanceof Error ? error.message : error),
        )
      })
      client.on('error', () => this.reconnect(client))
      client.on('end', () => this.reconnect(client))
      await client.connect()
      const { rows } = await client.query<{ schema: string }>('select current_schema() as schema')
      this.schema = rows[0]?.schema ?? 'public'
      await client.query(`LISTEN ${LIVE_CHANNEL}`)
      this.failures = 0
    })().catch((error: unknown) => {
      console.error(
        'live pages: cannot listen on PostgreSQL:',
        error instanceof Error ? error.message : error,
      )
      this.reconnect(client)
    })
    return this.listening
  }

  /** A lost listening connection is opened again, with backoff, while streams are open. */
  private reconnect(client: pg.Client) {
    if (this.listener !== client) return
    this.listener = null
    this.listening = null
    client.end().catch(() => undefined)
    if (this.closed || this.streams.size === 0 || this.retry) return
    const delay = Math.min(30_000, 500 * 2 ** this.failures++)
    this.retry = setTimeout(() => {
      this.retry = null
      if (this.streams.size > 0) void this.listen()
    }, delay)
    this.retry.unref()
    // Hints written meanwhile are lost: tell every page to refetch what it shows.
    for (const s of this.streams) s.send('resync', {})
  }

  private unlisten() {
    if (this.retry) clearTimeout(this.retry)
    this.retry = null
    const client = this.listener
    this.listener = null
    this.listening = null
    client?.end().catch(() => undefined)
  }
}

/** The read rule, per event: whoever may read the proposal, and for a private event its party only. */
export function mayHear(
  user: SessionUser,
  p: { partnership_id: string; submitted_at: string | null; author_party: string },
  visibility: string,
): boolean {
  if (!canSee(user, p)) return false
  if (visibility === 'joint') return true
  return visibility === `party:${user.partyCode}` && rolesIn(user, p.partnership_id).length > 0
}

const hubs = new WeakMap<Db, LiveHub>()

/** The hub of this database in this process. */
export function liveHub(db: Db): LiveHub {
  let hub = hubs.get(db)
  if (!hub) {
    hub = new LiveHub(db)
    hubs.set(db, hub)
  }
  return hub
}

// On SQLite a committed write hands its hints straight to this process's hub.
setLocalDispatch((db, hints) => {
  const hub = hubs.get(db)
  if (!hub) return
  hub
    .dispatch(hints)
    .catch((error: unknown) =>
      console.error('live pages:', error instanceof Error ? error.message : error),
    )
})
