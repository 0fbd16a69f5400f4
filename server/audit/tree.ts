/**
 * The ledger's Merkle trees on the server (docs/ledger-spec.md §2–§5): one per partnership and
 * one for the deployment-wide events, kept as stored subtree hashes (`ledger_tree_hashes`). An
 * append writes about two, in the event's own transaction (server/audit/ledger-tip.ts, which
 * keeps the siblings it needs from the last append); a root or proof of any size reads at most
 * 2·log2(n) hashes in one query.
 */
import { hash } from 'node:crypto'
import type { Executor } from '../../db/connect'
import { eventEntry, type LedgerEventHeader, logOfEvent } from '../../shared/ledger-hash'
import {
  type AsyncHashReader,
  fromHex,
  type Hash,
  MerkleError,
  type NodeId,
  proveConsistency,
  proveInclusion,
  storedHashesForAppend,
  toHex,
  treeHash,
  treeHasher,
} from '../../shared/merkle'

/** SHA-256 through node:crypto's one-shot hash: synchronous, and the fastest here (ADR 0012). */
export const serverHasher = treeHasher((data) => hash('sha256', data, 'buffer'))

export function leafHashOf(header: LedgerEventHeader): Hash {
  return serverHasher.leaf(eventEntry(header))
}

/** The number of leaves of a tree (0 for a log with no event yet). */
export async function treeSize(db: Executor, log: string): Promise<number> {
  const last = await db
    .selectFrom('ledger_tree_hashes')
    .select('idx')
    .where('log', '=', log)
    .where('level', '=', 0)
    .orderBy('idx', 'desc')
    .limit(1)
    .executeTakeFirst()
  return last ? Number(last.idx) + 1 : 0
}

/** Reads stored hashes of one log, all in one query, in the order asked. */
export function hashReader(db: Executor, log: string): AsyncHashReader {
  return async (ids: readonly NodeId[]) => {
    if (ids.length === 0) return []
    const rows = await db
      .selectFrom('ledger_tree_hashes')
      .select(['level', 'idx', 'hash'])
      .where('log', '=', log)
      .where((eb) =>
        eb(
          eb.refTuple('level', 'idx'),
          'in',
          ids.map((id) => eb.tuple(id.level, id.index)),
        ),
      )
      .execute()
    const found = new Map(rows.map((r) => [`${r.level}/${r.idx}`, fromHex(r.hash)]))
    return ids.map((id) => {
      const h = found.get(`${id.level}/${id.index}`)
      if (!h)
        throw new MerkleError(`the tree of ${log} has no stored hash (${id.level}, ${id.index})`)
      return h
    })
  }
}

/**
 * Adds the event as the next leaf of its tree, reading the tree as it is: for rebuilding a tree
 * (tests, tools). The ledger's append goes through server/audit/ledger-tip.ts. Inside a write
 * transaction: with the writers' lock held (ADR 0003), the size read here cannot move before the
 * insert.
 */
export async function appendLeaf(trx: Executor, header: LedgerEventHeader): Promise<number> {
  const log = logOfEvent(header)
  const n = await treeSize(trx, log)
  const leaf = leafHashOf(header)
  // Half of all appends complete no subtree: those read nothing more (no query at all).
  const writes = await storedHashesForAppend(n, leaf, hashReader(trx, log), serverHasher)
  await trx
    .insertInto('ledger_tree_hashes')
    .values(
      writes.map((w) => ({
        log,
        level: w.id.level,
        idx: w.id.index,
        hash: toHex(w.hash),
        seq: w.id.level === 0 ? header.seq : null,
      })),
    )
    .execute()
  return n
}

export function rootAt(db: Executor, log: string, size: number): Promise<Hash> {
  return treeHash(size, hashReader(db, log), serverHasher)
}

/** Where an event sits: its tree and leaf index, or null for an event with no leaf. */
export async function leafOf(
  db: Executor,
  seq: number,
): Promise<{ log: string; index: number; hash: Hash } | null> {
  const row = await db
    .selectFrom('ledger_tree_hashes')
    .select(['log', 'idx', 'hash'])
    .where('seq', '=', seq)
    .executeTakeFirst()
  return row ? { log: row.log, index: Number(row.idx), hash: fromHex(row.hash) } : null
}

export interface InclusionProof {
  log: string
  index: number
  size: number
  leafHash: Hash
  proof: Hash[]
  rootHash: Hash
}

/** The inclusion proof of leaf `index` in the tree of `size` leaves, and that tree's root. */
export async function inclusionProof(
  db: Executor,
  log: string,
  index: number,
  size: number,
): Promise<Omit<InclusionProof, 'leafHash'>> {
  const read = hashReader(db, log)
  const [proof, rootHash] = await Promise.all([
    proveInclusion(size, index, read, serverHasher),
    treeHash(size, read, serverHasher),
  ])
  return { log, index, size, proof, rootHash }
}

export interface ConsistencyProof {
  log: string
  from: number
  to: number
  fromRoot: Hash
  toRoot: Hash
  proof: Hash[]
}

export async function consistencyProof(
  db: Executor,
  log: string,
  from: number,
  to: number,
): Promise<ConsistencyProof> {
  const read = hashReader(db, log)
  const [proof, fromRoot, toRoot] = await Promise.all([
    proveConsistency(from, to, read, serverHasher),
    treeHash(from, read, serverHasher),
    treeHash(to, read, serverHasher),
  ])
  return { log, from, to, fromRoot, toRoot, proof }
}
