/**
 * Witnesses (docs/ledger-spec.md §8): each party's witness, with its own key and state file,
 * talks to the real server over HTTP, verifies the newest checkpoint and a consistency proof from
 * what it saw, and cosigns; the server keeps only cosignatures that verify and serves them on the
 * checkpoint. A rollback and a split view are refused, and the state is left as it was. Then the
 * real `concord witness` command, for its exit codes.
 */
import { spawn } from 'node:child_process'
import { sign } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { serve } from '@hono/node-server'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeTransaction } from '../../db/connect'
import { createApp } from '../../server/app'
import { makeCheckpoint } from '../../server/audit/checkpoints'
import { signingKey } from '../../server/audit/keys'
import { appendRawEvent, SYSTEM_ACTOR } from '../../server/audit/ledger'
import { treeSize } from '../../server/audit/tree'
import { logVerifierKey, originOf } from '../../server/audit/tree-checkpoints'
import { addWitness } from '../../server/audit/witness'
import {
  httpTransport,
  readState,
  WitnessRefusal,
  witnessOnce,
} from '../../server/audit/witness-client'
import { recordWitnessRefusal } from '../../server/audit/witness-refusal'
import { verifyBundleLines } from '../../shared/audit-bundle'
import { DEPLOYMENT_LOG } from '../../shared/ledger-hash'
import { toHex } from '../../shared/merkle'
import {
  cosignatureSigner,
  formatCheckpoint,
  formatSignerKey,
  formatVerifierKey,
  generateSignerKey,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  signNote,
  verifyCheckpoint,
} from '../../shared/signed-note'
import { DEMO_PASSWORD, type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'

const ROOT = path.resolve(import.meta.dirname, '../..')

describe.each(DATABASE_KINDS)('witnesses over HTTP (%s)', { timeout: 120_000 }, (kind) => {
  let world: DemoWorld
  let dir: string
  let url: string
  let stop: () => Promise<void>
  const config = testConfig()
  const key = () => signingKey(config)
  const witnesses: Record<string, { skey: string; vkey: string; state: string; email: string }> = {}

  beforeAll(async () => {
    world = await demoWorld(kind)
    dir = mkdtempSync(path.join(tmpdir(), 'concord-witness-'))
    const app = createApp({ db: world.db, config, clientDir: path.join(dir, 'no-client') })
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    stop = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
    for (const party of ['honda', 'nissan']) {
      const k = await generateSignerKey(`witness.${party}.example`, SIGNATURE_TYPE_COSIGNATURE_V1)
      witnesses[party] = {
        skey: formatSignerKey(k),
        vkey: formatVerifierKey(k),
        state: path.join(dir, `${party}-state.json`),
        // A party admin hands in its witness's words (ADR 0035: auditors change nothing).
        email: `admin@${party}.example`,
      }
      const admin = await world.as(`admin@${party}.example`)
      await admin.audit.addWitness({
        partnershipId: world.partnershipId,
        vkey: formatVerifierKey(k),
      })
    }
    await makeCheckpoint(world.db, key(), SYSTEM_ACTOR, { reason: 'request' })
  })
  afterAll(async () => {
    await stop()
    await world.destroy()
    rmSync(dir, { recursive: true, force: true })
  })

  // The log key a party obtained apart from the server's answers: from the key itself.
  const logKey = () =>
    formatVerifierKey(
      logVerifierKey(originOf('concord.localhost', world.partnershipId), key().publicKey.spki),
    )

  async function run(party: string) {
    const w = witnesses[party] as (typeof witnesses)[string]
    return witnessOnce({
      transport: await httpTransport({
        url,
        partnershipId: world.partnershipId,
        email: w.email,
        password: DEMO_PASSWORD,
      }),
      log: 'partnership',
      logKey: logKey(),
      witnessKey: w.skey,
      stateFile: w.state,
    })
  }

  async function grow(count: number, options = { checkpoint: true }) {
    for (let i = 0; i < count; i++)
      await writeTransaction(world.db, (trx) =>
        appendRawEvent(trx, SYSTEM_ACTOR, {
          partnershipId: world.partnershipId,
          action: 'partnership.created',
          entityType: 'partnership',
          entityId: world.partnershipId,
          after: { step: i },
        }),
      )
    if (options.checkpoint)
      await makeCheckpoint(world.db, key(), SYSTEM_ACTOR, { reason: 'request' })
  }

  it('each party cosigns; the server serves the checkpoint with both cosignatures', async () => {
    const honda = await run('honda')
    expect(honda.from).toBe(0)
    const nissan = await run('nissan')
    expect(nissan.to).toBeGreaterThanOrEqual(honda.to)
    const caller = await world.as('member@honda.example')
    // Honda's cosignature was recorded in the ledger: the tree grew; cosign the newest again.
    await grow(2)
    const h2 = await run('honda')
    const n2 = await run('nissan')
    expect(h2.from).toBe(honda.to)
    expect(h2.to).toBe(n2.to)
    const { checkpoint, witnesses: registered } = await caller.audit.treeCheckpoint({
      partnershipId: world.partnershipId,
      size: h2.to,
    })
    expect(registered.map((w) => w.party).sort()).toEqual(['HONDA', 'NISSAN'])
    // The newest checkpoint both witnesses cosigned, and what came after it.
    const now = await caller.audit.treeCheckpoint({ partnershipId: world.partnershipId })
    expect(now.witnessed?.size).toBe(h2.to)
    expect(now.afterWitnessed).toBe(now.treeSize - h2.to)
    expect(now.afterWitnessed).toBeGreaterThan(0) // the cosignatures themselves are events
    const verified = await verifyCheckpoint(
      checkpoint?.note ?? '',
      parseVerifierKey(logKey()),
      [
        parseVerifierKey(witnesses.honda?.vkey ?? ''),
        parseVerifierKey(witnesses.nissan?.vkey ?? ''),
      ],
      originOf('concord.localhost', world.partnershipId),
    )
    expect(verified.cosignatures.map((c) => c.key.name).sort()).toEqual([
      'witness.honda.example',
      'witness.nissan.example',
    ])
    expect(readState(witnesses.honda?.state ?? '')?.size).toBe(h2.to)
  })

  it("exports a bundle whose signed tree roots and both witnesses' cosignatures verify offline", async () => {
    const lead = await world.as('lead@nissan.example')
    const { text } = await lead.audit.bundle({ partnershipId: world.partnershipId })
    const { header, report, treeCheckpoints, trees } = await verifyBundleLines(text.split('\n'))
    expect(report.ok, JSON.stringify(report)).toBe(true)
    expect(header.version).toBe(3)
    const ours = treeCheckpoints.filter((t) => t.log === world.partnershipId)
    expect(ours.length).toBeGreaterThan(0)
    const both = ours.filter((t) => t.cosignedBy.length === 2)
    expect(both.length).toBeGreaterThan(0)
    expect(both[0]?.cosignedBy.map((c) => c.party).sort()).toEqual(['HONDA', 'NISSAN'])
    const tree = trees.find((t) => t.log === world.partnershipId)
    expect(tree?.witnessedSize).toBe(Math.max(...both.map((t) => t.size)))
    // One bit of a witness's cosignature changed in the file: the bundle no longer verifies.
    const line = text
      .split('\n')
      .find((l) => l.includes('"tree-checkpoint"') && l.includes('witness.nissan'))
    if (!line) throw new Error('no cosigned tree checkpoint line')
    const note = JSON.parse(line).note as string
    const at = note.indexOf('witness.nissan.example ') + 'witness.nissan.example '.length + 10
    const flipped = `${note.slice(0, at)}${note[at] === 'A' ? 'B' : 'A'}${note.slice(at + 1)}`
    const tampered = text.replace(line, JSON.stringify({ ...JSON.parse(line), note: flipped }))
    const again = await verifyBundleLines(tampered.split('\n'))
    expect(again.report).toMatchObject({ ok: false, reason: 'bad_signature' })
  })

  it('keeps only cosignatures that verify, from registered witnesses', async () => {
    const caller = await world.as('admin@honda.example')
    const { checkpoint } = await caller.audit.treeCheckpoint({ partnershipId: world.partnershipId })
    const size = checkpoint?.size ?? 0
    const stranger = await generateSignerKey('witness.stranger', SIGNATURE_TYPE_COSIGNATURE_V1)
    const text = parseNote(checkpoint?.note ?? '').text
    const line = (await signNote(text, [cosignatureSigner(stranger)])).slice(text.length + 1)
    await expect(
      caller.audit.cosign({ partnershipId: world.partnershipId, size, cosignature: line }),
    ).rejects.toThrow(/not a witness registered/)
    // Honda's key over another size's text: refused.
    const honda = await parseSignerKey(witnesses.honda?.skey ?? '')
    const wrong = (
      await signNote(text.replace(`\n${size}\n`, `\n${size + 1}\n`), [cosignatureSigner(honda)])
    ).slice(text.length + 1)
    await expect(
      caller.audit.cosign({ partnershipId: world.partnershipId, size, cosignature: wrong }),
    ).rejects.toThrow(/does not verify/)
  })

  it('refuses a split view: a checkpoint whose tree does not extend what the witness cosigned', async () => {
    const before = readFileSync(witnesses.honda?.state ?? '', 'utf8')
    await grow(1)
    await grow(1, { checkpoint: false })
    // The operator's own key signs a head of another tree of this size: another history.
    const size = await treeSize(world.db, world.partnershipId)
    const origin = originOf('concord.localhost', world.partnershipId)
    const fakeRoot = new Uint8Array(32).fill(9)
    const vkey = parseVerifierKey(logKey())
    const note = await signNote(
      formatCheckpoint({ origin, size, rootHash: fakeRoot, extensions: [] }),
      [
        {
          name: origin,
          keyId: vkey.keyId,
          sign: async (t) => new Uint8Array(sign(null, t, key().privateKey)),
        },
      ],
    )
    await world.db
      .insertInto('ledger_tree_checkpoints')
      .values({
        log: world.partnershipId,
        size,
        root_hash: toHex(fakeRoot),
        note,
        key_id: vkey.keyId.toString(16).padStart(8, '0'),
        spki: key().publicKey.spki,
        made_at: new Date().toISOString(),
      })
      .execute()
    const refused = await run('honda').catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(WitnessRefusal)
    expect((refused as WitnessRefusal).kind).toBe('split_view')
    expect((refused as Error).message).toMatch(/^SPLIT VIEW/)
    expect(readFileSync(witnesses.honda?.state ?? '', 'utf8')).toBe(before)
    // The refusal is a signal Honda's people see (ADR 0035): recorded in the joint ledger, told to
    // Honda's leads, admins and auditors, to nobody of Nissan; each party sees the status.
    const status = await (await world.as('auditor@honda.example')).audit.witnessStatus({
      partnershipId: world.partnershipId,
    })
    const honda = status.find((w) => w.party === 'HONDA')
    expect(honda?.refusing).toBe(true)
    expect(honda?.lastRefusal).toMatchObject({ kind: 'split_view', size })
    expect(status.find((w) => w.party === 'NISSAN')?.refusing).toBe(false)
    const told = await world.db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.recipient_id')
      .select('u.email')
      .where('n.kind', '=', 'witness.refused')
      .execute()
    const emails = told.map((r) => r.email).sort()
    expect(emails).toContain('auditor@honda.example')
    expect(emails).toContain('lead@honda.example')
    expect(emails.filter((e) => !e.endsWith('@honda.example'))).toEqual([])
    // The same refusal again is not written again.
    const events = () =>
      world.db
        .selectFrom('ledger_events')
        .select('seq')
        .where('action', '=', 'checkpoint.witness_refused')
        .execute()
    const once = (await events()).length
    expect(once).toBe(1)
    await expect(run('honda')).rejects.toBeInstanceOf(WitnessRefusal)
    expect((await events()).length).toBe(once)
    await dropCheckpointsFrom(size)
  })

  /** What someone with the database in hand does: drop the guard, delete the newest checkpoints. */
  async function dropCheckpointsFrom(size: number) {
    const trigger =
      kind === 'postgres'
        ? sql`drop trigger if exists ledger_tree_checkpoints_append_only on ledger_tree_checkpoints`
        : sql`drop trigger if exists ledger_tree_checkpoints_no_delete`
    await trigger.execute(world.db)
    await world.db
      .deleteFrom('ledger_tree_checkpoints')
      .where('log', '=', world.partnershipId)
      .where('size', '>=', size)
      .execute()
  }

  it('refuses a rollback: a log showing fewer entries than the witness cosigned', async () => {
    const state = readState(witnesses.nissan?.state ?? '')
    if (!state) throw new Error('no state')
    await run('nissan')
    const now = readState(witnesses.nissan?.state ?? '')
    // A restored copy of yesterday's database: the newest checkpoints are gone.
    await dropCheckpointsFrom(state.size)
    const before = readFileSync(witnesses.nissan?.state ?? '', 'utf8')
    const refused = await run('nissan').catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(WitnessRefusal)
    expect((refused as WitnessRefusal).kind).toBe('rollback')
    expect((refused as Error).message).toContain(`cosigned ${now?.size} before`)
    expect(readFileSync(witnesses.nissan?.state ?? '', 'utf8')).toBe(before)
    const status = await (await world.as('lead@nissan.example')).audit.witnessStatus({
      partnershipId: world.partnershipId,
    })
    expect(status.find((w) => w.party === 'NISSAN')?.lastRefusal).toMatchObject({
      kind: 'rollback',
      witnessedSize: now?.size,
    })
    const nissanTold = await world.db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.recipient_id')
      .select(['u.email', 'n.payload'])
      .where('n.kind', '=', 'witness.refused')
      .where('u.email', 'like', '%@nissan.example')
      .execute()
    expect(nissanTold.length).toBeGreaterThan(0)
    expect(nissanTold.every((n) => JSON.parse(n.payload).reasonCode === 'rollback')).toBe(true)
  })

  it('runs as `concord witness`: exit 0 when it cosigns, 3 when it refuses', async () => {
    await makeCheckpoint(world.db, key(), SYSTEM_ACTOR, { reason: 'request' })
    const keyFile = path.join(dir, 'honda.key')
    const passwordFile = path.join(dir, 'password')
    const stateFile = path.join(dir, 'cli-state.json')
    writeFileSync(keyFile, `${witnesses.honda?.skey}\n`, { mode: 0o600 })
    writeFileSync(passwordFile, `${DEMO_PASSWORD}\n`, { mode: 0o600 })
    const args = [
      'witness',
      '--url',
      url,
      '--partnership',
      world.partnershipId,
      '--email',
      'admin@honda.example',
      '--password-file',
      passwordFile,
      '--key',
      keyFile,
      '--state',
      stateFile,
      '--log-key',
      logKey(),
    ]
    const cli = () =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        // Asynchronously: the server answering it runs in this process.
        const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
          cwd: ROOT,
        })
        let out = ''
        let err = ''
        child.stdout.on('data', (d) => {
          out += d
        })
        child.stderr.on('data', (d) => {
          err += d
        })
        child.on('exit', (code) => resolve({ code, out, err }))
      })
    const ok = await cli()
    expect(ok.code, ok.err).toBe(0)
    expect(ok.out).toMatch(/extends 0; cosigned and sent/)
    // Tamper with the witness's memory the way a rollback looks from its side.
    const state = JSON.parse(readFileSync(stateFile, 'utf8'))
    writeFileSync(stateFile, JSON.stringify({ ...state, size: state.size + 50 }))
    const refused = await cli()
    expect(refused.code).toBe(3)
    expect(refused.err).toMatch(/^REFUSED \(rollback\): ROLLBACK/)
  })

  it('a refusal of the deployment tree is told to the witness party’s people of every partnership, and the operator’s to every party', async () => {
    const toldOf = async (seq: number) =>
      (
        await world.db
          .selectFrom('notifications as n')
          .innerJoin('users as u', 'u.id', 'n.recipient_id')
          .select(['u.email', 'n.payload'])
          .where('n.kind', '=', 'witness.refused')
          .execute()
      )
        .filter((n) => JSON.parse(n.payload).text === `refusal ${seq}`)
        .map((n) => n.email)
        .sort()
    const register = async (party: string | null) => {
      const k = await generateSignerKey(
        `deployment-witness.${party ?? 'operator'}.example`,
        SIGNATURE_TYPE_COSIGNATURE_V1,
      )
      await addWitness(world.db, SYSTEM_ACTOR, {
        log: DEPLOYMENT_LOG,
        logName: 'deployment',
        vkey: formatVerifierKey(k),
        party,
      })
      return formatVerifierKey(k)
    }
    const refuse = (vkey: string, n: number) =>
      recordWitnessRefusal(world.db, SYSTEM_ACTOR, {
        log: DEPLOYMENT_LOG,
        logName: 'deployment',
        vkey,
        kind: 'rollback',
        size: 3,
        witnessedSize: 5 + n,
        message: `refusal ${n}`,
      })
    // Honda's witness of the whole deployment: Honda's leads, admins and auditors hear of it.
    const honda = await refuse(await register('HONDA'), 1)
    const hondaTold = await toldOf(1)
    expect(honda.told).toBe(hondaTold.length)
    expect(hondaTold).toEqual(
      expect.arrayContaining(['lead@honda.example', 'auditor@honda.example']),
    )
    expect(hondaTold.filter((e) => !e.endsWith('@honda.example'))).toEqual([])
    // The operator's own witness: every party's.
    await refuse(await register(null), 2)
    const everyone = await toldOf(2)
    expect(everyone).toEqual(
      expect.arrayContaining([
        'lead@honda.example',
        'lead@nissan.example',
        'auditor@nissan.example',
      ]),
    )
  })
})
