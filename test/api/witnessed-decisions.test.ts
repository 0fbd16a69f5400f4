/**
 * Witnessed decisions (issue 12): the demo's in-process witnesses (one per party, each with its
 * own key and state, running the `concord witness` round) cosign a checkpoint right after a
 * decision is issued; `decision.finality` then says "witnessed by Honda and Nissan", and before
 * that, whom it waits on. The decision's certificate verifies with the shared verifier, as each
 * viewer may see it (the other party's private drafting only as leaf hashes), and any change to
 * a field, a proof or a signature is rejected. A split view (the two witnesses shown different
 * trees) is refused by at least one witness, loudly.
 */

import { spawn } from 'node:child_process'
import { sign } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  demoWitnessRound,
  inProcessTransport,
  setUpDemoWitnesses,
} from '../../server/audit/demo-witnesses'
import { signingKey } from '../../server/audit/keys'
import { treeSize } from '../../server/audit/tree'
import { logVerifierKey, originOf } from '../../server/audit/tree-checkpoints'
import { WitnessRefusal, witnessOnce } from '../../server/audit/witness-client'
import { verifyCertificate } from '../../shared/decision-certificate'
import { formatCheckpoint, formatVerifierKey, signNote } from '../../shared/signed-note'
import { type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import { type DemoIndex, demoIndex, proposalInState } from '../helpers/workflow'

const REVIEWERS = ['engineer@honda.example', 'engineer@nissan.example']
const ROOT = path.resolve(import.meta.dirname, '../..')

function cli(args: string[]) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
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
}

describe.each(DATABASE_KINDS)('witnessed decisions (%s)', { timeout: 120_000 }, (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let dir: string
  const config = testConfig()
  const key = () => signingKey(config)
  let witnesses: Awaited<ReturnType<typeof setUpDemoWitnesses>>
  let decisionId: string

  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
    dir = mkdtempSync(path.join(tmpdir(), 'concord-demo-witness-'))
    witnesses = await setUpDemoWitnesses(world.db, key(), dir)
    // Honda drafts privately first (its draft steps are Honda's own), then the proposal goes
    // through to a decision.
    const made = await proposalInState(world, ix, 'approved', {
      author: 'member@honda.example',
      title: 'Joint LFP cell tender',
      reviewers: REVIEWERS,
    })
    const got = await (await world.as('member@honda.example')).proposal.get({
      proposalId: made.id,
    })
    if (!got.decision) throw new Error('no decision issued')
    decisionId = got.decision.id
  })
  afterAll(async () => {
    await world.destroy()
    rmSync(dir, { recursive: true, force: true })
  })

  it('each party has its own witness key and state; both are registered', async () => {
    expect(witnesses.map((w) => w.party).sort()).toEqual(['HONDA', 'NISSAN'])
    const caller = await world.as('member@nissan.example')
    const { witnesses: registered } = await caller.audit.treeCheckpoint({
      partnershipId: world.partnershipId,
    })
    expect(registered.map((w) => w.party).sort()).toEqual(['HONDA', 'NISSAN'])
    // Set up again (a restart): the same keys, nothing registered twice.
    const again = await setUpDemoWitnesses(world.db, key(), dir)
    expect(again.map((w) => w.skey)).toEqual(witnesses.map((w) => w.skey))
  })

  it('a decision waits on the witnesses, then is witnessed by Honda and Nissan', async () => {
    const caller = await world.as('member@nissan.example')
    const before = await caller.decision.finality({ decisionId })
    expect(before.witnessed).toBeNull()
    expect(before.waitingOn).toEqual(['HONDA', 'NISSAN'])
    expect(before.event?.seq).toBeGreaterThan(0)
    await expect(caller.decision.certificate({ decisionId })).rejects.toThrow(/not final yet/)

    const round = await demoWitnessRound(world.db, key(), witnesses)
    expect(round.checkpointed).toBe(true)
    expect(round.refused).toEqual([])
    expect(round.cosigned.map((c) => c.party).sort()).toEqual(['HONDA', 'NISSAN'])
    const after = await caller.decision.finality({ decisionId })
    expect(after.waitingOn).toEqual([])
    expect(after.witnessed?.parties).toEqual(['HONDA', 'NISSAN'])
    expect(after.witnessed?.size).toBeGreaterThan(after.event?.leafIndex ?? Infinity)
    // Nothing new for the witnesses: the next round does nothing (their own events do not count).
    const idle = await demoWitnessRound(world.db, key(), witnesses, { force: true })
    expect(idle).toEqual({ checkpointed: false, cosigned: [], refused: [] })
  })

  it('the certificate verifies for each viewer and holds nothing of the other party’s drafting', async () => {
    for (const email of [
      'member@honda.example',
      'member@nissan.example',
      'auditor@nissan.example',
    ]) {
      const caller = await world.as(email)
      const file = await caller.decision.certificate({ decisionId })
      expect(file.filename).toMatch(/^D-\d+-certificate\.json$/)
      const verdict = await verifyCertificate(file.text)
      expect(verdict, email).toMatchObject({ ok: true })
      if (!verdict.ok) continue
      expect(verdict.witnessedBy.map((w) => w.party).sort()).toEqual(['HONDA', 'NISSAN'])
      expect(verdict.signoffs).toBe(2)
      const cert = JSON.parse(file.text)
      // Honda's own draft steps are in Honda's certificate; Nissan's and the auditor's hold no
      // trace of them, not even a sealed leaf (its count and place would tell of Honda's drafting).
      expect(cert.entries.filter((e: object) => 'leafHash' in e)).toHaveLength(0)
      const hondaPrivate = cert.entries.filter(
        (e: { entry?: { visibility: string } }) => e.entry?.visibility === 'party:HONDA',
      )
      if (email.endsWith('@honda.example')) expect(hondaPrivate.length).toBeGreaterThan(0)
      else expect(hondaPrivate).toHaveLength(0)
      // Pinned keys: the witnesses' own vkeys are accepted, a stranger's is not.
      const pins = cert.checkpoint.witnesses.map((w: { vkey: string }) => w.vkey)
      expect((await verifyCertificate(file.text, { witnessKeys: pins })).ok).toBe(true)
      const logKey = formatVerifierKey(
        logVerifierKey(originOf('concord.localhost', world.partnershipId), key().publicKey.spki),
      )
      expect((await verifyCertificate(file.text, { logKeys: [logKey] })).ok).toBe(true)
      expect(await verifyCertificate(file.text, { logKeys: ['x+00000000+AAAA'] })).toMatchObject({
        ok: false,
        problem: 'untrusted_key',
      })
    }
  })

  it('rejects any change to a field, a proof or a signature, and any member added or doubled', async () => {
    const caller = await world.as('member@nissan.example')
    const { text } = await caller.decision.certificate({ decisionId })
    const original = JSON.parse(text)
    const paths: (string | number)[][] = []
    const walk = (value: unknown, at: (string | number)[]) => {
      if (value !== null && typeof value === 'object')
        for (const [k, v] of Object.entries(value))
          walk(v, [...at, Array.isArray(value) ? Number(k) : k])
      else paths.push(at)
    }
    walk(original, [])
    const accepted: string[] = []
    const tampered = async (label: string, copy: unknown) => {
      const verdict = await verifyCertificate(JSON.stringify(copy, null, 2))
      if (verdict.ok) accepted.push(label)
    }
    for (const at of paths) {
      const copy = structuredClone(original)
      let parent = copy
      for (const k of at.slice(0, -1)) parent = parent[k]
      const last = at[at.length - 1] as string | number
      const v = parent[last]
      parent[last] =
        typeof v === 'string'
          ? v.length > 0 && v !== v.toUpperCase()
            ? v.toUpperCase()
            : `${v}x`
          : typeof v === 'number'
            ? v + 1
            : typeof v === 'boolean'
              ? !v
              : 'x'
      await tampered(at.join('.'), copy)
    }
    // Members no hash covers, anywhere.
    for (const where of [[], ['decision'], ['revision'], ['entries', 0], ['checkpoint']]) {
      const copy = structuredClone(original)
      let target = copy
      for (const k of where) target = target[k]
      target.note = 'unhashed'
      target.redacted = true
      await tampered(`+${where.join('.')}`, copy)
    }
    // A member twice, the forged value first (JSON.parse would keep the last).
    const doubled = text.replace('"code": "', '"code": "D-999", "code": "')
    expect((await verifyCertificate(doubled)).ok).toBe(false)
    // A witness's cosignature taken away; the log's signature changed.
    const lines = original.checkpoint.note.split('\n')
    const dropped = structuredClone(original)
    dropped.checkpoint.note = `${lines.slice(0, -2).join('\n')}\n`
    await tampered('-cosignature', dropped)
    const resigned = structuredClone(original)
    const sigLine = lines.findIndex((l: string) => l.startsWith('— '))
    const bytes = Buffer.from(lines[sigLine].split(' ')[2], 'base64')
    bytes[10] = (bytes[10] ?? 0) ^ 1
    resigned.checkpoint.note = lines
      .map((l: string, i: number) =>
        i === sigLine ? `${l.split(' ').slice(0, 2).join(' ')} ${bytes.toString('base64')}` : l,
      )
      .join('\n')
    await tampered('log-signature', resigned)
    // A sign-off left out.
    const fewer = structuredClone(original)
    fewer.signoffs.pop()
    await tampered('-signoff', fewer)
    expect(paths.length).toBeGreaterThan(100)
    expect(accepted).toEqual([])
    // The command line agrees: exit 0 for the certificate, 1 for a tampered one.
    const file = path.join(dir, 'certificate.json')
    writeFileSync(file, text)
    const ok = await cli(['audit', 'certificate', 'verify', file])
    expect(ok.code, ok.err).toBe(0)
    expect(ok.out).toMatch(/witnessed by HONDA and NISSAN/)
    writeFileSync(file, doubled)
    const bad = await cli(['audit', 'certificate', 'verify', file])
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/does NOT verify \(malformed\)/)
  })

  it('refuses a split view: the two witnesses are shown different trees; one refuses', async () => {
    // Both have cosigned the same tree so far. The server now grows the log, signs a checkpoint
    // and shows Honda the real tree but Nissan another tree of the same size.
    await proposalInState(world, ix, 'approved', {
      author: 'member@nissan.example',
      title: 'Shared charging standard',
      reviewers: REVIEWERS,
    })
    const origin = originOf('concord.localhost', world.partnershipId)
    const k = key()
    const vkey = logVerifierKey(origin, k.publicKey.spki)
    const round = await demoWitnessRound(
      world.db,
      k,
      witnesses.filter((w) => w.party === 'HONDA'),
    )
    expect(round.cosigned.map((c) => c.party)).toEqual(['HONDA'])
    const size = await treeSize(world.db, world.partnershipId)
    const forged = await signNote(
      formatCheckpoint({ origin, size, rootHash: new Uint8Array(32).fill(7), extensions: [] }),
      [
        {
          name: origin,
          keyId: vkey.keyId,
          sign: async (t) => new Uint8Array(sign(null, t, k.privateKey)),
        },
      ],
    )
    const nissan = witnesses.find((w) => w.party === 'NISSAN')
    if (!nissan) throw new Error('no Nissan witness')
    const stateBefore = readFileSync(nissan.stateFile, 'utf8')
    const honest = inProcessTransport(world.db, k, world.partnershipId, {
      userId: null,
      partyCode: 'NISSAN',
    })
    const refused = await witnessOnce({
      transport: {
        ...honest,
        treeCheckpoint: async () => ({ checkpoint: { note: forged, size } }),
      },
      log: 'partnership',
      logKey: formatVerifierKey(vkey),
      witnessKey: nissan.skey,
      stateFile: nissan.stateFile,
    }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(WitnessRefusal)
    expect((refused as WitnessRefusal).kind).toBe('split_view')
    expect((refused as Error).message).toMatch(
      /^SPLIT VIEW: the log's tree of \d+ entries does not extend/,
    )
    // Its state is untouched: it still holds the tree it cosigned.
    expect(readFileSync(nissan.stateFile, 'utf8')).toBe(stateBefore)
    // The second decision waits on Nissan's witness.
    const caller = await world.as('member@honda.example')
    const list = await caller.decision.list({ partnershipId: world.partnershipId, limit: 1 })
    const second = list.items[0]
    if (!second) throw new Error('no second decision')
    const finality = await caller.decision.finality({ decisionId: second.id })
    expect(finality.witnessed).toBeNull()
    expect(finality.waitingOn).toEqual(['NISSAN'])
  })
})
