/**
 * Charter items and workstreams in English and Japanese (ADR 0023): the demo carries both, an
 * amendment writes either or both, the text round-trips through the proposal, the revision diff,
 * the charter, its history and the ledger (which still verifies), and search finds an item by
 * either language. A database from before migration 0014 keeps its items, with no Japanese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ZodError } from 'zod'
import { migrateDown, migrateToLatest } from '../../db/migrate'
import * as m0014 from '../../db/migrations/0014_charter_languages'
import { DEMO_CHARTER, DEMO_WORKSTREAMS } from '../../server/demo/demo-data'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  currentVersion,
  type DemoIndex,
  demoIndex,
  impacts,
  ledgerRows,
  proposalInState,
  refusal,
  type StateBuild,
  verifyLedger,
} from '../helpers/workflow'

const REVIEWERS = [
  'member@honda.example',
  'engineer@honda.example',
  'member@nissan.example',
  'engineer@nissan.example',
]
const LEADS = ['lead@honda.example', 'lead@nissan.example']

describe.each(DATABASE_KINDS)('charter in two languages (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex

  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
  })
  afterAll(() => world.destroy())

  const lead = () => world.as('lead@honda.example')
  const charter = async () => (await lead()).charter.get({ partnershipId: world.partnershipId })
  const itemByCode = async (code: string) =>
    Object.values((await charter()).items)
      .flat()
      .find((i) => i.code === code)

  function amendment(changes: readonly unknown[], title = 'Charter in both languages'): StateBuild {
    return {
      author: 'software.lead@honda.example',
      type: 'amendment',
      title,
      workstream: 'WS-SW',
      reviewers: REVIEWERS,
      signers: LEADS,
      amendment: { changes: [...changes] },
      impacts: impacts(ix, {
        'ST-1': { impact: 'touches', explanation: 'Adds the Japanese of the stance.' },
      }),
    }
  }

  it('loads the demo with Japanese for every charter item and workstream', async () => {
    const items = Object.values((await charter()).items).flat()
    expect(items).toHaveLength(DEMO_CHARTER.length)
    for (const item of items) {
      expect(item.title).not.toBe('')
      expect(item.titleJa).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
      expect(item.statementJa).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
    }
    expect(await itemByCode('CON-1')).toMatchObject({
      title: 'No capital merger',
      titleJa: '資本提携は行わない',
    })
    const workstreams = await (await lead()).workstream.list({ partnershipId: world.partnershipId })
    expect(workstreams).toHaveLength(DEMO_WORKSTREAMS.length)
    const bat = workstreams.find((w) => w.code === 'WS-BAT')
    expect(bat).toMatchObject({ name: 'Joint battery procurement', nameJa: 'バッテリー共同調達' })
    expect(bat?.descriptionJa).toContain('共同で調達')
    expect(bat?.areas.find((a) => a.code === 'AREA-2')?.titleJa).toBe('バッテリーの共有と共同調達')
    const { result } = await verifyLedger(world.db)
    expect(result.ok).toBe(true)
  })

  it('refuses an added item with neither an English nor a Japanese title', async () => {
    const caller = await world.as('software.lead@honda.example')
    const refused = await refusal(
      caller.proposal.create({
        partnershipId: world.partnershipId,
        type: 'amendment',
        content: {
          title: 'An item without a title',
          amendment: {
            changes: [{ op: 'add', kind: 'area', code: 'AREA-9', statementJa: '内容だけ。' }],
          },
        },
      }),
    )
    expect(refused.code).toBe('BAD_REQUEST')
    expect(refused.message).toContain('must be written in English or Japanese')
    // The rule is named, for the client to say it in the person's language (server/trpc.ts).
    expect((refused.cause as ZodError).issues[0]).toMatchObject({
      path: ['content', 'amendment', 'changes', 0, 'title'],
      params: { rule: 'eitherLanguage' },
    })
  })

  it('writes both languages through create, revise and approval; the ledger verifies', async () => {
    const st1 = ix.item('ST-1')
    const changes1 = [
      {
        op: 'add',
        kind: 'stance',
        code: 'ST-2',
        titleJa: '当面、共同ブランドは設けない',
        statementJa: '当面、両社共通のブランドで車両を販売しない。',
      },
      {
        op: 'add',
        kind: 'market',
        code: 'MKT-9',
        title: 'South-East Asia',
        statement: 'The cooperation may apply to South-East Asia.',
        titleJa: '東南アジア',
        statementJa: '東南アジア市場向けにも協業を適用できる。',
      },
      { op: 'change', itemId: st1, titleJa: '当面、車両の相互供給は行わない' },
    ] as const
    const { id } = await proposalInState(world, ix, 'in_review', amendment(changes1))
    const author = await world.as('software.lead@honda.example')
    const first = await author.proposal.get({ proposalId: id })
    expect(first.revision.amendment?.changes).toEqual([
      expect.objectContaining({ op: 'add', code: 'ST-2', titleJa: '当面、共同ブランドは設けない' }),
      expect.objectContaining({ op: 'add', code: 'MKT-9', title: 'South-East Asia' }),
      { op: 'change', itemId: st1, titleJa: '当面、車両の相互供給は行わない' },
    ])
    expect(first.revision.amendment?.changes[0]).not.toHaveProperty('title')

    // A revision rewrites the Japanese; the diff shows both sides as written.
    const changes2 = [
      changes1[0],
      changes1[1],
      { ...changes1[2], titleJa: '当面、車両の相互供給やOEM供給は行わない' },
    ]
    await author.proposal.revise({
      proposalId: id,
      expectedVersion: first.version,
      content: { ...first.revision, amendment: { changes: changes2 } },
      note: 'OEM供給も明記。',
    })
    const diff = await author.proposal.diff({ proposalId: id, from: 1, to: 2 })
    expect(diff.amendment?.before?.changes[2]).toMatchObject({
      titleJa: '当面、車両の相互供給は行わない',
    })
    expect(diff.amendment?.after?.changes[2]).toMatchObject({
      titleJa: '当面、車両の相互供給やOEM供給は行わない',
    })

    // Reviews on the new revision, then both partnership leads sign.
    for (const email of REVIEWERS) {
      const reviewer = await world.as(email)
      await reviewer.proposal.review({
        proposalId: id,
        expectedVersion: await currentVersion(reviewer, id),
        verdict: 'approve',
        comment: '',
      })
    }
    for (const email of LEADS) {
      const signer = await world.as(email)
      await signer.proposal.signOff({
        proposalId: id,
        expectedVersion: await currentVersion(signer, id),
        verdict: 'approve',
        rationale: '',
      })
    }

    const now = await charter()
    expect(now.version).toBe(2)
    expect(now.items.stance.find((i) => i.code === 'ST-2')).toMatchObject({
      title: '',
      statement: '',
      titleJa: '当面、共同ブランドは設けない',
      statementJa: '当面、両社共通のブランドで車両を販売しない。',
    })
    expect(now.items.market.find((i) => i.code === 'MKT-9')).toMatchObject({
      title: 'South-East Asia',
      titleJa: '東南アジア',
    })
    // The English of ST-1 stays as it was; only its Japanese title changed.
    const demoSt1 = DEMO_CHARTER.find((i) => i.code === 'ST-1')
    expect(now.items.stance.find((i) => i.code === 'ST-1')).toMatchObject({
      title: demoSt1?.title,
      statement: demoSt1?.statement,
      titleJa: '当面、車両の相互供給やOEM供給は行わない',
      statementJa: demoSt1?.statementJa,
      updatedVersion: 2,
    })

    const [latest] = await (await lead()).charter.history({ partnershipId: world.partnershipId })
    expect(latest?.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          op: 'change',
          code: 'ST-1',
          before: expect.objectContaining({ titleJa: demoSt1?.titleJa }),
          after: expect.objectContaining({ titleJa: '当面、車両の相互供給やOEM供給は行わない' }),
        }),
      ]),
    )

    // The decision record holds what was decided, both languages included.
    const decision = await (await lead()).decision.list({ partnershipId: world.partnershipId })
    const d = decision.items.find((x) => x.proposal.id === id)
    expect(d?.workstream).toMatchObject({
      code: 'WS-SW',
      nameJa: '共通ソフトウェアプラットフォーム',
    })

    // The ledger records the Japanese as written, and verifies.
    const added = (await ledgerRows(world.db)).filter((e) => e.action === 'charter.item_added')
    const st2Event = added.find((e) => e.payload.includes('ST-2'))
    expect(st2Event?.payload).toContain('当面、共同ブランドは設けない')
    const { result } = await verifyLedger(world.db)
    expect(result.ok).toBe(true)
  })

  it('finds charter items by their English or their Japanese', async () => {
    const caller = await lead()
    const find = async (query: string) =>
      (await caller.search.query({ partnershipId: world.partnershipId, query, limit: 20 })).hits
    const ja = await find('共同ブランド')
    expect(
      ja
        .find((h) => h.code === 'ST-2')
        ?.titleJa?.map((s) => s.text)
        .join(''),
    ).toBe('当面、共同ブランドは設けない')
    const demo = await find('規模の経済')
    expect(demo.map((h) => h.code)).toContain('OBJ-1')
    const en = await find('economies scale')
    expect(en.map((h) => h.code)).toContain('OBJ-1')
  })

  it('migrates a database from before: items keep their English, with no Japanese, and the ledger verifies', async () => {
    // The migrator goes down as far as history allows: 0015 refuses, since dropping the salts
    // would leave the ledger's salted events unverifiable. So 0014 is undone and redone directly.
    const ranDown: string[] = []
    let refused: unknown = null
    while (!refused) {
      try {
        ranDown.push(...(await migrateDown(world.db)))
      } catch (error) {
        refused = error
      }
    }
    expect(String(refused)).toMatch(/0015.*salted/)
    expect(ranDown).not.toContain('0015_salted_commitments')
    expect(await migrateToLatest(world.db)).toEqual([...ranDown].reverse())
    await m0014.down(world.db)
    await m0014.up(world.db)
    const con = await itemByCode('CON-1')
    expect(con).toMatchObject({ title: 'No capital merger', titleJa: null, statementJa: null })
    const ws = await (await lead()).workstream.list({ partnershipId: world.partnershipId })
    expect(ws.every((w) => w.nameJa === null && w.name !== '')).toBe(true)
    const { result } = await verifyLedger(world.db)
    expect(result.ok).toBe(true)
  })
})
