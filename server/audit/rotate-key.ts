/**
 * Replacing the checkpoint signing key, on purpose and on the record
 * (docs/decisions/0011-hardening.md). One transaction appends `checkpoint.key_rotated` (naming
 * the old and the new public key) and a checkpoint signed by the OLD key over it: the old key
 * vouches for its successor. Then the new key is installed and signs a checkpoint of its own, so
 * the server starts with it. Verification accepts the old key for checkpoints up to the rotation.
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { type Db, writeTransaction } from '../../db/connect'
import type { Checkpoint } from '../../shared/audit-verify'
import { latestCheckpoint, makeCheckpoint, signCheckpoint } from './checkpoints'
import { describeKey, type SigningKey } from './keys'
import { appendEvent, SYSTEM_ACTOR } from './ledger'

export interface Rotation {
  from: SigningKey
  to: SigningKey
  /** Signed by the old key, covering the rotation event. */
  handover: Checkpoint
  /** The first checkpoint signed by the new key. */
  first: Checkpoint
}

/** A new Ed25519 key, or the one given (PKCS#8 PEM). */
export function newSigningKey(pem?: string): SigningKey {
  const privateKey = pem ? createPrivateKey(pem) : generateKeyPairSync('ed25519').privateKey
  return describeKey(privateKey, pem ? '--new-key' : 'a new key')
}

export async function rotateSigningKey(
  db: Db,
  from: SigningKey,
  newKey: SigningKey,
  install: (key: SigningKey) => void,
): Promise<Rotation> {
  // The new key signs for the same deployment (the same checkpoint origins).
  const to: SigningKey = { ...newKey, deployment: from.deployment }
  if (from.publicKey.keyId === to.publicKey.keyId)
    throw new Error('The new key is the current key: nothing to rotate.')
  const last = await latestCheckpoint(db)
  if (last && last.keyId !== from.publicKey.keyId)
    throw new Error(
      `The current key (${from.publicKey.keyId.slice(0, 16)}…) did not sign the latest checkpoint #${last.number} (${last.keyId.slice(0, 16)}…): rotate from the key that did.`,
    )
  const handover = await writeTransaction(db, async (trx) => {
    await appendEvent(trx, SYSTEM_ACTOR, {
      partnershipId: null,
      action: 'checkpoint.key_rotated',
      entityType: 'checkpoint',
      entityId: to.publicKey.keyId,
      after: {
        fromKeyId: from.publicKey.keyId,
        fromSpki: from.publicKey.spki,
        toKeyId: to.publicKey.keyId,
        toSpki: to.publicKey.spki,
      },
    })
    return signCheckpoint(trx, from, SYSTEM_ACTOR, 'rotation')
  })
  install(to)
  const first = await makeCheckpoint(db, to, SYSTEM_ACTOR, { reason: 'rotation' })
  if (!first) throw new Error('a rotation checkpoint is always made')
  return { from, to, handover, first }
}
