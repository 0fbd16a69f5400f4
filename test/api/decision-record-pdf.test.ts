/**
 * The printable record (issue 14): `decision.recordPdf` makes the decision record as a PDF on the
 * server (pdf-lib, with a subset of Noto Sans JP embedded). A PDF text extractor (pdf.js) reads
 * it back, in English and in Japanese: the decided text, both sign-offs with how each signer
 * authenticated, the reviews and the concern; never a party's internal comment. The fonts in it
 * are embedded subsets.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  currentVersion,
  type DemoIndex,
  demoIndex,
  proposalInState,
  refusal,
} from '../helpers/workflow'

const REVIEWERS = ['engineer@honda.example', 'engineer@nissan.example']

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts')

/** Keeps the PDF under test/artifacts/ (not committed), for people to look at. */
function keep(name: string, base64: string) {
  mkdirSync(ARTIFACTS, { recursive: true })
  writeFileSync(path.join(ARTIFACTS, name), Buffer.from(base64, 'base64'))
}

/** The text of every page, lines joined by newlines, as a reader's copy and paste would give. */
async function pdfText(
  base64: string,
): Promise<{ text: string; pages: number; fonts: { name: string; embedded: boolean }[] }> {
  const data = new Uint8Array(Buffer.from(base64, 'base64'))
  const pdf = await getDocument({ data, useSystemFonts: false, disableFontFace: true }).promise
  const pages: string[] = []
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent()
    let page = ''
    for (const item of content.items) {
      if (!('str' in item)) continue
      page += item.str + (item.hasEOL ? '\n' : '')
    }
    pages.push(page)
  }
  // The fonts it names, and whether each carries its font program, read with pdf-lib.
  const doc = await PDFDocument.load(Buffer.from(base64, 'base64'))
  const fonts: { name: string; embedded: boolean }[] = []
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue
    if (object.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor')) continue
    const name = object.get(PDFName.of('FontName'))
    fonts.push({
      name: name instanceof PDFName ? name.decodeText() : '',
      embedded: ['FontFile', 'FontFile2', 'FontFile3'].some((k) => object.has(PDFName.of(k))),
    })
  }
  const result = { text: pages.join('\n'), pages: pdf.numPages, fonts }
  await pdf.destroy()
  return result
}

describe.each(DATABASE_KINDS)('the decision record as a PDF (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let decisionId: string
  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
    const { id } = await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@honda.example',
      title: '共同調達：LFPセル 2027',
      body: '## 範囲\n\n2027年の **LFPセル** 入札を共同で行う。上限は 40 GWh。\n\n- Pool the tender for 2027\n- Cap: 40 GWh',
      reviewers: REVIEWERS,
      concernBy: 'engineer@nissan.example',
    })
    const author = await world.as('member@honda.example')
    await author.comment.add({
      proposalId: id,
      body: 'Honda-only: our floor price is 92 USD/kWh',
      visibility: 'internal',
    })
    for (const [email, rationale] of [
      ['battery.lead@honda.example', '本田として合意します。'],
      ['battery.lead@nissan.example', 'Nissan agrees.'],
    ] as const) {
      const signer = await world.as(email)
      const signed = await signer.proposal.signOff({
        proposalId: id,
        expectedVersion: await currentVersion(signer, id),
        verdict: 'approve',
        rationale,
      })
      if (signed.decisionId) decisionId = signed.decisionId
    }
    expect(decisionId).toBeTruthy()
  })
  afterAll(() => world?.destroy())

  it('reads back in English: the decided text, sign-offs with authentication, reviews and concern', async () => {
    const nissan = await world.as('member@nissan.example')
    const d = await nissan.decision.get({ decisionId })
    const pdf = await nissan.decision.recordPdf({ decisionId, lang: 'en' })
    expect(pdf.contentType).toBe('application/pdf')
    expect(pdf.filename).toBe(`${d.code}-record-en.pdf`)
    if (kind === 'sqlite') keep('decision-record-en.pdf', pdf.base64)
    const { text, fonts } = await pdfText(pdf.base64)
    const flat = text.replace(/\s+/g, ' ')
    expect(flat).toContain('Decision record')
    expect(flat).toContain(`${d.code} · 共同調達：LFPセル 2027`)
    expect(flat).toContain('What was decided: the text of revision 1')
    // The Markdown body, as words: heading, paragraph and list items without their marks.
    expect(flat).toContain('範囲')
    expect(flat).toContain('2027年の LFPセル 入札を共同で行う。上限は 40 GWh。')
    expect(flat).toContain('• Pool the tender for 2027')
    expect(flat).not.toContain('**')
    expect(flat).toContain('CON-1')
    expect(flat).toContain(`Judged by the charter: Version ${d.record.charter?.version}`)
    // Both sign-offs, with signer, rationale and how each authenticated.
    expect(flat).toContain('Sign-offs of revision 1')
    expect(flat).toContain('Honda Motor Co., Ltd.')
    expect(flat).toContain('Kenji Watanabe')
    expect(flat).toContain('“本田として合意します。”')
    expect(flat).toContain('Emi Kobayashi')
    expect(flat).toContain('“Nissan agrees.”')
    expect(flat.match(/identity confirmed by password/g)?.length).toBe(2)
    expect(flat).toContain('Reviews (2)')
    expect(flat).toContain('Open question')
    expect(flat).toContain('Answered in the thread.')
    // Its grounds and what would resolve it (ADR 0031).
    expect(flat).toContain('Grounds: The tender terms')
    expect(flat).toContain('What would resolve it: An answer in the thread')
    expect(flat).not.toContain('floor price')
    // Every font is embedded (pdf-lib embeds the subset of glyphs used): none is left to the reader.
    expect(fonts.length).toBeGreaterThan(0)
    expect(fonts.every((f) => f.embedded && f.name.startsWith('NotoSansJP'))).toBe(true)
  })

  it('reads back in Japanese, the same record in Japanese words', async () => {
    const honda = await world.as('lead@honda.example')
    const pdf = await honda.decision.recordPdf({ decisionId, lang: 'ja' })
    if (kind === 'sqlite') keep('decision-record-ja.pdf', pdf.base64)
    const { text } = await pdfText(pdf.base64)
    const flat = text.replace(/\s+/g, ' ')
    expect(flat).toContain('決定記録')
    expect(flat).toContain('決定された内容：第1版の本文')
    expect(flat).toContain('2027年の LFPセル 入札を共同で行う。上限は 40 GWh。')
    expect(flat).toContain('第1版へのサインオフ')
    expect(flat).toContain('本田技研工業株式会社')
    expect(flat).toContain('日産自動車株式会社')
    expect(flat.match(/パスワードで本人確認/g)?.length).toBe(2)
    expect(flat).toContain('レビュー（2）')
    expect(flat).toContain('提起された懸念（1）')
    expect(flat).toContain('根拠：The tender terms')
    expect(flat).toContain('解消の条件：An answer in the thread')
    expect(flat).toContain('（UTC）')
    expect(flat).not.toContain('floor price')
  })

  it('is refused, as the record is, to someone outside the partnership', async () => {
    const refused = await refusal(
      (await world.as('lead@honda.example')).decision.recordPdf({
        decisionId: ix.item('CON-1'),
        lang: 'en',
      }),
    )
    expect(refused.code).toBe('NOT_FOUND')
  })
})
