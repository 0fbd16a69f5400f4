/**
 * Tree checkpoints across a key rotation (docs/ledger-spec.md §7): a checkpoint the old key signed
 * before its retirement still verifies, with the old key, and the proofs name the key that signed
 * the checkpoint they carry; the retired key is trusted for no checkpoint after its retirement
 * (a leaked old key cannot sign tomorrow's tree).
 */
import { sign } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeTransaction } from '../../db/connect'
import { makeCheckpoint } from '../../server/audit/checkpoints'
import { appendRawEvent, SYSTEM_ACTOR } from '../../server/audit/ledger'
import { logKeyHistory } from '../../server/audit/log-keys'
import { proveEvent } from '../../server/audit/proofs'
import { newSigningKey, rotateSigningKey } from '../../server/audit/rotate-key'
import { rootAt, treeSize } from '../../server/audit/tree'
import { logVerifierKey, originOf, treeCheckpoint } from '../../server/audit/tree-checkpoints'
import { verifyWithLogKeys } from '../../shared/log-keys'
import { formatCheckpoint, formatVerifierKey, signNote } from '../../shared/signed-note'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'

describe.each(DATABASE_KINDS)('retired keys of tree checkpoints (%s)', (kind) => {
  let world: DemoWorld
  beforeAll(async () => {
    world = await demoWorld(kind)
  })
  afterAll(() => world.destroy())

  it('trusts a retired key for what it signed before its retirement, and not after', async () => {
    const oldKey = newSigningKey()
    const log = world.partnershipId
    await makeCheckpoint(world.db, oldKey, SYSTEM_ACTOR, { reason: 'request' })
    const before = await treeCheckpoint(world.db, log)
    if (!before) throw new Error('no checkpoint')
    const newKey = newSigningKey()
    await rotateSigningKey(world.db, oldKey, newKey, () => {})
    // The log grows and the new key signs its checkpoint.
    await writeTransaction(world.db, (trx) =>
      appendRawEvent(trx, SYSTEM_ACTOR, {
        partnershipId: log,
        action: 'partnership.created',
        entityType: 'partnership',
        entityId: log,
        after: { step: 'after the rotation' },
      }),
    )
    await makeCheckpoint(world.db, newKey, SYSTEM_ACTOR, { reason: 'request' })
    const origin = originOf('concord.localhost', log)
    const history = await logKeyHistory(world.db, newKey, log)
    const oldVkey = formatVerifierKey(logVerifierKey(origin, oldKey.publicKey.spki))
    const newVkey = formatVerifierKey(logVerifierKey(origin, newKey.publicKey.spki))
    expect(history).toEqual([
      { vkey: oldVkey, untilSize: before.size },
      { vkey: newVkey, untilSize: null },
    ])

    // The old checkpoint verifies with the history, by the old key; the new one by the new key.
    const old = await verifyWithLogKeys(before.note, history, origin)
    expect(old.logKey.vkey).toBe(oldVkey)
    const latest = await treeCheckpoint(world.db, log)
    if (!latest) throw new Error('no checkpoint')
    expect((await verifyWithLogKeys(latest.note, history, origin)).logKey.vkey).toBe(newVkey)
    // The current key alone does not verify the old checkpoint: the history is what does.
    await expect(verifyWithLogKeys(before.note, history.slice(1), origin)).rejects.toThrow(
      /no key trusted/,
    )

    // A proof against the old checkpoint names the key that signed it.
    const leaf = await world.db
      .selectFrom('ledger_tree_hashes')
      .select('seq')
      .where('log', '=', log)
      .where('level', '=', 0)
      .where('idx', '=', 0)
      .executeTakeFirstOrThrow()
    const proof = await proveEvent(world.db, newKey, null, {
      seq: Number(leaf.seq),
      size: before.size,
    })
    expect(proof.checkpoint).toBe(before.note)
    expect(proof.logKey).toBe(oldVkey)

    // The retired key signs the tree as it is now (a leaked key, after its retirement): refused.
    const size = await treeSize(world.db, log)
    expect(size).toBeGreaterThan(before.size)
    const vkey = logVerifierKey(origin, oldKey.publicKey.spki)
    const forged = await signNote(
      formatCheckpoint({
        origin,
        size,
        rootHash: await rootAt(world.db, log, size),
        extensions: [],
      }),
      [
        {
          name: origin,
          keyId: vkey.keyId,
          sign: async (t) => new Uint8Array(sign(null, t, oldKey.privateKey)),
        },
      ],
    )
    await expect(verifyWithLogKeys(forged, history, origin)).rejects.toThrow(
      new RegExp(`signed by a key retired at ${before.size} entries`),
    )
  })
})
