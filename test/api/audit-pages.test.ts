/**
 * The audit ledger's pages (audit.list): keyset pages both ways with their position and count,
 * standing still while events are appended, filters kept, private events redacted per party, and
 * the ids on a page named by code and name for the viewer (server/audit/references.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { addPrivateEvents, HONDA_SECRET, NISSAN_SECRET } from '../helpers/audit'
import { DATABASE_KINDS } from '../helpers/db'
import { demoIndex, proposalInState } from '../helpers/workflow'

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

describe.each(DATABASE_KINDS)('audit ledger pages (%s)', (kind) => {
  let world: DemoWorld
  let pid: string
  let decidedId: string

  beforeAll(async () => {
    world = await demoWorld(kind)
    pid = world.partnershipId
    const ix = await demoIndex(world)
    const approved = await proposalInState(world, ix, 'approved', {
      author: 'member@honda.example',
      reviewers: ['engineer@nissan.example', 'engineer@honda.example'],
      charterItems: ['AREA-2', 'OBJ-1'],
      workstream: 'WS-BAT',
    })
    decidedId = approved.id
    await addPrivateEvents(world)
  })
  afterAll(() => world.destroy())

  it('pages newer and older by sequence, says where each page stands, and stands still while events are appended', async () => {
    const auditor = await world.as('auditor@honda.example')
    const first = await auditor.audit.list({ partnershipId: pid, limit: 10 })
    expect(first.offset).toBe(0)
    expect(first.prevCursor).toBeNull()
    expect(first.total).toBeGreaterThan(30)
    const total = first.total as number
    expect(first.upToSeq).toBe(first.items[0]?.seq)

    // Walk every page older, then every page back newer.
    const pages = [first]
    while (pages.at(-1)?.nextCursor) {
      const last = pages.at(-1) as typeof first
      pages.push(
        await auditor.audit.list({ partnershipId: pid, limit: 10, cursor: last.nextCursor }),
      )
      if (pages.length === 2) {
        // Events appended meanwhile change nothing of the pages read from this first one.
        await addPrivateEvents(world)
      }
    }
    const seqs = pages.flatMap((p) => p.items.map((e) => e.seq))
    expect(seqs).toHaveLength(total)
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a))
    expect(new Set(seqs).size).toBe(total)
    pages.forEach((p, i) => {
      expect(p.offset).toBe(i * 10)
      expect(p.total).toBe(total)
    })
    let back = pages.at(-1) as typeof first
    for (let i = pages.length - 2; i >= 0; i--) {
      back = await auditor.audit.list({ partnershipId: pid, limit: 10, cursor: back.prevCursor })
      expect(back.items.map((e) => e.seq)).toEqual(pages[i]?.items.map((e) => e.seq))
      expect(back.offset).toBe(i * 10)
    }
    expect(back.prevCursor).toBeNull()

    // A new first page sees what was appended.
    const fresh = await auditor.audit.list({ partnershipId: pid, limit: 10 })
    expect(fresh.total).toBeGreaterThan(total)
    expect(fresh.items[0]?.seq).toBeGreaterThan(first.items[0]?.seq as number)

    // Oldest first, the same both ways.
    const oldest = await auditor.audit.list({ partnershipId: pid, limit: 5, order: 'oldest' })
    const second = await auditor.audit.list({
      partnershipId: pid,
      limit: 5,
      order: 'oldest',
      cursor: oldest.nextCursor,
    })
    expect(second.items[0]?.seq).toBeGreaterThan(oldest.items.at(-1)?.seq as number)
    const again = await auditor.audit.list({
      partnershipId: pid,
      limit: 5,
      order: 'oldest',
      cursor: second.prevCursor,
    })
    expect(again.items.map((e) => e.seq)).toEqual(oldest.items.map((e) => e.seq))

    // A cursor the list did not give out is refused with the field named.
    // Numbers that are not whole or do not fit the sequence column too (PostgreSQL's int4 would
    // fail on them with a 500), in the ledger's pages and in an entity's timeline.
    const cursorOf = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url')
    for (const key of [
      ['sideways', 1, 0, 1, 1],
      ['next', 1.5, 0, 1, 1],
      ['next', 1, 0, 1, 1e20],
      ['prev', 3_000_000_000, 0, 1, 1],
    ])
      await expect(
        auditor.audit.list({ partnershipId: pid, cursor: cursorOf(key) }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    for (const key of [[2.5], [1e20]])
      await expect(
        auditor.audit.timeline({
          partnershipId: pid,
          entityType: 'proposal',
          entityId: decidedId,
          cursor: cursorOf(key),
        }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('keeps the filters across pages and counts only what matches', async () => {
    const auditor = await world.as('auditor@nissan.example')
    const all = await auditor.audit.list({ partnershipId: pid, party: 'NISSAN', limit: 100 })
    const first = await auditor.audit.list({ partnershipId: pid, party: 'NISSAN', limit: 3 })
    expect(first.total).toBe(all.items.length)
    const second = await auditor.audit.list({
      partnershipId: pid,
      party: 'NISSAN',
      limit: 3,
      cursor: first.nextCursor,
    })
    expect(second.items.every((e) => e.actorParty === 'NISSAN')).toBe(true)
    expect([...first.items, ...second.items].map((e) => e.seq)).toEqual(
      all.items.slice(0, 6).map((e) => e.seq),
    )
    const byCode = await auditor.audit.list({ partnershipId: pid, entityId: 'D-1' })
    expect(byCode.total).toBe(byCode.items.length)
    expect(byCode.items.map((e) => e.action)).toContain('decision.issued')
  })

  it('names ids by code and name, hides each party’s private content from the other and from external auditors', async () => {
    const views = {
      honda: await (await world.as('auditor@honda.example')).audit.list({
        partnershipId: pid,
        limit: 100,
      }),
      nissan: await (await world.as('auditor@nissan.example')).audit.list({
        partnershipId: pid,
        limit: 100,
      }),
      external: await (await world.as('auditor@external-audit.example')).audit.list({
        partnershipId: pid,
        limit: 100,
      }),
    }
    const text = (v: unknown) => JSON.stringify(v)
    expect(text(views.honda)).toContain(HONDA_SECRET)
    expect(text(views.honda)).not.toContain(NISSAN_SECRET)
    expect(text(views.nissan)).toContain(NISSAN_SECRET)
    expect(text(views.nissan)).not.toContain(HONDA_SECRET)
    expect(text(views.external)).not.toMatch(/INTERNAL/)
    for (const e of views.external.items.filter((e) => e.visibility !== 'joint'))
      expect(e.redacted).toBe(true)

    // The decision's event: its entity D-n, its proposal P-n, its charter items and workstream.
    const issued = views.external.items.find((e) => e.action === 'decision.issued')
    if (!issued) throw new Error('a decision was issued')
    const refs = views.external.refs
    expect(refs[issued.entityId]).toMatchObject({ kind: 'decision', label: 'D-1' })
    const after = (issued.payload as { after: Record<string, unknown> }).after
    expect(refs[after.proposalId as string]).toMatchObject({ kind: 'proposal' })
    expect(refs[after.proposalId as string]?.label).toMatch(/^P-\d+$/)
    expect((after.charterItemIds as string[]).map((id) => refs[id]?.label).sort()).toEqual([
      'AREA-2',
      'OBJ-1',
    ])
    expect(refs[after.workstreamId as string]).toMatchObject({ label: 'WS-BAT' })
    // People by name and party, never their address.
    expect(refs[issued.actorId as string]).toMatchObject({ kind: 'user' })
    expect(refs[issued.actorId as string]?.party).toMatch(/^(HONDA|NISSAN)$/)
    expect(text(refs)).not.toMatch(/@/)
    expect(Object.values(refs).every((r) => !UUID.test(r.label))).toBe(true)

    // A party's draft is named only for that party: HONDA-DRAFT-n for Honda, nothing for others.
    const honda = await world.as('member@honda.example')
    const draft = await honda.proposal.create({
      partnershipId: pid,
      type: 'decision',
      content: { title: 'Draft only Honda sees' },
    })
    const viewOf = async (email: string) =>
      (await world.as(email)).audit.list({
        partnershipId: pid,
        entityId: draft.id,
        entityType: 'proposal',
      })
    const hondaView = await viewOf('auditor@honda.example')
    expect(hondaView.items).toHaveLength(1)
    expect(hondaView.refs[draft.id]?.label).toMatch(/^HONDA-DRAFT-\d+$/)
    for (const email of ['auditor@nissan.example', 'auditor@external-audit.example']) {
      // Another party's private event is not listed at all, nor counted (ADR 0024): no trace.
      const other = await viewOf(email)
      expect(other.items).toEqual([])
      expect(other.total).toBe(0)
      expect(other.refs[draft.id]).toBeUndefined()
      expect(text(other)).not.toContain('Draft only Honda sees')
    }
    expect(decidedId).toBeTruthy()
  })

  it('pages and counts by the same rule as visibility.ts: the SQL form lists exactly what the export (JS rule) does', async () => {
    for (const email of [
      'auditor@honda.example',
      'auditor@nissan.example',
      'auditor@external-audit.example',
      'lead@nissan.example',
      'lead@honda.example',
    ]) {
      const client = await world.as(email)
      const paged: number[] = []
      let page = await client.audit.list({ partnershipId: pid, limit: 100, order: 'oldest' })
      expect(page.total).not.toBeNull()
      for (;;) {
        paged.push(...page.items.map((e) => e.seq))
        if (!page.nextCursor) break
        page = await client.audit.list({
          partnershipId: pid,
          limit: 100,
          order: 'oldest',
          cursor: page.nextCursor,
        })
      }
      const exported = await client.audit.export({ partnershipId: pid, format: 'jsonl' })
      const readable = exported.text
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { seq: number }).seq)
        .filter((seq) => seq <= page.upToSeq)
        .sort((a, b) => a - b)
      expect(paged, email).toEqual(readable)
      expect(page.total, email).toBe(readable.length)
    }
  })
})
