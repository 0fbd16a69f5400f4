/**
 * Charter amendments: adding an item, changing an item's statement and screening terms, retiring
 * an item. Each changes the charter in the approving transaction, bumps its version, shows in the
 * charter's history with the decision that did it, and is signed by partnership leads only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  currentVersion,
  type DemoIndex,
  demoIndex,
  fileProposal,
  fingerprint,
  ledgerCount,
  ledgerRows,
  proposalInState,
  refusal,
  type StateBuild,
  verifyLedger,
  withCachedCallers,
} from '../helpers/workflow'

const REVIEWERS = [
  'member@honda.example',
  'engineer@honda.example',
  'member@nissan.example',
  'engineer@nissan.example',
]
const LEADS = ['lead@honda.example', 'lead@nissan.example']

describe.each(DATABASE_KINDS)('charter amendments (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex

  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
  })
  afterAll(() => world.destroy())

  const lead = () => world.as('lead@honda.example')
  const charter = async () => (await lead()).charter.get({ partnershipId: world.partnershipId })
  const history = async () => (await lead()).charter.history({ partnershipId: world.partnershipId })
  const itemByCode = async (code: string) =>
    Object.values((await charter()).items)
      .flat()
      .find((i) => i.code === code)
  const none = (id: string) => ({ itemId: id, impact: 'none' as const, explanation: '' })

  function amendment(
    title: string,
    changes: unknown[],
    impacts: StateBuild['impacts'] = undefined,
  ): StateBuild {
    return {
      author: 'software.lead@honda.example',
      type: 'amendment',
      title,
      workstream: 'WS-SW',
      reviewers: REVIEWERS,
      signers: LEADS,
      amendment: { changes },
      impacts,
    }
  }

  /** Signs as each lead in turn; returns the last result. */
  async function signAll(id: string, signers: string[]) {
    let result: { state: string; decisionId: string | null } | null = null
    for (const email of signers) {
      const caller = await world.as(email)
      result = await caller.proposal.signOff({
        proposalId: id,
        expectedVersion: await currentVersion(caller, id),
        verdict: 'approve',
        rationale: '',
      })
    }
    return result
  }

  /** Files and submits a decision with these impact statements; returns the refusal or the state. */
  async function submitDecision(body: string, impacts: ReturnType<typeof none>[]) {
    const { id, caller } = await fileProposal(world, ix, 'member@honda.example', {
      title: 'A later decision',
      body,
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
      impacts,
    })
    return caller.proposal.submit({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
    })
  }

  it('adds an item, signed by partnership leads only, in the approving transaction', async () => {
    const { id } = await proposalInState(
      world,
      ix,
      'awaiting_signoff',
      amendment('Add a stance against a joint brand', [
        {
          op: 'add',
          kind: 'stance',
          code: 'ST-2',
          title: 'No joint brand for now',
          statement: 'Neither party sells vehicles under a shared brand for now.',
          screeningTerms: { en: ['joint brand'], ja: ['共同ブランド'] },
        },
      ]),
    )
    // Workstream leads (even of the amendment's workstream) may not sign an amendment.
    const wsLead = await world.as('software.lead@nissan.example')
    const before = await fingerprint(world.db, id)
    const refused = await refusal(
      wsLead.proposal.signOff({
        proposalId: id,
        expectedVersion: before.version,
        verdict: 'approve',
        rationale: '',
      }),
    )
    expect(refused.code).toBe('FORBIDDEN')
    expect(await fingerprint(world.db, id)).toEqual(before)
    const owed = async (email: string) =>
      (await (await world.as(email)).inbox.get({ partnershipId: world.partnershipId })).signoffsOwed
    expect(await owed('software.lead@nissan.example')).toEqual([])
    expect((await owed('lead@nissan.example')).map((o) => o.id)).toEqual([id])

    expect((await charter()).version).toBe(1)
    const seqBefore = await ledgerCount(world.db)
    const result = await signAll(id, LEADS)
    expect(result?.state).toBe('approved')

    const after = await charter()
    expect(after.version).toBe(2)
    expect(after.items.stance.find((s) => s.code === 'ST-2')).toMatchObject({
      status: 'active',
      title: 'No joint brand for now',
      introducedVersion: 2,
      screeningTerms: { en: ['joint brand'], ja: ['共同ブランド'] },
    })
    const [latest] = await history()
    expect(latest).toMatchObject({
      version: 2,
      decision: { id: result?.decisionId, code: 'D-1' },
      proposal: { id },
      changes: [{ op: 'add', after: { code: 'ST-2', kind: 'stance', version: 2 } }],
    })
    // Everything from the last sign-off on happened in one transaction: consecutive events.
    const events = (await ledgerRows(world.db)).slice(seqBefore)
    expect(events.map((e) => e.action)).toEqual([
      'signoff.recorded', // Honda's
      'signoff.recorded', // Nissan's, which approves
      'proposal.approved',
      'decision.issued',
      'charter.item_added',
      'charter.amended',
    ])
    expect(new Set(events.slice(1).map((e) => e.actor_id))).toEqual(
      new Set([ix.user('lead@nissan.example')]),
    )

    // The new stance guards later proposals: its impact must be stated…
    const missing = await refusal(
      submitDecision('Pool cell demand.', [none(ix.item('CON-1')), none(ix.item('ST-1'))]),
    )
    expect(missing.message).toContain('ST-2 "No joint brand for now"')
    // …and its screening terms apply.
    const st2 = (await itemByCode('ST-2'))?.id as string
    const hit = await refusal(
      submitDecision('Sell it under a 共同ブランド.', [
        none(ix.item('CON-1')),
        none(ix.item('ST-1')),
        none(st2),
      ]),
    )
    expect(hit.message).toContain('共同ブランド')
    expect(hit.message).toContain('ST-2')
  })

  it("changes an item's statement and screening terms, judging proposals already submitted by their frozen version", async () => {
    const st2 = (await itemByCode('ST-2'))?.id as string
    const everything = [none(ix.item('CON-1')), none(ix.item('ST-1')), none(st2)]
    // Submitted under version 2: keeps it.
    const earlier = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Plan a joint venture for cell recycling',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
      impacts: everything,
    })
    const con = await itemByCode('CON-1')
    const { id } = await proposalInState(
      world,
      ix,
      'approved',
      amendment(
        'Name joint ventures in the no-capital-merger constraint',
        [
          {
            op: 'change',
            itemId: ix.item('CON-1'),
            statement: 'No party takes a stake in the other or in a joint venture with it.',
            screeningTerms: {
              en: [...(con?.screeningTerms.en ?? []), 'joint venture'],
              ja: [...(con?.screeningTerms.ja ?? []), '合弁'],
            },
          },
        ],
        [
          {
            itemId: ix.item('CON-1'),
            impact: 'touches',
            explanation: 'Widens the constraint to joint ventures.',
          },
          none(ix.item('ST-1')),
          none(st2),
        ],
      ),
    )
    const changed = await itemByCode('CON-1')
    expect((await charter()).version).toBe(3)
    expect(changed).toMatchObject({
      status: 'active',
      title: 'No capital merger',
      statement: 'No party takes a stake in the other or in a joint venture with it.',
      updatedVersion: 3,
    })
    expect(changed?.screeningTerms.en).toContain('joint venture')
    const [latest] = await history()
    expect(latest).toMatchObject({
      version: 3,
      decision: { code: 'D-2' },
      proposal: { id },
      changes: [
        {
          op: 'change',
          code: 'CON-1',
          before: { statement: con?.statement, screeningTerms: con?.screeningTerms },
          after: { statement: changed?.statement, screeningTerms: changed?.screeningTerms },
        },
      ],
    })
    // New proposals are screened with the new terms…
    const refused = await refusal(submitDecision('Form a joint venture.', everything))
    expect(refused.message).toContain('"joint venture", a screening term of CON-1')
    // …while the one submitted before keeps the charter version it was submitted under.
    const view = await (await world.as('member@honda.example')).proposal.get({
      proposalId: earlier.id,
    })
    expect(view.charterVersion).toBe(2)
  })

  it('retires an item: it no longer needs an impact statement', async () => {
    const st2 = (await itemByCode('ST-2'))?.id as string
    await proposalInState(
      world,
      ix,
      'approved',
      amendment(
        'Retire the no-rebadging stance',
        [{ op: 'retire', itemId: ix.item('ST-1') }],
        [
          none(ix.item('CON-1')),
          { itemId: ix.item('ST-1'), impact: 'touches', explanation: 'Retires this stance.' },
          none(st2),
        ],
      ),
    )
    expect((await charter()).version).toBe(4)
    expect(await itemByCode('ST-1')).toMatchObject({ status: 'retired', retiredVersion: 4 })
    const [latest] = await history()
    expect(latest).toMatchObject({
      version: 4,
      decision: { code: 'D-3' },
      changes: [
        {
          op: 'retire',
          code: 'ST-1',
          before: { status: 'active' },
          after: { status: 'retired' },
        },
      ],
    })
    // The history keeps every version, newest first.
    expect((await history()).map((h) => h.version)).toEqual([4, 3, 2, 1])
    const submitted = await submitDecision('Pool cell demand.', [none(ix.item('CON-1')), none(st2)])
    expect(submitted.state).toBe('in_review')
  })

  it('refuses, whole, an amendment the charter moved away from since it was submitted', async () => {
    const st2 = (await itemByCode('ST-2'))?.id as string
    // The titles name the joint brand, so they state that they touch ST-2.
    const impacts = [
      none(ix.item('CON-1')),
      { itemId: st2, impact: 'touches' as const, explanation: 'Changes this stance.' },
    ]
    const first = await proposalInState(
      world,
      ix,
      'awaiting_signoff',
      amendment('Retire the joint-brand stance', [{ op: 'retire', itemId: st2 }], impacts),
    )
    const second = await proposalInState(
      world,
      ix,
      'awaiting_signoff',
      amendment(
        'Rename the joint-brand stance and add a market',
        [
          { op: 'change', itemId: st2, title: 'No shared brand' },
          {
            op: 'add',
            kind: 'market',
            code: 'MKT-3',
            title: 'Japan',
            statement: 'The cooperation may apply to the Japanese market.',
          },
        ],
        impacts,
      ),
    )
    await signAll(first.id, LEADS)
    expect((await charter()).version).toBe(5)

    await signAll(second.id, ['lead@honda.example'])
    const before = await fingerprint(world.db, second.id)
    const ledgerBefore = await ledgerCount(world.db)
    const nissan = await world.as('lead@nissan.example')
    const refused = await refusal(
      nissan.proposal.signOff({
        proposalId: second.id,
        expectedVersion: before.version,
        verdict: 'approve',
        rationale: '',
      }),
    )
    expect(refused.code).toBe('CONFLICT')
    expect(refused.message).toContain('The charter changed since this amendment was submitted')
    // Nothing of it happened: no sign-off, no decision, no new item, no version.
    expect(await fingerprint(world.db, second.id)).toEqual(before)
    expect(await ledgerCount(world.db)).toBe(ledgerBefore)
    expect((await charter()).version).toBe(5)
    expect(await itemByCode('MKT-3')).toBeUndefined()
    expect((await itemByCode('ST-2'))?.status).toBe('retired')
  })

  it('refuses at submission a second amendment adding a code another one under way adds', async () => {
    const adds = (title: string) =>
      amendment(title, [
        {
          op: 'add',
          kind: 'market',
          code: 'MKT-9',
          title: 'Southeast Asia',
          statement: 'The cooperation may apply to Southeast Asian markets.',
        },
      ])
    const first = await proposalInState(world, ix, 'in_review', adds('Add Southeast Asia'))
    const firstCode = (await (await lead()).proposal.get({ proposalId: first.id })).code
    const second = await fileProposal(world, ix, 'software.lead@honda.example', {
      type: 'amendment',
      title: 'Also add Southeast Asia',
      workstream: 'WS-SW',
      reviewers: REVIEWERS,
      amendment: adds('x').amendment,
    })
    const before = await fingerprint(world.db, second.id)
    const refused = await refusal(
      second.caller.proposal.submit({
        proposalId: second.id,
        expectedVersion: await currentVersion(second.caller, second.id),
      }),
    )
    expect(refused.code).toBe('CONFLICT')
    expect(refused.message).toContain(firstCode)
    expect(refused.message).toContain('MKT-9')
    expect(await fingerprint(world.db, second.id)).toEqual(before)

    // Once the first is out of the way, the second may go.
    const author = await world.as('software.lead@honda.example')
    await author.proposal.withdraw({
      proposalId: first.id,
      expectedVersion: await currentVersion(author, first.id),
      reason: 'Merged into the other one.',
    })
    const submitted = await second.caller.proposal.submit({
      proposalId: second.id,
      expectedVersion: await currentVersion(second.caller, second.id),
    })
    expect(submitted.state).toBe('in_review')
  })

  it('leaves the ledger verifiable', async () => {
    const { result, rows } = await verifyLedger(world.db)
    expect(result).toMatchObject({ ok: true, headSeq: rows.length })
  })
})
