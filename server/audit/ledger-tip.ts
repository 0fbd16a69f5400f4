/**
 * The write path of the ledger (ADR 0038): one event and its Merkle leaf, appended in the
 * mutation's own transaction with as few statements as the database allows.
 *
 * Each database handle remembers the tip of the ledger as its last append left it: the head
 * (seq, hash) and, per tree, the right edge (the last stored hash at every level: every sibling a
 * later append combines with). An append seals its event against that memory and inserts it on a
 * condition the database checks as it inserts: the head is still the event it is chained to, and
 * the tree's last leaf is still the one it follows. Whoever else wrote in between (the CLI,
 * another instance, a transaction that rolled back, a test on the raw database) moved one of
 * those, so nothing is inserted; the append then learns the tip from the database, seals again
 * and inserts again. The memory is only a guess that the database confirms.
 *
 * Statements per append, when the guess holds: PostgreSQL one (a call of the function of
 * migration 0027), SQLite two (the event, then its tree hashes). When it does not: PostgreSQL one
 * more (the failed call answers the tip), SQLite two more (read the tip and the edge).
 */
import { hash } from 'node:crypto'
import { CompiledQuery } from 'kysely'
import { isPostgres, type Trx } from '../../db/connect'
import type { LedgerEventRow } from '../../db/schema'
import { GENESIS_HASH, logOfEvent } from '../../shared/ledger-hash'
import { MerkleError, type NodeId } from '../../shared/merkle'
import type { SealedEvent } from './ledger-row'
import { hashReader } from './tree'

/** A tree's right edge: its size and, per level, the hash of its last complete subtree. */
interface TreeEdge {
  size: number
  /** edge[level]: the stored hash (level, floor(size / 2^level) - 1), for each bit of size. */
  edge: readonly Buffer[]
}

/** The ledger's tip: its head, and the edge of the event's tree. */
interface TipOfLog {
  seq: number
  hash: string
  tree: TreeEdge
}

/** What a database handle's last append left: the head, and the edge of each tree it knows. */
interface Tip {
  seq: number
  hash: string
  trees: Map<string, TreeEdge>
}

/** At most this many trees remembered per handle (one per partnership); the oldest goes first. */
const TREES_KEPT = 1000

/**
 * Per database handle: Kysely's adapter object, which a Db, its transactions and its
 * `withPlugin`/`withTables` copies share and another `connect` never does.
 */
const tips = new WeakMap<object, Tip>()

/** The number of trailing one bits of n: how many subtrees leaf n completes. */
function trailingOnes(n: number): number {
  let m = 0
  while (Math.floor(n / 2 ** m) % 2 === 1) m++
  return m
}

const NODE_PREFIX = Buffer.from([0x01])

/**
 * The hashes to store for leaf number `tree.size` (RFC 9162 §2.1, as shared/merkle.ts's
 * `storedHashesForAppend`): the leaf, then one per subtree it completes, each the node of the
 * edge's hash at that level and the one below; and the tree's edge after it.
 */
function appendToEdge(
  tree: TreeEdge,
  leaf: Buffer,
): { writes: { id: NodeId; hash: Buffer }[]; after: TreeEdge } {
  const n = tree.size
  const writes = [{ id: { level: 0, index: n }, hash: leaf }]
  const edge = tree.edge.slice()
  edge[0] = leaf
  let h = leaf
  for (let i = 0, m = trailingOnes(n); i < m; i++) {
    const left = tree.edge[i]
    if (!left) throw new MerkleError(`the edge of a tree of ${n} leaves has no level ${i}`)
    h = hash('sha256', Buffer.concat([NODE_PREFIX, left, h]), 'buffer')
    writes.push({ id: { level: i + 1, index: Math.floor(n / 2 ** (i + 1)) }, hash: h })
    edge[i + 1] = h
  }
  return { writes, after: { size: n + 1, edge } }
}

/** The ids of a tree's right edge at `size`: per level, its last complete subtree. */
function edgeIds(size: number): NodeId[] {
  const ids: NodeId[] = []
  for (let level = 0; Math.floor(size / 2 ** level) >= 1; level++)
    ids.push({ level, index: Math.floor(size / 2 ** level) - 1 })
  return ids
}

function edgeOf(log: string, size: number, hashes: readonly string[] | null): TreeEdge {
  const edge = (hashes ?? []).map((h) => Buffer.from(h, 'hex'))
  if (edge.length !== edgeIds(size).length)
    throw new MerkleError(`the tree of ${log} (${size} leaves) is missing hashes of its edge`)
  return { size, edge }
}

/** One statement's parameters, as `?` on SQLite and `$n` on PostgreSQL. */
class Parameters {
  readonly values: unknown[] = []
  constructor(private readonly postgres: boolean) {}
  p(value: unknown): string {
    this.values.push(value)
    return this.postgres ? `$${this.values.length}` : '?'
  }
}

const EVENT_COLUMNS =
  'seq, ts, partnership_id, actor_id, actor_party, action, entity_type, entity_id, visibility, payload, payload_hash, prev_hash, hash, entry_version, payload_salt'

function eventValues(row: LedgerEventRow): unknown[] {
  return [
    Number(row.seq),
    row.ts,
    row.partnership_id,
    row.actor_id,
    row.actor_party,
    row.action,
    row.entity_type,
    row.entity_id,
    row.visibility,
    row.payload,
    row.payload_hash,
    row.prev_hash,
    row.hash,
    Number(row.entry_version),
    row.payload_salt,
  ]
}

interface Attempt {
  sealed: SealedEvent
  log: string
  /** The tree the event's leaf is appended to, as the caller believes it is. */
  tree: TreeEdge
  writes: readonly { id: NodeId; hash: Buffer }[]
}

/**
 * PostgreSQL: one call of `concord_ledger_append` (migration 0027). With no attempt, only asks the
 * tip. Returns true once appended, else the tip as it is.
 */
async function tryPostgres(
  trx: Trx,
  log: string,
  attempt: Attempt | null,
): Promise<true | TipOfLog> {
  const values = attempt
    ? eventValues(attempt.sealed.row)
    : [0, '', null, null, null, '', '', '', '', '', '', null, '', 0, null]
  const tree = attempt?.tree
  const writes = attempt?.writes ?? []
  const parameters = [
    ...values,
    log,
    tree && tree.size > 0 ? (tree.edge[0] as Buffer).toString('hex') : null,
    writes.map((w) => w.id.level),
    writes.map((w) => w.id.index),
    writes.map((w) => w.hash.toString('hex')),
  ]
  const placeholders = parameters.map((_, i) => `$${i + 1}`).join(', ')
  const { rows } = await trx.executeQuery<{
    appended: boolean
    head_seq: number
    head_hash: string
    tree_size: number
    edge: string[] | null
  }>(CompiledQuery.raw(`select * from concord_ledger_append(${placeholders})`, parameters))
  const r = rows[0]
  if (!r) throw new Error('concord_ledger_append answered nothing')
  if (r.appended) return true
  const size = Number(r.tree_size)
  return { seq: Number(r.head_seq), hash: r.head_hash, tree: edgeOf(log, size, r.edge) }
}

/** SQLite: the event's insert on the condition that the tip is the one sealed against. */
async function trySqlite(trx: Trx, log: string, attempt: Attempt | null): Promise<true | TipOfLog> {
  if (attempt) {
    const { sealed, tree, writes } = attempt
    const e = new Parameters(false)
    const values = eventValues(sealed.row)
      .map((v) => e.p(v))
      .join(', ')
    // Hashes are unique (the chain's by constraint, a leaf's by its entry's seq), so the last
    // row's hash says which row is last.
    const text = `insert into ledger_events (${EVENT_COLUMNS}) select ${values}
      where coalesce((select hash from ledger_events order by seq desc limit 1), ${e.p(GENESIS_HASH)}) = ${e.p(sealed.row.prev_hash)}
        and coalesce((select hash from ledger_tree_hashes where log = ${e.p(log)} and level = 0 order by idx desc limit 1), '') = ${e.p(tree.size > 0 ? (tree.edge[0] as Buffer).toString('hex') : '')}`
    const event = await trx.executeQuery(CompiledQuery.raw(text, e.values))
    if (Number(event.numAffectedRows ?? 0) === 1) {
      const t = new Parameters(false)
      const rows = writes
        .map(
          (w) =>
            `(${t.p(log)}, ${t.p(w.id.level)}, ${t.p(w.id.index)}, ${t.p(w.hash.toString('hex'))}, ${t.p(w.id.level === 0 ? sealed.row.seq : null)})`,
        )
        .join(', ')
      await trx.executeQuery(
        CompiledQuery.raw(
          `insert into ledger_tree_hashes (log, level, idx, hash, seq) values ${rows}`,
          t.values,
        ),
      )
      return true
    }
  }
  const s = new Parameters(false)
  const text = `select (select seq from ledger_events order by seq desc limit 1) as seq,
      (select hash from ledger_events order by seq desc limit 1) as hash,
      (select idx from ledger_tree_hashes where log = ${s.p(log)} and level = 0 order by idx desc limit 1) as last_leaf`
  const { rows } = await trx.executeQuery<{
    seq: number | null
    hash: string | null
    last_leaf: number | null
  }>(CompiledQuery.raw(text, s.values))
  const row = rows[0]
  const size = row?.last_leaf == null ? 0 : Number(row.last_leaf) + 1
  const edge = (await hashReader(trx, log)(edgeIds(size))).map((h) => Buffer.from(h))
  return {
    seq: row?.seq == null ? 0 : Number(row.seq),
    hash: row?.hash ?? GENESIS_HASH,
    tree: { size, edge },
  }
}

/**
 * Appends the event `seal` makes, chained to the ledger's head, and its leaf in its tree, inside
 * `trx` (a `writeTransaction`'s: on PostgreSQL its lock keeps other writers out meanwhile).
 * `seal` is called with the head to chain to, again if the head remembered was not the head.
 * Returns the event's sequence number.
 */
export async function appendToTip(
  trx: Trx,
  event: { partnershipId: string | null },
  seal: (prev: { seq: number; hash: string }) => SealedEvent,
): Promise<number> {
  const handle = trx.getExecutor().adapter
  const log = logOfEvent(event)
  const attempt = isPostgres(trx) ? tryPostgres : trySqlite
  const known = tips.get(handle)
  const knownTree = known?.trees.get(log)
  let tip: TipOfLog | null = known && knownTree ? { ...known, tree: knownTree } : null
  // At most: the guess, then the tip as read (which holds: nobody else appends meanwhile), and
  // once more should a writer outside writeTransaction have got in between.
  for (let round = 0; round < 3; round++) {
    if (!tip) {
      const answer = await attempt(trx, log, null)
      if (answer === true) throw new Error('the ledger appended nothing it was given')
      tip = answer
    }
    const sealed = seal(tip)
    const { writes, after } = appendToEdge(tip.tree, sealed.leafHash)
    const answer = await attempt(trx, log, { sealed, log, tree: tip.tree, writes })
    if (answer === true) {
      remember(handle, tip, log, sealed, after)
      return sealed.event.seq
    }
    tip = answer
  }
  throw new Error('The ledger kept moving during an append: nothing was written.')
}

/**
 * After an append: the head is the new event, the event's tree has its new edge, and the other
 * trees remembered stay if the head appended to was the head remembered (nothing else was
 * appended in between, so they are as they were).
 */
function remember(
  handle: object,
  appendedTo: { seq: number; hash: string },
  log: string,
  sealed: SealedEvent,
  tree: TreeEdge,
) {
  const known = tips.get(handle)
  const trees =
    known && known.seq === appendedTo.seq && known.hash === appendedTo.hash
      ? known.trees
      : new Map<string, TreeEdge>()
  trees.delete(log)
  trees.set(log, tree)
  if (trees.size > TREES_KEPT) trees.delete(trees.keys().next().value as string)
  tips.set(handle, { seq: sealed.event.seq, hash: sealed.event.hash, trees })
}
