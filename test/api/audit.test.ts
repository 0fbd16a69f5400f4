import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkpointIfDue } from '../../server/audit/checkpoints'
import { signingKey } from '../../server/audit/keys'
import { viewerOf } from '../../server/audit/visibility'
import { loadSessionUser } from '../../server/domain/users'
import { appRouter } from '../../server/routers'
import { isOpaque } from '../../shared/ledger-hash'
import { type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import {
  addPrivateEvents,
  browserVerify,
  bundleText,
  bundleVerify,
  HONDA_SECRET,
  NISSAN_SECRET,
} from '../helpers/audit'
import { DATABASE_KINDS } from '../helpers/db'

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'OK'
  } catch (error) {
    return error instanceof TRPCError ? error.code : 'OTHER'
  }
}

async function viewerFor(world: DemoWorld, email: string) {
  const row = await world.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
  const user = await loadSessionUser(world.db, row.id)
  if (!user) throw new Error(`no user ${email}`)
  return viewerOf(user)
}

describe.each(DATABASE_KINDS)('audit (%s)', (kind) => {
  let world: DemoWorld
  let pid: string

  beforeAll(async () => {
    world = await demoWorld(kind)
    pid = world.partnershipId
    await addPrivateEvents(world)
  })
  afterAll(() => world.destroy())

  it('lets auditors and partnership leads verify, list and export; members only see timelines', async () => {
    const member = await world.as('member@honda.example')
    const admin = await world.as('admin@honda.example')
    for (const caller of [member, admin]) {
      expect(await codeOf(caller.audit.verify({ partnershipId: pid }))).toBe('FORBIDDEN')
      expect(await codeOf(caller.audit.list({ partnershipId: pid }))).toBe('FORBIDDEN')
      expect(await codeOf(caller.audit.export({ partnershipId: pid }))).toBe('FORBIDDEN')
    }
    expect(await codeOf(member.audit.createCheckpoint({ partnershipId: pid }))).toBe('FORBIDDEN')
    expect(await codeOf(member.audit.events({ partnershipId: pid }))).toBe('OK')
    expect(await codeOf(world.anonymous().audit.events({ partnershipId: pid }))).toBe(
      'UNAUTHORIZED',
    )
    const lead = await world.as('lead@nissan.example')
    const verdict = await lead.audit.verify({ partnershipId: pid })
    expect(verdict).toMatchObject({ ok: true })
    expect(verdict.summary).toMatch(/^Intact up to sequence \d+, head hash [0-9a-f]{64}/)
    // A partnership one holds no role in does not exist, as far as one can tell.
    expect(
      await codeOf(lead.audit.list({ partnershipId: '00000000-0000-4000-8000-000000000000' })),
    ).toBe('NOT_FOUND')
  })

  it('redacts party-private payloads for other parties and external auditors, and the views still verify', async () => {
    const honda = await world.as('auditor@honda.example')
    const nissan = await world.as('auditor@nissan.example')
    const external = await world.as('auditor@external-audit.example')
    const text = async (caller: typeof honda) =>
      JSON.stringify(await caller.audit.list({ partnershipId: pid, action: 'comment.added' }))
    expect(await text(honda)).toContain(HONDA_SECRET)
    expect(await text(honda)).not.toContain(NISSAN_SECRET)
    expect(await text(nissan)).toContain(NISSAN_SECRET)
    expect(await text(nissan)).not.toContain(HONDA_SECRET)
    const ext = await external.audit.list({ partnershipId: pid, action: 'comment.added' })
    expect(JSON.stringify(ext)).not.toMatch(/INTERNAL/)
    // Private events are not listed for those who may not read them: not even their timing.
    expect(ext.items.map((e) => e.visibility)).toEqual(['joint'])
    expect(ext.items[0]?.payload).toMatchObject({ after: { visibility: 'joint' } })
    // The view for verifying carries them opaque: position, tree and leaf hash, nothing more.
    const page = await external.audit.events({ partnershipId: pid, afterSeq: 0, limit: 1000 })
    const opaque = page.events.filter(isOpaque)
    expect(opaque.length).toBeGreaterThan(1)
    for (const e of opaque)
      expect(Object.keys(e).sort()).toEqual(['leafHash', 'log', 'opaque', 'seq', 'v'])
    // Every viewer's own page-by-page verification still holds.
    for (const caller of [honda, nissan, external])
      expect(await browserVerify(caller, pid)).toMatchObject({ ok: true })

    // The external auditor's bundle and exports: verifiable, and without either party's text.
    const bundle = await bundleText(
      world.db,
      await viewerFor(world, 'auditor@external-audit.example'),
    )
    expect(bundle).not.toContain('INTERNAL')
    expect(await bundleVerify(bundle)).toMatchObject({ ok: true })
    const viaApi = await external.audit.bundle({ partnershipId: pid })
    expect(viaApi.text).not.toContain('INTERNAL')
    expect(await bundleVerify(viaApi.text)).toMatchObject({ ok: true, headSeq: viaApi.headSeq })
    for (const format of ['jsonl', 'csv'] as const) {
      const out = await external.audit.export({ partnershipId: pid, format })
      expect(out.count).toBeGreaterThan(50)
      expect(out.text).not.toContain('INTERNAL')
    }
    const full = await bundleText(world.db)
    expect(full).toContain(HONDA_SECRET)
    expect(full).toContain(NISSAN_SECRET)
  })

  it('filters by entity, actor, party, action and time, newest or oldest first, in cursor pages', async () => {
    const auditor = await world.as('auditor@honda.example')
    const all = await auditor.audit.list({ partnershipId: pid, limit: 100, order: 'oldest' })
    const seqs = all.items.map((e) => e.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))

    const pages: number[] = []
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<typeof auditor.audit.list>> = await auditor.audit.list({
        partnershipId: pid,
        limit: 7,
        cursor,
      })
      pages.push(...page.items.map((e) => e.seq))
      cursor = page.nextCursor
    } while (cursor)
    expect(pages).toEqual([...pages].sort((a, b) => b - a))
    expect(new Set(pages).size).toBe(pages.length)

    const workstream = all.items.find((e) => e.action === 'workstream.created')
    if (!workstream) throw new Error('the demo creates workstreams')
    const history = await auditor.audit.list({
      partnershipId: pid,
      entityType: 'workstream',
      entityId: workstream.entityId,
      order: 'oldest',
    })
    expect(history.items[0]?.action).toBe('workstream.created')
    expect(history.items.every((e) => e.entityId === workstream.entityId)).toBe(true)
    expect(history.items[0]?.payload).toMatchObject({ before: null, after: { code: 'WS-BAT' } })

    // (Nissan's events here are all Nissan-private or Nissan's sign-ins: not listed for Honda.)
    expect((await auditor.audit.list({ partnershipId: pid, party: 'NISSAN' })).items).toEqual([])
    const byParty = await auditor.audit.list({ partnershipId: pid, party: 'HONDA' })
    expect(byParty.items.length).toBeGreaterThan(0)
    expect(byParty.items.every((e) => e.actorParty === 'HONDA')).toBe(true)
    const bySystem = await auditor.audit.list({ partnershipId: pid, party: 'none', limit: 5 })
    expect(bySystem.items.every((e) => e.actorParty === null)).toBe(true)

    const nissanMember = byParty.items[0]?.actorId as string
    const byActor = await auditor.audit.list({ partnershipId: pid, actorId: nissanMember })
    expect(byActor.items.every((e) => e.actorId === nissanMember)).toBe(true)
    expect(byActor.items[0]?.actorName).toBeTruthy()

    const last = all.items.at(-1)
    const future = await auditor.audit.list({
      partnershipId: pid,
      from: new Date(Date.now() + 86_400_000).toISOString(),
    })
    expect(future.items).toEqual([])
    const upTo = await auditor.audit.list({ partnershipId: pid, to: '2000-01-01T00:00:00Z' })
    expect(upTo.items).toEqual([])
    expect(last).toBeTruthy()

    expect(await codeOf(auditor.audit.list({ partnershipId: pid, entityId: 'x' }))).toBe(
      'BAD_REQUEST',
    )
    expect(await codeOf(auditor.audit.list({ partnershipId: pid, from: 'yesterday' }))).toBe(
      'BAD_REQUEST',
    )
    expect(await codeOf(auditor.audit.list({ partnershipId: pid, cursor: 'garbage' }))).toBe(
      'BAD_REQUEST',
    )

    const csv = await auditor.audit.export({
      partnershipId: pid,
      action: 'workstream.created',
      format: 'csv',
    })
    const rows = csv.text.trim().split('\r\n')
    expect(rows[0]).toMatch(/^seq,ts,partnership_id,actor_id,actor_name,/)
    expect(rows.length - 1).toBe(csv.count)
    const jsonl = await auditor.audit.export({ partnershipId: pid, action: 'workstream.created' })
    const events = jsonl.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string })
    expect(events.length).toBe(csv.count)
    expect(events.every((e) => e.action === 'workstream.created')).toBe(true)
  })

  it('gives every member a timeline of any entity, without the other party’s private steps', async () => {
    const member = await world.as('member@nissan.example')
    const comments = await (await world.as('auditor@honda.example')).audit.list({
      partnershipId: pid,
      action: 'comment.added',
    })
    const proposalId = comments.items[0]?.entityId as string
    const tl = await member.audit.timeline({
      partnershipId: pid,
      entityType: 'proposal',
      entityId: proposalId,
    })
    // Honda's internal comment is left out altogether: not even its timing shows to Nissan.
    expect(tl.items.map((e) => e.visibility)).toEqual(['party:NISSAN', 'joint'])
    expect(tl.items.map((e) => e.redacted)).toEqual([false, false])
    expect(JSON.stringify(tl)).not.toContain(HONDA_SECRET)
    // Honda's own people see it in the same timeline.
    const honda = await (await world.as('member@honda.example')).audit.timeline({
      partnershipId: pid,
      entityType: 'proposal',
      entityId: proposalId,
    })
    expect(honda.items.map((e) => e.visibility)).toEqual(['party:HONDA', 'joint'])
    const user = await member.audit.timeline({
      partnershipId: pid,
      entityType: 'user',
      entityId: comments.items[0]?.actorId as string,
    })
    expect(user.items.map((e) => e.action)).toContain('membership.roles_set')
  })

  it('signs checkpoints on request (of a lead or admin) and on schedule; an auditor checks a saved one later', async () => {
    const auditor = await world.as('auditor@external-audit.example')
    const lead = await world.as('lead@nissan.example')
    const { checkpoint, publicKey } = await lead.audit.createCheckpoint({ partnershipId: pid })
    expect(publicKey.keyId).toBe(checkpoint.keyId)
    const saved = JSON.parse(JSON.stringify(checkpoint)) // what a party keeps

    // More happens; the scheduler signs another once enough events came.
    await addPrivateEvents(world)
    const key = signingKey(testConfig())
    expect(await checkpointIfDue(world.db, key, 1000)).toBeNull()
    const scheduled = await checkpointIfDue(world.db, key, 3)
    expect(scheduled).toMatchObject({ number: checkpoint.number + 1 })
    expect(scheduled?.prevCheckpointHash).toBe(checkpoint.hash)
    expect(await checkpointIfDue(world.db, key, 3)).toBeNull()

    const held = await auditor.audit.verifyCheckpoint({ partnershipId: pid, checkpoint: saved })
    expect(held).toMatchObject({ holds: true, signatureValid: true, onChain: true })
    const forged = await auditor.audit.verifyCheckpoint({
      partnershipId: pid,
      checkpoint: { ...saved, headHash: 'f'.repeat(64) },
    })
    expect(forged).toMatchObject({ holds: false, signatureValid: false })
    const { checkpoints } = await (await world.as('member@honda.example')).audit.checkpoints({
      partnershipId: pid,
    })
    expect(checkpoints.map((c) => c.number)).toEqual(checkpoints.map((_, i) => i + 1))
    const verdict = await auditor.audit.verify({ partnershipId: pid, checkpoint: saved })
    expect(verdict).toMatchObject({ ok: true, checkpoints: checkpoints.length })
  })

  it('refuses a checkpoint on request to auditors, saying auditors change nothing', async () => {
    const admin = await world.as('admin@honda.example')
    const made = await admin.audit.createCheckpoint({ partnershipId: pid })
    expect(made.checkpoint.number).toBeGreaterThan(0)
    for (const email of ['auditor@honda.example', 'auditor@external-audit.example']) {
      const auditor = await world.as(email)
      const refusal = await auditor.audit.createCheckpoint({ partnershipId: pid }).then(
        () => null,
        (e: unknown) => e as TRPCError,
      )
      expect(refusal?.code).toBe('FORBIDDEN')
      expect(refusal?.message).toMatch(
        /^Auditors read and verify the record; they change nothing\./,
      )
      // What a client shows comes from the rule (server/trpc.ts's formatter hands it out).
      expect((refusal?.cause as { rule?: unknown } | undefined)?.rule).toEqual({
        name: 'auditorsChangeNothing',
      })
      // What they need, read-only: the newest checkpoint and how far the ledger has moved since.
      const { checkpoints, headSeq } = await auditor.audit.checkpoints({ partnershipId: pid })
      expect(checkpoints.at(-1)?.number).toBe(made.checkpoint.number)
      expect(headSeq).toBeGreaterThanOrEqual(made.checkpoint.seq)
    }
  })

  it('offers auditors no way to change anything', async () => {
    const auditor = await world.as('auditor@nissan.example')
    const before = await world.db
      .selectFrom('ledger_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('action', 'not like', 'security.%')
      .executeTakeFirstOrThrow()
    const mutations = Object.entries(appRouter._def.procedures as Record<string, unknown>)
      .filter(([, p]) => (p as { _def: { type: string } })._def.type === 'mutation')
      .map(([name]) => name)
      // Their own account, their own notifications (read marks, follows, email settings) and
      // their own calendar feed address are theirs to change; nothing of the partnership's is.
      .filter(
        (name) =>
          !name.startsWith('auth.') &&
          !name.startsWith('notification.') &&
          !name.startsWith('calendarFeed.'),
      )
    expect(mutations.length).toBeGreaterThan(3)
    const someId = '00000000-0000-4000-8000-000000000000'
    for (const name of mutations) {
      const [ns, proc] = name.split('.') as [string, string]
      const call = (
        auditor as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>
      )[ns]?.[proc]
      if (!call) throw new Error(`no procedure ${name}`)
      const code = await codeOf(
        call({ partnershipId: pid, proposalId: someId, userId: someId, workstreamId: someId }),
      )
      expect([name, code]).not.toEqual([name, 'OK'])
    }
    const after = await world.db
      .selectFrom('ledger_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('action', 'not like', 'security.%')
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
    // The router has no procedure that could update or delete a ledger row.
    expect(
      Object.keys(appRouter._def.procedures)
        .filter((n) => n.startsWith('audit.'))
        .sort(),
    ).toEqual([
      'audit.addWitness',
      'audit.bundle',
      'audit.checkpoints',
      'audit.consistency',
      'audit.cosign',
      'audit.createCheckpoint',
      'audit.events',
      'audit.export',
      'audit.list',
      'audit.prove',
      'audit.timeline',
      'audit.treeCheckpoint',
      'audit.verify',
      'audit.verifyCheckpoint',
      'audit.witnessRefused',
      'audit.witnessStatus',
    ])
  })
})
