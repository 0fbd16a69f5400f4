/**
 * Verification from the last verified point, and signing-key rotation: an explicit, recorded
 * change that verification follows, while a key that merely differs is refused at start.
 */
import { spawnSync } from 'node:child_process'
import { createPublicKey } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeTransaction } from '../../db/connect'
import { makeCheckpoint } from '../../server/audit/checkpoints'
import { forgetSigningKeys, signingKey } from '../../server/audit/keys'
import { appendRawEvent, SYSTEM_ACTOR } from '../../server/audit/ledger'
import { writeBundle } from '../../server/audit/query'
import { newSigningKey, rotateSigningKey } from '../../server/audit/rotate-key'
import { verifyLedger } from '../../server/audit/verify'
import { FULL_VIEW } from '../../server/audit/visibility'
import { checkSigningKey, StartupError } from '../../server/startup'
import { verifyBundleLines } from '../../shared/audit-bundle'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { dropAppendOnlyTriggers } from '../helpers/audit'
import { DATABASE_KINDS } from '../helpers/db'

const ROOT = path.resolve(import.meta.dirname, '../..')

async function addEvents(world: DemoWorld, n: number) {
  await writeTransaction(world.db, async (trx) => {
    for (let i = 0; i < n; i++)
      await appendRawEvent(trx, SYSTEM_ACTOR, {
        partnershipId: null,
        action: 'security.access_denied',
        entityType: 'user',
        entityId: 'nobody',
        after: { procedure: `filler.${i}`, type: 'query' },
      })
  })
}

describe.each(DATABASE_KINDS)('incremental verification and key rotation (%s)', (kind) => {
  let world: DemoWorld
  const dirs: string[] = []
  const dataDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'concord-rotate-'))
    dirs.push(dir)
    return dir
  }
  beforeAll(async () => {
    world = await demoWorld(kind)
  })
  afterAll(async () => {
    await world.destroy()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('verifies only what came after the last verified point, and still catches a break there', async () => {
    const key = signingKey({ dataDir: dataDir(), ledgerSigningKey: null })
    await makeCheckpoint(world.db, key, SYSTEM_ACTOR, { reason: 'request' })
    const first = await verifyLedger(world.db, { publicKey: key.publicKey })
    expect(first.ok).toBe(true)
    await addEvents(world, 5)
    // The second run starts after the first one's head.
    const second = await verifyLedger(world.db, { publicKey: key.publicKey })
    expect(second).toMatchObject({ ok: true, headSeq: (first.ok ? first.headSeq : 0) + 5 })
    expect(second.ok && second.events).toBe(second.ok && second.headSeq)

    // A tampered NEW event is caught by the incremental run.
    await addEvents(world, 3)
    const head = second.ok ? second.headSeq : 0
    await world.db.transaction().execute(async (trx) => {
      await dropAppendOnlyTriggers(trx, kind)
      await sql`update ledger_events set entity_id = 'forged' where seq = ${head + 2}`.execute(trx)
    })
    const third = await verifyLedger(world.db, { publicKey: key.publicKey })
    expect(third).toMatchObject({ ok: false, seq: head + 2, reason: 'hash_mismatch' })
    // A full run names the same event, and so does every later run (the point was dropped).
    expect(await verifyLedger(world.db, { publicKey: key.publicKey, full: true })).toMatchObject({
      ok: false,
      seq: head + 2,
    })
    expect(await verifyLedger(world.db, { publicKey: key.publicKey })).toMatchObject({
      ok: false,
      seq: head + 2,
    })
  })

  it('a fresh handle (another process, a transaction) starts from the beginning', async () => {
    const key = signingKey({ dataDir: dataDir(), ledgerSigningKey: null })
    await world.db.transaction().execute(async (trx) => {
      const report = await verifyLedger(trx, { publicKey: key.publicKey })
      // The earlier tampering is still in the chain: found from the start.
      expect(report.ok).toBe(false)
    })
  })
})

describe.each(DATABASE_KINDS)('signing-key rotation (%s)', (kind) => {
  let world: DemoWorld
  let dir: string
  beforeAll(async () => {
    world = await demoWorld(kind)
    dir = mkdtempSync(path.join(tmpdir(), 'concord-rotate-'))
  })
  afterAll(async () => {
    await world.destroy()
    rmSync(dir, { recursive: true, force: true })
  })

  it('records the rotation signed by the old key; verification spans it; the old key signs nothing later', async () => {
    const oldKey = newSigningKey()
    await makeCheckpoint(world.db, oldKey, SYSTEM_ACTOR, { reason: 'request' })
    const newKey = newSigningKey()
    const rotation = await rotateSigningKey(world.db, oldKey, newKey, () => {})
    expect(rotation.handover.keyId).toBe(oldKey.publicKey.keyId)
    expect(rotation.first.keyId).toBe(newKey.publicKey.keyId)
    const event = await world.db
      .selectFrom('ledger_events')
      .selectAll()
      .where('action', '=', 'checkpoint.key_rotated')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(event.payload).after).toEqual({
      fromKeyId: oldKey.publicKey.keyId,
      fromSpki: oldKey.publicKey.spki,
      toKeyId: newKey.publicKey.keyId,
      toSpki: newKey.publicKey.spki,
    })
    // The handover checkpoint (old key) covers the rotation event.
    expect(rotation.handover.seq).toBe(Number(event.seq) + 1)
    await makeCheckpoint(world.db, newKey, SYSTEM_ACTOR, { reason: 'request' })
    const report = await verifyLedger(world.db, { publicKey: newKey.publicKey, full: true })
    expect(report).toMatchObject({ ok: true, checkpoints: 4 })

    // Starting with the old key, or with a third key, is refused; the new key starts.
    const load = (key: typeof oldKey) => () => key
    await expect(
      checkSigningKey(world.db, { dataDir: dir, ledgerSigningKey: null }, load(oldKey)),
    ).rejects.toThrow(/is not the key that signed the ledger's latest checkpoint/)
    await expect(
      checkSigningKey(world.db, { dataDir: dir, ledgerSigningKey: null }, load(newSigningKey())),
    ).rejects.toBeInstanceOf(StartupError)
    await expect(
      checkSigningKey(world.db, { dataDir: dir, ledgerSigningKey: null }, load(newKey)),
    ).resolves.toBe(newKey)

    // Offline, the bundle verifies across the rotation; a former key the chain does not record
    // (a header that vouches for a key of its own making) is refused.
    const lines: string[] = []
    await writeBundle(world.db, FULL_VIEW, newKey, { email: null, party: null }, (line) => {
      lines.push(line)
    })
    const pinnedPublicKeyPem = createPublicKey(newKey.privateKey)
      .export({ type: 'spki', format: 'pem' })
      .toString()
    const offline = await verifyBundleLines(lines, { pinnedPublicKeyPem })
    expect(offline.report).toMatchObject({ ok: true })
    expect(offline.header.formerKeys).toEqual([
      { spki: oldKey.publicKey.spki, untilSeq: rotation.handover.seq },
    ])
    const forger = newSigningKey()
    const header = JSON.parse(lines[0] as string)
    const forged = [
      JSON.stringify({
        ...header,
        formerKeys: [...header.formerKeys, { spki: forger.publicKey.spki, untilSeq: 2 }],
      }),
      ...lines.slice(1),
    ]
    const refused = await verifyBundleLines(forged, { pinnedPublicKeyPem })
    expect(refused.report).toMatchObject({ ok: false, reason: 'key_rotation_unrecorded' })

    // A checkpoint signed by the retired key after the rotation does not verify.
    await makeCheckpoint(world.db, oldKey, SYSTEM_ACTOR, { reason: 'request' })
    const after = await verifyLedger(world.db, { publicKey: newKey.publicKey, full: true })
    expect(after).toMatchObject({ ok: false, reason: 'bad_signature' })
  })
})

describe('npm run concord -- audit rotate-key (SQLite)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'concord-rotate-cli-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const { DATABASE_URL: _unused, ...env } = process.env
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...env, DATA_DIR: dir },
      encoding: 'utf8',
    })

  it('installs a new key, keeps the old one, and the server accepts the new key', {
    timeout: 180_000,
  }, async () => {
    const seeded = cli('seed-demo')
    expect(seeded.status, seeded.stderr).toBe(0)
    const checkpoint = cli('audit', 'checkpoint')
    expect(checkpoint.status, checkpoint.stderr).toBe(0)
    const before = readFileSync(path.join(dir, 'ledger-signing-key.pem'), 'utf8')
    const rotated = cli('audit', 'rotate-key')
    expect(rotated.status, rotated.stderr).toBe(0)
    expect(rotated.stdout).toMatch(/^Rotated the signing key: [0-9a-f]{64} -> [0-9a-f]{64}\./)
    const after = readFileSync(path.join(dir, 'ledger-signing-key.pem'), 'utf8')
    expect(after).not.toBe(before)
    const retired = readdirSync(dir).filter((f) => f.endsWith('.retired.pem'))
    expect(retired).toHaveLength(1)
    expect(readFileSync(path.join(dir, retired[0] as string), 'utf8')).toBe(before)
    const { connect } = await import('../../db/connect')
    const db = connect({ kind: 'sqlite', file: path.join(dir, 'concord.sqlite') })
    try {
      forgetSigningKeys()
      const key = await checkSigningKey(db, { dataDir: dir, ledgerSigningKey: null }, (create) =>
        signingKey({ dataDir: dir, ledgerSigningKey: null }, { create }),
      )
      const report = await verifyLedger(db, { publicKey: key.publicKey, full: true })
      expect(report.ok, JSON.stringify(report)).toBe(true)
    } finally {
      await db.destroy()
    }
    expect(existsSync(path.join(dir, 'ledger-signing-key.pem'))).toBe(true)
  })
})
