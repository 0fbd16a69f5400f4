/**
 * Live pages (ADR 0034): the hints a committed write leaves for open pages. A hint says only
 * *what* changed ("proposal P changed", "your notifications changed"), never content; the page
 * refetches through the normal read procedures, which apply the read rules.
 *
 * Hints are left where every mutation already passes (a ledger event about a proposal, a
 * notification written), inside the write's transaction, and leave it only when it commits:
 * on PostgreSQL as one `pg_notify` inside the transaction (PostgreSQL delivers it at commit, to
 * every instance that listens), on SQLite to this process's hub after the commit.
 */
import { sql } from 'kysely'
import { afterCommit, beforeCommit, type Db, isPostgres, type Trx } from '../../db/connect'

export type LiveHint =
  /** an event about a proposal, as visible as its ledger event (`joint` or `party:<CODE>`) */
  | { k: 'p'; pid: string; id: string; v: string }
  /** notifications were written for these people */
  | { k: 'n'; u: string[] }

/** The PostgreSQL channel; every payload starts with the schema it was written in. */
export const LIVE_CHANNEL = 'concord_live'
/** PostgreSQL refuses a payload of 8000 bytes or more; hints are split well below that. */
const MAX_PAYLOAD = 7000

type Dispatch = (db: Db, hints: LiveHint[]) => void
/** Set by the hub (server/live/hub.ts), so that writing a hint needs no hub in tests or the CLI. */
let localDispatch: Dispatch | null = null
export function setLocalDispatch(dispatch: Dispatch | null) {
  localDispatch = dispatch
}

const pending = new WeakMap<Trx, LiveHint[]>()

/** Leaves a hint for open pages, sent when (and only if) `trx` commits. */
export function liveHint(trx: Trx, hint: LiveHint): void {
  const hints = pending.get(trx)
  if (hints) {
    hints.push(hint)
    return
  }
  pending.set(trx, [hint])
  if (isPostgres(trx)) {
    beforeCommit(trx, async () => {
      for (const payload of payloads(merge(pending.get(trx) ?? [])))
        await sql`select pg_notify(${LIVE_CHANNEL}, current_schema() || '|' || ${payload})`.execute(
          trx,
        )
    })
  } else {
    afterCommit(trx, (db) => localDispatch?.(db, merge(pending.get(trx) ?? [])))
  }
}

/**
 * A transaction's hints, deduplicated: per proposal, one joint hint if any of its events was
 * joint (whoever hears that hears the write anyway), else one per party it was private to; and
 * one hint for all the people told.
 */
export function merge(hints: readonly LiveHint[]): LiveHint[] {
  const proposals = new Map<string, Map<string, LiveHint>>()
  const people = new Set<string>()
  for (const h of hints) {
    if (h.k === 'n') {
      for (const u of h.u) people.add(u)
      continue
    }
    const byVisibility = proposals.get(h.id) ?? new Map<string, LiveHint>()
    byVisibility.set(h.v, h)
    proposals.set(h.id, byVisibility)
  }
  const merged: LiveHint[] = []
  for (const byVisibility of proposals.values()) {
    const joint = byVisibility.get('joint')
    merged.push(...(joint ? [joint] : byVisibility.values()))
  }
  if (people.size > 0) merged.push({ k: 'n', u: [...people] })
  return merged
}

/** JSON arrays of hints, each under PostgreSQL's payload limit. */
function payloads(hints: readonly LiveHint[]): string[] {
  const out: string[] = []
  let batch: LiveHint[] = []
  for (const hint of hints) {
    const parts = hint.k === 'n' ? chunk(hint.u, 150).map((u) => ({ k: 'n', u }) as const) : [hint]
    for (const part of parts) {
      if (JSON.stringify([...batch, part]).length > MAX_PAYLOAD && batch.length > 0) {
        out.push(JSON.stringify(batch))
        batch = []
      }
      batch.push(part)
    }
  }
  if (batch.length > 0) out.push(JSON.stringify(batch))
  return out
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
