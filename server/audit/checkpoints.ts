/**
 * Signed checkpoints (docs/decisions/0004-checkpoints.md). A checkpoint says "the ledger had
 * `seq` events and its head hash was H", signed with the deployment's Ed25519 key. A party that
 * keeps a copy can later prove that today's ledger still extends it.
 *
 * appendEvent never holds the key: checkpoints are made after commit, by the server's
 * checkpointer (every CHECKPOINT_EVERY events) or on demand (audit.createCheckpoint).
 */
import { sign } from 'node:crypto'
import type { Db, Executor, Trx } from '../../db/connect'
import { writeTransaction } from '../../db/connect'
import {
  type Checkpoint,
  type CheckpointBody,
  checkpointSigningBytes,
  hashCheckpoint,
} from '../../shared/audit-verify'
import { GENESIS_HASH } from '../../shared/ledger-hash'
import type { SigningKey } from './keys'
import { type Actor, appendEvent, ledgerHead } from './ledger'
import { signTreeCheckpoints } from './tree-checkpoints'

/** The table this module owns; kept out of db/schema.ts on purpose, typed here. */
export type LedgerCheckpointTable = {
  number: number
  seq: number
  head_hash: string
  ts: string
  prev_checkpoint_hash: string
  key_id: string
  hash: string
  signature: string
}

// Type aliases, not interfaces: Kysely's withTables wants types with an index signature.
export type CheckpointTables = {
  ledger_checkpoints: LedgerCheckpointTable
}

function withCheckpoints(db: Executor) {
  return db.withTables<CheckpointTables>()
}

function fromRow(row: LedgerCheckpointTable): Checkpoint {
  return {
    number: Number(row.number),
    seq: Number(row.seq),
    headHash: row.head_hash,
    ts: row.ts,
    prevCheckpointHash: row.prev_checkpoint_hash,
    keyId: row.key_id,
    hash: row.hash,
    signature: row.signature,
  }
}

/** Checkpoints in number order, optionally only those covering at most `upToSeq` events. */
export async function listCheckpoints(
  db: Executor,
  options: { upToSeq?: number } = {},
): Promise<Checkpoint[]> {
  let q = withCheckpoints(db).selectFrom('ledger_checkpoints').selectAll().orderBy('number')
  if (options.upToSeq !== undefined) q = q.where('seq', '<=', options.upToSeq)
  return (await q.execute()).map(fromRow)
}

export async function latestCheckpoint(db: Executor): Promise<Checkpoint | null> {
  const row = await withCheckpoints(db)
    .selectFrom('ledger_checkpoints')
    .selectAll()
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? fromRow(row) : null
}

export type CheckpointReason = 'schedule' | 'request' | 'rotation'

/**
 * Appends a `checkpoint.made` event and signs a checkpoint whose head is that event, in one
 * transaction (which on PostgreSQL holds the writers' lock, so instances never sign two
 * checkpoints with the same number). With `onlyIfBehind`, it makes one only when the ledger has
 * grown by that many events since the last checkpoint (checked under the lock), else returns null.
 */
export async function makeCheckpoint(
  db: Db,
  key: SigningKey,
  actor: Actor,
  options: { reason: CheckpointReason; onlyIfBehind?: number },
): Promise<Checkpoint | null> {
  return writeTransaction(db, async (trx) => {
    if (options.onlyIfBehind !== undefined) {
      const previous = await latestCheckpoint(trx)
      const head = await ledgerHead(trx)
      if (head.seq - (previous?.seq ?? 0) < options.onlyIfBehind) return null
    }
    return signCheckpoint(trx, key, actor, options.reason)
  })
}

/**
 * Inside a write transaction: appends `checkpoint.made` and signs a checkpoint whose head is
 * that event.
 */
export async function signCheckpoint(
  trx: Trx,
  key: SigningKey,
  actor: Actor,
  reason: CheckpointReason,
): Promise<Checkpoint> {
  const previous = await latestCheckpoint(trx)
  const number = (previous?.number ?? 0) + 1
  const seq = await appendEvent(trx, actor, {
    partnershipId: null,
    action: 'checkpoint.made',
    entityType: 'checkpoint',
    entityId: String(number),
    after: { number, reason, keyId: key.publicKey.keyId },
  })
  const head = await ledgerHead(trx)
  if (head.seq !== seq) throw new Error('the ledger head moved inside a checkpoint transaction')
  const body: CheckpointBody = {
    number,
    seq,
    headHash: head.hash,
    ts: new Date().toISOString(),
    prevCheckpointHash: previous?.hash ?? GENESIS_HASH,
    keyId: key.publicKey.keyId,
  }
  const checkpoint: Checkpoint = {
    ...body,
    hash: await hashCheckpoint(body),
    signature: sign(null, checkpointSigningBytes(body), key.privateKey).toString('base64'),
  }
  await withCheckpoints(trx)
    .insertInto('ledger_checkpoints')
    .values({
      number,
      seq,
      head_hash: checkpoint.headHash,
      ts: checkpoint.ts,
      prev_checkpoint_hash: checkpoint.prevCheckpointHash,
      key_id: checkpoint.keyId,
      hash: checkpoint.hash,
      signature: checkpoint.signature,
    })
    .execute()
  // The same moment, as C2SP checkpoints of every Merkle tree that grew (ledger-spec §7).
  await signTreeCheckpoints(trx, key)
  return checkpoint
}

/**
 * Makes a checkpoint whenever the ledger has grown by `every` events. It polls (a cheap read of
 * two heads) rather than hooking appendEvent, so it sees writes of every instance and the signing
 * key stays out of the write path. Returns a function that stops it.
 */
export function startCheckpointer(
  db: Db,
  key: SigningKey,
  options: {
    every: number
    intervalMs?: number
    onError?: (error: unknown) => void
    /** Called with each newer checkpoint seen, made here or by another instance. */
    onCheckpoint?: (checkpoint: Checkpoint) => void
  },
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  let seen = 0
  const tick = () => {
    if (stopped) return
    running = (async () => {
      await checkpointIfDue(db, key, options.every)
      if (!options.onCheckpoint) return
      const last = await latestCheckpoint(db)
      if (last && last.number > seen) {
        seen = last.number
        options.onCheckpoint(last)
      }
    })().catch((error: unknown) => options.onError?.(error))
  }
  const timer = setInterval(tick, options.intervalMs ?? 2000)
  timer.unref()
  tick()
  return async () => {
    stopped = true
    clearInterval(timer)
    await running
  }
}

/** One look: makes a checkpoint when `every` events have come since the last one. */
export async function checkpointIfDue(
  db: Db,
  key: SigningKey,
  every: number,
): Promise<Checkpoint | null> {
  // A read without the lock first: most looks find nothing to do and must not queue writers.
  const [head, last] = await Promise.all([ledgerHead(db), latestCheckpoint(db)])
  if (head.seq - (last?.seq ?? 0) < every) return null
  return makeCheckpoint(
    db,
    key,
    { userId: null, partyCode: null },
    {
      reason: 'schedule',
      onlyIfBehind: every,
    },
  )
}
