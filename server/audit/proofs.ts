/**
 * Inclusion and consistency proofs as the API and the CLI hand them out (docs/ledger-spec.md
 * §5.3): hashes in base64, sizes as numbers, the signed checkpoint of the proved size when there
 * is one. Each reads O(log n) stored hashes in one query.
 */
import type { Executor } from '../../db/connect'
import { DomainError } from '../../shared/errors'
import { DEPLOYMENT_LOG } from '../../shared/ledger-hash'
import { base64Encode as b64, formatVerifierKey } from '../../shared/signed-note'
import type { SigningKey } from './keys'
import { consistencyProof, inclusionProof, leafOf, treeSize } from './tree'
import { logVerifierKey, originOf, treeCheckpoint } from './tree-checkpoints'

export type LogName = 'partnership' | 'deployment'

export function logId(partnershipId: string, log: LogName): string {
  return log === 'deployment' ? DEPLOYMENT_LOG : partnershipId
}

export interface InclusionProofResult {
  origin: string
  log: LogName
  seq: number
  leafIndex: number
  treeSize: number
  /** base64 of SHA-256(0x00 || entry). */
  leafHash: string
  /** base64 hashes, the leaf's sibling first. */
  proof: string[]
  rootHash: string
  /** The signed checkpoint (note text) of exactly `treeSize` leaves, when the server made one. */
  checkpoint: string | null
  /** The verifier key that signed `checkpoint` (the current ledger key's when there is none). */
  logKey: string
}

export interface ConsistencyProofResult {
  origin: string
  log: LogName
  from: number
  to: number
  fromRoot: string
  toRoot: string
  proof: string[]
  checkpoint: string | null
  logKey: string
}

function logKeyOf(key: SigningKey, origin: string): string {
  return formatVerifierKey(logVerifierKey(origin, key.publicKey.spki))
}

/**
 * The proof that event `seq` is in its tree of `size` leaves. Only an event of this partnership's
 * tree or of the deployment-wide tree; any other is "not found", as if it did not exist. The
 * operator (the CLI, `partnershipId` null) may prove any event.
 */
export async function proveEvent(
  db: Executor,
  key: SigningKey,
  partnershipId: string | null,
  input: { seq: number; size?: number },
): Promise<InclusionProofResult> {
  const leaf = await leafOf(db, input.seq)
  if (
    !leaf ||
    (partnershipId !== null && leaf.log !== partnershipId && leaf.log !== DEPLOYMENT_LOG)
  )
    throw new DomainError('NOT_FOUND', `This partnership's ledger has no event ${input.seq}.`, {
      field: 'seq',
    })
  const current = await treeSize(db, leaf.log)
  let size = input.size
  let checkpoint = null
  if (size === undefined) {
    checkpoint = await treeCheckpoint(db, leaf.log, { coveringIndex: leaf.index })
    size = checkpoint?.size ?? current
  } else {
    if (size > current)
      throw new DomainError(
        'VALIDATION',
        `The tree has ${current} events: ask for a size of at most ${current}.`,
        { field: 'size' },
      )
    if (size <= leaf.index)
      throw new DomainError(
        'VALIDATION',
        `Event ${input.seq} is entry ${leaf.index + 1} of its tree: ask for a size of at least ${leaf.index + 1}.`,
        { field: 'size' },
      )
    checkpoint = await treeCheckpoint(db, leaf.log, { size })
  }
  const origin = originOf(key.deployment, leaf.log)
  const p = await inclusionProof(db, leaf.log, leaf.index, size)
  return {
    origin,
    log: leaf.log === DEPLOYMENT_LOG ? 'deployment' : 'partnership',
    seq: input.seq,
    leafIndex: leaf.index,
    treeSize: size,
    leafHash: b64(leaf.hash),
    proof: p.proof.map(b64),
    rootHash: b64(p.rootHash),
    checkpoint: checkpoint?.note ?? null,
    // The key that signed that checkpoint: a retired one for a checkpoint made before a rotation.
    logKey: checkpoint?.vkey ?? logKeyOf(key, origin),
  }
}

/** The proof that the tree of `to` leaves extends the tree of `from` leaves. */
export async function proveConsistency(
  db: Executor,
  key: SigningKey,
  partnershipId: string,
  input: { log: LogName; from: number; to?: number },
): Promise<ConsistencyProofResult> {
  const log = logId(partnershipId, input.log)
  const current = await treeSize(db, log)
  const latest = input.to === undefined ? await treeCheckpoint(db, log) : null
  const to = input.to ?? latest?.size ?? current
  if (to > current)
    throw new DomainError(
      'VALIDATION',
      `The tree has ${current} events: ask for a size of at most ${current}.`,
      { field: 'to' },
    )
  if (input.from > to)
    throw new DomainError(
      'VALIDATION',
      `The older size (${input.from}) must not be larger than the newer (${to}).`,
      { field: 'from' },
    )
  const checkpoint = latest ?? (await treeCheckpoint(db, log, { size: to }))
  const origin = originOf(key.deployment, log)
  const p = await consistencyProof(db, log, input.from, to)
  return {
    origin,
    log: input.log,
    from: input.from,
    to,
    fromRoot: b64(p.fromRoot),
    toRoot: b64(p.toRoot),
    proof: p.proof.map(b64),
    checkpoint: checkpoint?.note ?? null,
    logKey: checkpoint?.vkey ?? logKeyOf(key, origin),
  }
}
