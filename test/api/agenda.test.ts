/**
 * The steering committee's agenda (issue 14, ADR 0033): `agenda.get` lists for each party's
 * partnership lead the sign-offs their party owes, the overdue proposals and the decisions due for
 * review (their charter items amended since), across workstreams; never the other party's draft;
 * only leads may read it. Its exports (Markdown, and PDF read back by pdf.js) say the same, in
 * English and Japanese.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  AHEAD_YEAR,
  currentVersion,
  type DemoIndex,
  demoIndex,
  proposalInState,
  refusal,
} from '../helpers/workflow'

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts')
const LEADS = ['lead@honda.example', 'lead@nissan.example']
const REVIEWERS = ['engineer@honda.example', 'engineer@nissan.example']
const FOUR_REVIEWERS = [
  'member@honda.example',
  'engineer@honda.example',
  'member@nissan.example',
  'engineer@nissan.example',
]
const DRAFT_TITLE = 'Honda only: our floor price for LFP cells'

async function pdfText(base64: string): Promise<string> {
  const data = new Uint8Array(Buffer.from(base64, 'base64'))
  const pdf = await getDocument({ data, useSystemFonts: false, disableFontFace: true }).promise
  const pages: string[] = []
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent()
    pages.push(
      content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : '') : '')).join(''),
    )
  }
  await pdf.destroy()
  return pages.join('\n').replace(/\s+/g, ' ')
}

describe.each(DATABASE_KINDS)("the steering committee's agenda (%s)", (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  const made = {} as Record<
    'awaiting' | 'overdue' | 'draft' | 'decision' | 'amendment',
    { id: string; code: string }
  >

  const agendaOf = async (email: string) =>
    (await world.as(email)).agenda.get({ partnershipId: world.partnershipId })
  const section = (a: Awaited<ReturnType<typeof agendaOf>>, key: string) =>
    a.sections.find((s) => s.key === key)?.items.map((i) => i.code) ?? []

  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
    const lead = await world.as('lead@honda.example')
    const codeOf = async (id: string) => (await lead.proposal.get({ proposalId: id })).code
    const awaiting = await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@honda.example',
      title: 'Agenda: pool the 2027 LFP tender',
      reviewers: REVIEWERS,
      decideBy: `${AHEAD_YEAR}-01-15`,
    })
    made.awaiting = { id: awaiting.id, code: await codeOf(awaiting.id) }
    const overdue = await proposalInState(world, ix, 'in_review', {
      author: 'member@nissan.example',
      title: 'Agenda: a shared charging API',
      workstream: 'WS-SW',
      reviewers: REVIEWERS,
      decideBy: '2026-01-05',
    })
    made.overdue = { id: overdue.id, code: await codeOf(overdue.id) }
    const draft = await proposalInState(world, ix, 'draft', {
      author: 'member@honda.example',
      title: DRAFT_TITLE,
      reviewers: REVIEWERS,
      decideBy: '2026-02-01',
    })
    made.draft = { id: draft.id, code: '' }
    // A decision resting on AREA-2, then an amendment that changes AREA-2.
    const decided = await proposalInState(world, ix, 'approved', {
      author: 'member@honda.example',
      title: 'Agenda: battery sharing rules',
      reviewers: REVIEWERS,
      signers: LEADS,
      charterItems: ['AREA-2'],
    })
    const d = await world.db
      .selectFrom('decisions')
      .select(['id', 'number'])
      .where('proposal_id', '=', decided.id)
      .executeTakeFirstOrThrow()
    made.decision = { id: d.id, code: `D-${d.number}` }
    const amended = await proposalInState(world, ix, 'approved', {
      author: 'software.lead@honda.example',
      type: 'amendment',
      title: 'Agenda: widen battery sharing',
      workstream: 'WS-SW',
      reviewers: FOUR_REVIEWERS,
      signers: LEADS,
      charterItems: ['AREA-2'],
      amendment: {
        changes: [
          {
            op: 'change',
            itemId: ix.item('AREA-2'),
            statement: 'Battery sharing covers cells, modules and their recycling.',
          },
        ],
      },
    })
    const a = await world.db
      .selectFrom('decisions')
      .select(['id', 'number'])
      .where('proposal_id', '=', amended.id)
      .executeTakeFirstOrThrow()
    made.amendment = { id: a.id, code: `D-${a.number}` }
  })
  afterAll(() => world?.destroy())

  it("lists each party's lead the sign-offs owed, the escalated and overdue proposals and the decisions due for review", async () => {
    for (const email of LEADS) {
      const a = await agendaOf(email)
      expect(a.sections.map((s) => s.key)).toEqual([
        'signoffs_owed',
        'escalated',
        'overdue',
        'decisions_for_review',
      ])
      expect(section(a, 'signoffs_owed')).toContain(made.awaiting.code)
      expect(section(a, 'overdue')).toContain(made.overdue.code)
      expect(section(a, 'overdue')).not.toContain(made.awaiting.code)
      expect(section(a, 'decisions_for_review')).toContain(made.decision.code)
      // The amendment's own decision made the change: it is not due for review by it.
      expect(section(a, 'decisions_for_review')).not.toContain(made.amendment.code)
      const review = a.sections.find((s) => s.key === 'decisions_for_review')
      const item = review?.items.find((i) => i.code === made.decision.code)
      expect(item).toMatchObject({
        changedItems: [{ code: 'AREA-2', retired: false, byDecision: made.amendment.code }],
      })
      const owed = a.sections.find((s) => s.key === 'signoffs_owed')?.items
      expect(owed?.find((i) => i.code === made.awaiting.code)).toMatchObject({
        decideBy: `${AHEAD_YEAR}-01-15`,
        overdue: false,
        workstream: { code: 'WS-BAT' },
      })
    }
  })

  it("drops a sign-off from the agenda of the party that gave it, not from the other's", async () => {
    const honda = await world.as('lead@honda.example')
    await honda.proposal.signOff({
      proposalId: made.awaiting.id,
      expectedVersion: await currentVersion(honda, made.awaiting.id),
      verdict: 'approve',
      rationale: 'Honda agrees.',
    })
    expect(section(await agendaOf('lead@honda.example'), 'signoffs_owed')).not.toContain(
      made.awaiting.code,
    )
    expect(section(await agendaOf('lead@nissan.example'), 'signoffs_owed')).toContain(
      made.awaiting.code,
    )
  })

  it("never shows the other party's draft, in the agenda or its exports", async () => {
    for (const email of LEADS) {
      const a = await agendaOf(email)
      expect(JSON.stringify(a)).not.toContain(made.draft.id)
      expect(JSON.stringify(a)).not.toContain('floor price')
    }
    const nissan = await world.as('lead@nissan.example')
    for (const lang of ['en', 'ja'] as const) {
      const md = await nissan.agenda.export({
        partnershipId: world.partnershipId,
        format: 'md',
        lang,
      })
      expect('text' in md && md.text).not.toContain('floor price')
    }
  })

  it('refuses everyone but partnership leads', async () => {
    for (const email of [
      'member@honda.example',
      'battery.lead@honda.example',
      'auditor@honda.example',
      'auditor@external-audit.example',
    ]) {
      const error = await refusal(agendaOf(email))
      expect(error.code).toBe('FORBIDDEN')
    }
  })

  it('lists escalated proposals to both parties’ leads, with where they stand on the ladder, on the page and in the export', async () => {
    const { id } = await proposalInState(world, ix, 'rejected', {
      author: 'member@honda.example',
      title: 'Agenda: shared service bays',
      reviewers: REVIEWERS,
    })
    const honda = await world.as('lead@honda.example')
    const page = await honda.proposal.get({ proposalId: id })
    const up = await honda.proposal.escalate({ proposalId: id, expectedVersion: page.version })
    for (const email of LEADS) {
      const a = await agendaOf(email)
      expect(section(a, 'escalated')).toContain(page.code)
      const item = a.sections
        .find((s) => s.key === 'escalated')
        ?.items.find((i) => 'escalation' in i && i.id === id)
      expect(item).toMatchObject({
        state: 'escalated',
        escalation: {
          body: 'steering_committee',
          escalatedOn: up.escalation?.escalatedOn,
          coolingOffUntil: up.escalation?.coolingOffUntil,
          coolingOffOver: false,
        },
      })
    }
    const md = await honda.agenda.export({
      partnershipId: world.partnershipId,
      format: 'md',
      lang: 'en',
    })
    const text = 'text' in md ? md.text : ''
    expect(text).toContain('## Escalated proposals (')
    expect(text).toContain(
      `escalated to the steering committee on ${up.escalation?.escalatedOn}; cooling-off until ${up.escalation?.coolingOffUntil}`,
    )
  })

  it('exports as Markdown in English and Japanese', async () => {
    const nissan = await world.as('lead@nissan.example')
    const en = await nissan.agenda.export({
      partnershipId: world.partnershipId,
      format: 'md',
      lang: 'en',
    })
    expect(en.contentType).toBe('text/markdown')
    expect(en.filename).toMatch(/^agenda-\d{4}-\d{2}-\d{2}-en\.md$/)
    const text = 'text' in en ? en.text : ''
    expect(text).toMatch(/^# Steering committee agenda: /)
    expect(text).toContain('## Sign-offs owed (1)')
    expect(text).toContain(`- ${made.awaiting.code} Agenda: pool the 2027 LFP tender`)
    expect(text).toContain('## Overdue proposals')
    expect(text).toContain('decide by 2026-01-05 · overdue')
    expect(text).toContain('## Decisions due for review')
    expect(text).toContain(`AREA-2`)
    expect(text).toContain(`(${made.amendment.code})`)
    const ja = await nissan.agenda.export({
      partnershipId: world.partnershipId,
      format: 'md',
      lang: 'ja',
    })
    const jaText = 'text' in ja ? ja.text : ''
    expect(jaText).toMatch(/^# 運営委員会の議題: /)
    expect(jaText).toContain('## 未了の承認 (1)')
    expect(jaText).toContain('決定期限 2026-01-05・期限超過')
    expect(jaText).toContain('## 見直しが必要な決定')
  })

  it('exports as a PDF whose text reads back in English and Japanese', async () => {
    const nissan = await world.as('lead@nissan.example')
    for (const lang of ['en', 'ja'] as const) {
      const pdf = await nissan.agenda.export({
        partnershipId: world.partnershipId,
        format: 'pdf',
        lang,
      })
      expect(pdf.contentType).toBe('application/pdf')
      const base64 = ('base64' in pdf ? pdf.base64 : undefined) ?? ''
      if (kind === 'sqlite') {
        mkdirSync(ARTIFACTS, { recursive: true })
        writeFileSync(path.join(ARTIFACTS, `agenda-${lang}.pdf`), Buffer.from(base64, 'base64'))
      }
      const text = await pdfText(base64)
      expect(text).toContain(made.awaiting.code)
      expect(text).toContain('Agenda: pool the 2027 LFP tender')
      expect(text).toContain(made.overdue.code)
      expect(text).toContain(made.decision.code)
      expect(text).not.toContain('floor price')
      if (lang === 'en') {
        expect(text).toContain('Steering committee agenda')
        expect(text).toContain('Sign-offs owed (1)')
        expect(text).toContain('Decisions due for review (1)')
        expect(text).toContain('For Nissan Motor Co., Ltd.')
      } else {
        expect(text).toContain('運営委員会の議題')
        expect(text).toContain('未了の承認 (1)')
        expect(text).toContain('見直しが必要な決定 (1)')
        expect(text).toContain('日産自動車株式会社向け')
        expect(text).toContain('期限超過')
      }
    }
  })
})
