import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checkpointLine, eventLine, headerLine, verifyBundleLines } from '../../shared/audit-bundle'
import {
  AuditVerifier,
  type Checkpoint,
  type CheckpointBody,
  checkpointSigningBytes,
  hashCheckpoint,
  keyIdOf,
} from '../../shared/audit-verify'
import { GENESIS_HASH, hashEvent, hashPayload, type LedgerEvent } from '../../shared/ledger-hash'

const { privateKey } = generateKeyPairSync('ed25519')
const spkiDer = createPublicKey(privateKey).export({ type: 'spki', format: 'der' })
const publicKey = { spki: spkiDer.toString('base64') }

async function chain(n: number): Promise<LedgerEvent[]> {
  const events: LedgerEvent[] = []
  let prevHash = GENESIS_HASH
  for (let seq = 1; seq <= n; seq++) {
    const payload = { before: null, after: { n: seq } }
    const header = {
      seq,
      ts: new Date(1_700_000_000_000 + seq).toISOString(),
      partnershipId: null,
      actorId: null,
      actorParty: null,
      action: 'user.created',
      entityType: 'user',
      entityId: `u${seq}`,
      visibility: seq % 4 === 0 ? 'party:HONDA' : 'joint',
      payloadHash: await hashPayload(payload),
      prevHash,
    }
    prevHash = await hashEvent(header)
    events.push({ ...header, hash: prevHash, payload })
  }
  return events
}

async function checkpoint(number: number, at: LedgerEvent, prev: string): Promise<Checkpoint> {
  const body: CheckpointBody = {
    number,
    seq: at.seq,
    headHash: at.hash,
    ts: at.ts,
    prevCheckpointHash: prev,
    keyId: await keyIdOf(new Uint8Array(spkiDer)),
  }
  return {
    ...body,
    hash: await hashCheckpoint(body),
    signature: sign(null, checkpointSigningBytes(body), privateKey).toString('base64'),
  }
}

async function verify(events: LedgerEvent[], checkpoints: Checkpoint[], saved: Checkpoint[] = []) {
  const v = await AuditVerifier.create({ checkpoints, saved, publicKey })
  for (const e of events) if (!(await v.push(e))) break
  return v.result()
}

describe('AuditVerifier (shared, as the browser runs it)', () => {
  it('holds for an intact chain, with redacted events and chained checkpoints', async () => {
    const events = await chain(20)
    const cp1 = await checkpoint(1, events[9] as LedgerEvent, GENESIS_HASH)
    const cp2 = await checkpoint(2, events[19] as LedgerEvent, cp1.hash)
    const redacted = events.map(({ payload, ...e }) =>
      e.visibility === 'joint' ? { ...e, payload } : e,
    )
    expect(await verify(redacted, [cp1, cp2])).toMatchObject({
      ok: true,
      headSeq: 20,
      headHash: events[19]?.hash,
      checkpoints: 2,
    })
  })

  it('names the first bad sequence and the reason', async () => {
    const events = await chain(12)
    const cp1 = await checkpoint(1, events[5] as LedgerEvent, GENESIS_HASH)
    const cp2 = await checkpoint(2, events[11] as LedgerEvent, cp1.hash)
    const cases: [string, LedgerEvent[], Checkpoint[], number, string][] = [
      [
        'payload',
        events.map((e) => (e.seq === 3 ? { ...e, payload: { x: 1 } } : e)),
        [],
        3,
        'payload_hash_mismatch',
      ],
      [
        'actor',
        events.map((e) => (e.seq === 4 ? { ...e, actorId: 'x' } : e)),
        [],
        4,
        'hash_mismatch',
      ],
      ['deleted', events.filter((e) => e.seq !== 5), [], 5, 'gap'],
      ['cut tail', events.slice(0, 8), [cp1, cp2], 9, 'checkpoint_not_on_chain'],
      ['bad signature', events, [cp1, { ...cp2, signature: cp1.signature }], 12, 'bad_signature'],
      ['checkpoint dropped', events, [cp2], 12, 'checkpoint_chain_broken'],
    ]
    for (const [name, list, cps, seq, reason] of cases)
      expect(await verify(list, cps), name).toMatchObject({ ok: false, seq, reason })
  })

  it('reads a bundle line by line and checks a saved checkpoint', async () => {
    const events = await chain(6)
    const cp = await checkpoint(1, events[5] as LedgerEvent, GENESIS_HASH)
    const lines = [
      headerLine({
        exportedAt: 'now',
        viewer: { email: null, party: null, full: true },
        headSeq: 6,
        headHash: cp.headHash,
        events: 6,
        checkpoints: 1,
        publicKey: { algorithm: 'Ed25519', keyId: cp.keyId, spki: publicKey.spki, pem: '' },
      }),
      checkpointLine(cp),
      ...events.map(eventLine),
    ]
    expect((await verifyBundleLines(lines, { saved: [cp] })).report).toMatchObject({ ok: true })
    const truncated = lines.slice(0, -2).filter((l) => !l.includes('"checkpoint"'))
    expect((await verifyBundleLines(truncated, { saved: [cp] })).report).toMatchObject({
      ok: false,
      seq: 5,
      reason: 'checkpoint_not_on_chain',
    })
    await expect(verifyBundleLines(['{"type":"event"}'])).rejects.toThrow(/header/)
  })
})
