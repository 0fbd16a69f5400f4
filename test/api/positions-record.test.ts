/**
 * The decision record with positions and a recusal (issue 14, ADR 0029), on each database: both
 * parties see each position with its reason and the recusal with its reason, on the page's data
 * and in the PDF (read back by pdf.js, in English and Japanese).
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import { currentVersion, type DemoIndex, demoIndex, fileProposal } from '../helpers/workflow'

const AUTHOR = 'member@honda.example'
const RECUSAL = 'My unit bids as a pack assembler in this tender.'
const ABSTENTION = 'I scored a rival bid last year.'

async function pdfText(base64: string): Promise<string> {
  const data = new Uint8Array(Buffer.from(base64, 'base64'))
  const pdf = await getDocument({ data, useSystemFonts: false, disableFontFace: true }).promise
  let text = ''
  for (let n = 1; n <= pdf.numPages; n++) {
    for (const item of (await (await pdf.getPage(n)).getTextContent()).items)
      if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '')
  }
  await pdf.destroy()
  return text.replace(/\s+/g, ' ')
}

describe.each(DATABASE_KINDS)('positions on the decision record (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let decisionId = ''

  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
    const reviewers = ['engineer@honda.example', 'engineer@nissan.example', 'member@nissan.example']
    const { id } = await fileProposal(world, ix, AUTHOR, {
      title: 'Joint tender for pack assembly',
      reviewers,
    })
    const act = async (
      email: string,
      run: (c: Awaited<ReturnType<DemoWorld['as']>>, v: number) => Promise<unknown>,
    ) => {
      const c = await world.as(email)
      return run(c, await currentVersion(c, id))
    }
    await act(AUTHOR, (c, v) => c.proposal.submit({ proposalId: id, expectedVersion: v }))
    await act('battery.lead@honda.example', (c, v) =>
      c.proposal.recuse({ proposalId: id, expectedVersion: v, reason: RECUSAL }),
    )
    await act('engineer@nissan.example', (c, v) =>
      c.proposal.review({
        proposalId: id,
        expectedVersion: v,
        verdict: 'abstain',
        comment: ABSTENTION,
      }),
    )
    await act('engineer@honda.example', (c, v) =>
      c.proposal.review({
        proposalId: id,
        expectedVersion: v,
        verdict: 'no_objection',
        comment: '',
      }),
    )
    await act('member@nissan.example', (c, v) =>
      c.proposal.review({
        proposalId: id,
        expectedVersion: v,
        verdict: 'approve',
        comment: 'Yes.',
      }),
    )
    for (const email of ['lead@honda.example', 'battery.lead@nissan.example']) {
      const signed = (await act(email, (c, v) =>
        c.proposal.signOff({
          proposalId: id,
          expectedVersion: v,
          verdict: 'approve',
          rationale: '',
        }),
      )) as { decisionId: string | null }
      if (signed.decisionId) decisionId = signed.decisionId
    }
    expect(decisionId).not.toBe('')
  })
  afterAll(() => world?.destroy())

  it('shows every position and the recusal, with their reasons, the same to both parties', async () => {
    const seen = []
    for (const email of [AUTHOR, 'member@nissan.example']) {
      const { record } = await (await world.as(email)).decision.get({ decisionId })
      expect(record.reviews.map((r) => [r.party, r.verdict, r.comment])).toEqual([
        ['NISSAN', 'abstain', ABSTENTION],
        ['HONDA', 'no_objection', ''],
        ['NISSAN', 'approve', 'Yes.'],
      ])
      expect(record.recusals).toEqual([
        expect.objectContaining({
          party: 'HONDA',
          reason: RECUSAL,
          person: expect.objectContaining({ id: ix.user('battery.lead@honda.example') }),
        }),
      ])
      seen.push(JSON.stringify(record))
    }
    expect(seen[0]).toBe(seen[1])
  })

  it('prints each position and the recusal with its reason, in English and Japanese', async () => {
    const nissan = await world.as('member@nissan.example')
    const en = await pdfText((await nissan.decision.recordPdf({ decisionId, lang: 'en' })).base64)
    expect(en).toContain('No objection')
    expect(en).toContain('Abstain')
    expect(en).toContain(ABSTENTION)
    expect(en).toContain('Recusals')
    expect(en).toMatch(/Kenji Watanabe \(Honda[^)]*\) recused on revision 1/)
    expect(en).toContain(RECUSAL)
    const ja = await pdfText((await nissan.decision.recordPdf({ decisionId, lang: 'ja' })).base64)
    expect(ja).toContain('異議なし')
    expect(ja).toContain('棄権')
    expect(ja).toContain('が改訂 1 で回避')
    expect(ja).toContain(RECUSAL)
  })
})
