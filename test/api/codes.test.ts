/**
 * Codes people use (P-12, D-7, HONDA-DRAFT-3, CON-1, WS-BAT) resolve to what they name through
 * code.resolve, for the person asking only (issue 15): a draft's party handle never resolves for
 * the other party, and a code that names nothing answers NOT_FOUND with a sentence, on SQLite
 * and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCode, proposalCode } from '../../shared/codes'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  type DemoIndex,
  demoIndex,
  fileProposal,
  proposalInState,
  refusal,
  withCachedCallers,
} from '../helpers/workflow'

const REVIEWERS = ['battery.lead@honda.example', 'battery.lead@nissan.example']

describe('parseCode', () => {
  it('reads every kind of code in any case, and nothing else', () => {
    expect(parseCode(' p-12 ')).toEqual({ kind: 'proposal', code: 'P-12', number: 12 })
    expect(parseCode('D-7')).toEqual({ kind: 'decision', code: 'D-7', number: 7 })
    expect(parseCode('honda-draft-3')).toEqual({
      kind: 'draft',
      code: 'HONDA-DRAFT-3',
      party: 'HONDA',
      draftNumber: 3,
    })
    expect(parseCode('con-1')).toEqual({ kind: 'item', code: 'CON-1' })
    expect(parseCode('WS-BAT')).toEqual({ kind: 'item', code: 'WS-BAT' })
    for (const text of ['tender', 'P-', 'P-1 x', '', '0d9e8f7a-1b2c-4d3e-8f9a-0b1c2d3e4f5a']) {
      expect(parseCode(text), text).toBeNull()
    }
  })

  it('reads back what the formatter writes', () => {
    for (const p of [
      { number: 12 },
      { number: null, draft_number: 4, author_party: 'NISSAN' },
    ] as const) {
      expect(parseCode(proposalCode(p))?.code).toBe(proposalCode(p))
    }
  })
})

describe.each(DATABASE_KINDS)('code.resolve (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let approved: { id: string; code: string }
  let draft: { id: string; code: string }

  const resolve = async (email: string, code: string) =>
    (await world.as(email)).code.resolve({ partnershipId: world.partnershipId, code })

  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
    const made = await proposalInState(world, ix, 'approved', {
      author: 'member@honda.example',
      title: 'Joint tender for LFP cells',
      reviewers: REVIEWERS,
    })
    const view = await (await world.as('member@honda.example')).proposal.get({
      proposalId: made.id,
    })
    approved = { id: made.id, code: view.code }
    const filed = await fileProposal(world, ix, 'member@honda.example', {
      title: 'Walk-away price, never submitted',
      reviewers: REVIEWERS,
    })
    const draftView = await filed.caller.proposal.get({ proposalId: filed.id })
    draft = { id: filed.id, code: draftView.code }
  }, 60_000)
  afterAll(() => world?.destroy())

  it('resolves a proposal, a decision, a charter item and a workstream by code', async () => {
    expect(approved.code).toMatch(/^P-\d+$/)
    expect(await resolve('member@nissan.example', approved.code.toLowerCase())).toEqual({
      kind: 'proposal',
      id: approved.id,
      code: approved.code,
      title: 'Joint tender for LFP cells',
      titleJa: null,
    })
    const decision = await (await world.as('member@nissan.example')).proposal.get({
      proposalId: approved.id,
    })
    const decisionCode = decision.decision?.code as string
    expect(decisionCode).toMatch(/^D-\d+$/)
    expect(await resolve('auditor@external-audit.example', decisionCode)).toMatchObject({
      kind: 'decision',
      id: decision.decision?.id,
      code: decisionCode,
    })
    expect(await resolve('member@nissan.example', 'con-1')).toMatchObject({
      kind: 'charter_item',
      id: ix.item('CON-1'),
      code: 'CON-1',
      titleJa: '資本提携は行わない',
    })
    expect(await resolve('member@nissan.example', 'WS-BAT')).toMatchObject({
      kind: 'workstream',
      id: ix.workstream('WS-BAT'),
      code: 'WS-BAT',
      titleJa: 'バッテリー共同調達',
    })
  })

  it("resolves a draft's party handle for its own party only", async () => {
    expect(draft.code).toMatch(/^HONDA-DRAFT-\d+$/)
    for (const email of ['member@honda.example', 'lead@honda.example', 'auditor@honda.example']) {
      expect((await resolve(email, draft.code)).id, email).toBe(draft.id)
    }
    for (const email of [
      'member@nissan.example',
      'lead@nissan.example',
      'auditor@nissan.example',
      'auditor@external-audit.example',
    ]) {
      const refused = await refusal(resolve(email, draft.code))
      expect(refused.code, email).toBe('NOT_FOUND')
      // Exactly what a code that never existed gets: nothing tells the draft is there.
      const never = await refusal(resolve(email, draft.code.replace(/\d+$/, '9999')))
      expect(refused.message).toBe(
        never.message.replace('9999', draft.code.split('-')[2] as string),
      )
      expect(refused.message).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/)
    }
  })

  it('answers NOT_FOUND with a sentence for a code that names nothing, or for words', async () => {
    const unknown = await refusal(resolve('member@nissan.example', 'P-99999'))
    expect(unknown.code).toBe('NOT_FOUND')
    expect(unknown.message).toBe('Nothing called P-99999 is in this partnership for you to open.')
    const words = await refusal(resolve('member@nissan.example', 'tender'))
    expect(words.code).toBe('NOT_FOUND')
    expect(words.message).toBe('That is not a code: codes look like P-12, D-7, CON-1 or WS-BAT.')
    expect(words.message).not.toMatch(/UUID|id\b/)
  })

  it('the ledger filter takes a code for entityId, as the caller may see it', async () => {
    const list = async (email: string, entityId: string) =>
      (await world.as(email)).audit.list({
        partnershipId: world.partnershipId,
        entityId,
        limit: 100,
      })
    const byCode = await list('lead@nissan.example', approved.code.toLowerCase())
    expect(byCode.items.length).toBeGreaterThan(3)
    for (const e of byCode.items)
      expect([e.entityType, e.entityId]).toEqual(['proposal', approved.id])
    const byId = await (await world.as('lead@nissan.example')).audit.list({
      partnershipId: world.partnershipId,
      entityType: 'proposal',
      entityId: approved.id,
      limit: 100,
    })
    expect(byCode.items.map((e) => e.seq)).toEqual(byId.items.map((e) => e.seq))
    expect((await list('lead@honda.example', draft.code)).items.length).toBeGreaterThan(0)
    const refused = await refusal(list('auditor@external-audit.example', draft.code))
    expect(refused.code).toBe('NOT_FOUND')
    expect(refused.message).toMatch(/^Nothing called HONDA-DRAFT-\d+ is in this partnership/)
  })

  it('never resolves in a partnership the person is not in', async () => {
    const refused = await refusal(
      (await world.as('member@nissan.example')).code.resolve({
        partnershipId: '00000000-0000-4000-8000-000000000000',
        code: approved.code,
      }),
    )
    expect(refused.code).toBe('NOT_FOUND')
  })
})
