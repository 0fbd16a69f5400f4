/**
 * The decision record as a PDF (A4), made on the server with pdf-lib: the same record the page
 * shows (`getDecision`), in English or Japanese. Text is set in Noto Sans JP from the npm package
 * @fontsource/noto-sans-jp (SIL OFL 1.1), which ships the font cut into slices by character
 * (unicode-range subsets). Only the slices holding characters of this record are embedded, so the
 * file carries a subset of the font, and Japanese renders and extracts as text on any reader. A
 * character that no slice has is printed as "?" rather than dropped silently.
 */
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument } from 'pdf-lib'
import type { Executor } from '../../../db/connect'
import { inLanguage } from '../../../shared/charter'
import { isPolicyClause } from '../../../shared/concern-grounds'
import { partiesOf } from '../partnerships'
import { RecordWriter } from '../pdf-writer'
import { CONCERN_LABELS } from './pdf-concern-labels'
import { RECORD_LABELS, type RecordLocale, recordTime } from './pdf-labels'
import type { getDecision } from './register'

type Decision = Awaited<ReturnType<typeof getDecision>>

/**
 * The decided text's Markdown, as plain paragraphs: headings by their words, list items with a
 * bullet, emphasis and code marks taken off. (The page renders the Markdown; print keeps words.)
 */
export function markdownToLines(source: string): { text: string; heading: boolean }[] {
  const strip = (s: string) =>
    s
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\(([^)]*)\)/g, '$1 ($2)')
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/(\*|_)(.+?)\1/g, '$2')
      .replace(/`([^`]+)`/g, '$1')
  const out: { text: string; heading: boolean }[] = []
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    if (!line.trim() || /^```/.test(line.trim())) continue
    const heading = line.match(/^\s{0,3}#{1,6}\s+(.*)$/)
    if (heading) {
      out.push({ text: strip(heading[1] ?? ''), heading: true })
      continue
    }
    const item = line.match(/^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$/)
    out.push({ text: item ? `• ${strip(item[2] ?? '')}` : strip(line.trim()), heading: false })
  }
  return out
}

export async function decisionRecordPdf(
  db: Executor,
  d: Decision,
  locale: RecordLocale,
): Promise<Uint8Array> {
  const L = RECORD_LABELS[locale]
  const sep = locale === 'ja' ? '：' : ': '
  // Charter items and workstreams in the record's language where a party wrote it (ADR 0023).
  const local = (en: string | null | undefined, ja: string | null | undefined) =>
    inLanguage(locale, en, ja).text
  const at = (iso: string | null) => (iso ? recordTime(iso, locale) : '—')
  const parties = await partiesOf(db, [d.partnershipId])
  const party = (code: string) => {
    const p = parties.find((x) => x.code === code)
    return p ? (locale === 'ja' && p.name_ja ? p.name_ja : p.name) : code
  }
  const { record } = d
  const changedIds = (record.text.amendment?.changes ?? []).flatMap((c) =>
    c.op === 'add' ? [] : [c.itemId],
  )
  const codes = new Map(
    changedIds.length
      ? (
          await db
            .selectFrom('charter_items')
            .select(['id', 'code', 'title', 'title_ja'])
            .where('id', 'in', changedIds)
            .execute()
        ).map((i) => [i.id, i])
      : [],
  )

  const doc = await PDFDocument.create()
  doc.registerFontkit(fontkit)
  doc.setTitle(`${d.code} · ${d.title}`)
  doc.setSubject(L.heading)
  doc.setLanguage(locale === 'ja' ? 'ja-JP' : 'en')
  doc.setProducer('Concord')
  doc.setCreationDate(new Date())
  const w = new RecordWriter(doc)

  await w.paragraph(L.heading, { muted: true, size: 9 })
  await w.heading(`${d.code} · ${d.title}`, 1)
  await w.paragraph(
    [L.status[d.status], d.type === 'amendment' ? L.amendment : null, L.effective(d.effectiveDate)]
      .filter(Boolean)
      .join(' · '),
    { muted: true, after: 6 },
  )
  if (d.supersededBy) await w.paragraph(L.supersededNotice(d.supersededBy.code), { bold: true })

  const text = record.text
  await w.heading(L.decidedText(text.revision))
  await w.paragraph(L.writtenBy(text.createdBy.name, at(text.createdAt)), {
    muted: true,
    size: 9,
  })
  if (text.title !== d.title) await w.heading(text.title, 3)
  const body = markdownToLines(text.body)
  if (body.length === 0) await w.paragraph(L.noBody, { muted: true })
  for (const line of body) {
    if (line.heading) await w.heading(line.text, 3)
    else await w.paragraph(line.text, { indent: line.text.startsWith('• ') ? 8 : 0 })
  }
  if (text.note) {
    await w.heading(L.revisionNote, 3)
    await w.paragraph(text.note)
  }
  await w.heading(L.impacts, 3)
  if (text.impacts.length === 0) await w.paragraph(L.noImpacts, { muted: true })
  for (const s of text.impacts) {
    const item = s.item.code
      ? `${s.item.code} ${local(s.item.title, s.item.titleJa)}`
      : L.unknownItem
    await w.paragraph(`${item}${sep}${L.impact[s.impact]}`, { indent: 8, after: 1 })
    if (s.impact === 'touches' && s.explanation)
      await w.paragraph(s.explanation, { indent: 16, muted: true })
  }
  if (d.type === 'amendment' && text.amendment) {
    await w.heading(L.amendmentChanges, 3)
    for (const c of text.amendment.changes) {
      // The decided text in every language it was written in, the record's own first.
      const written = (en: string | undefined, ja: string | undefined) =>
        (locale === 'ja' ? [ja, en] : [en, ja]).filter((t): t is string => Boolean(t))
      if (c.op === 'add') {
        await w.paragraph(`${L.change.add}${sep}${c.code} ${local(c.title, c.titleJa)}`, {
          indent: 8,
          after: 1,
        })
        for (const t of written(c.statement, c.statementJa))
          await w.paragraph(t, { indent: 16, muted: true })
      } else {
        const item = codes.get(c.itemId)
        const name = item ? `${item.code} ${local(item.title, item.title_ja)}` : c.itemId
        await w.paragraph(`${L.change[c.op]}${sep}${name}`, { indent: 8, after: 1 })
        if (c.op === 'change') {
          for (const t of written(c.title, c.titleJa)) await w.paragraph(t, { indent: 16 })
          for (const t of written(c.statement, c.statementJa))
            await w.paragraph(t, { indent: 16, muted: true })
        }
      }
    }
  }

  await w.heading(L.facts)
  await w.fact(L.proposal, d.proposal.code, locale)
  await w.fact(L.author, `${record.author.name} (${party(record.author.party)})`, locale)
  await w.fact(L.revision, L.revisionOf(d.revision, record.revisions.length), locale)
  await w.fact(
    L.charter,
    record.charter
      ? [L.charterVersion(record.charter.version), record.charter.summary]
          .filter(Boolean)
          .join(' · ')
      : L.none,
    locale,
  )
  await w.fact(
    L.workstream,
    d.workstream ? `${d.workstream.code} ${local(d.workstream.name, d.workstream.nameJa)}` : L.none,
    locale,
  )
  await w.fact(L.submitted, at(d.submittedAt), locale)
  await w.fact(L.decided, at(d.createdAt), locale)
  const refs = (list: { code: string; title: string }[]) =>
    list.length ? list.map((r) => `${r.code} ${r.title}`).join(', ') : L.none
  await w.fact(L.supersedes, refs(d.supersedes), locale)
  await w.fact(L.supersededBy, refs(d.supersededBy ? [d.supersededBy] : []), locale)
  await w.fact(
    L.charterItems,
    d.charterItems.map((c) => `${c.code} ${local(c.title, c.titleJa)}`).join(', ') || L.none,
    locale,
  )

  const auth = (a: (typeof d.signoffs)[number]['authentication']) => {
    if (!a) return L.authUnknown
    const factors = a.amr?.length ? ` (${a.amr.join(', ')})` : ''
    return a.method === 'oidc'
      ? L.authOidc(`${a.issuer ?? ''}${factors}`, at(a.at))
      : L.authPassword(at(a.at))
  }
  await w.heading(L.signoffs(d.revision))
  const partyCodes = parties.length ? parties.map((p) => p.code) : d.signoffs.map((s) => s.party)
  for (const code of partyCodes) {
    const signed = d.signoffs.filter((s) => s.party === code)
    await w.paragraph(party(code), { bold: true, after: 1 })
    if (signed.length === 0) await w.paragraph(L.notSigned, { indent: 8, muted: true })
    for (const s of signed) {
      const name = s.onBehalfOf ? L.signedFor(s.signer.name, s.onBehalfOf.name) : s.signer.name
      await w.paragraph(L.signedBy(name, at(s.signedAt)), { indent: 8, after: 1 })
      await w.paragraph(auth(s.authentication), { indent: 8, muted: true, size: 9, after: 1 })
      if (s.rationale) await w.paragraph(`“${s.rationale}”`, { indent: 8 })
    }
    await w.paragraph('', { after: 2 })
  }
  if (record.staleSignoffs.length) {
    await w.heading(L.staleSignoffs, 3)
    for (const s of record.staleSignoffs) {
      await w.paragraph(
        `${L.staleOn(s.revision)} · ${party(s.party)} · ${L.verdict[s.verdict]} · ${L.signedBy(s.onBehalfOf ? L.signedFor(s.signer.name, s.onBehalfOf.name) : s.signer.name, at(s.signedAt))}`,
        { indent: 8, after: 1 },
      )
      await w.paragraph(auth(s.authentication), { indent: 8, muted: true, size: 9, after: 1 })
      if (s.rationale) await w.paragraph(`“${s.rationale}”`, { indent: 8 })
    }
  }

  await w.heading(L.reviews(record.reviews.length))
  if (record.reviews.length === 0) await w.paragraph(L.noReviews, { muted: true })
  for (const r of record.reviews) {
    const stale = r.stale ? ` · ${L.staleOn(r.revision)}` : ''
    await w.paragraph(
      `${L.verdict[r.verdict]} · ${r.reviewer.name} (${party(r.party)}) · ${L.revisionN(r.revision)} · ${at(r.createdAt)}${stale}`,
      { after: r.comment ? 1 : 4 },
    )
    if (r.comment) {
      for (const line of markdownToLines(r.comment))
        await w.paragraph(line.text, { indent: 8, muted: true })
    }
  }

  await w.heading(L.recusals, 3)
  if (record.recusals.length === 0) await w.paragraph(L.noRecusals, { muted: true })
  for (const r of record.recusals) {
    await w.paragraph(L.recusedBy(r.person.name, party(r.party), r.revision, at(r.createdAt)), {
      after: 1,
    })
    await w.paragraph(`“${r.reason}”`, { indent: 8, muted: true })
  }

  await w.heading(L.concerns(record.concerns.length))
  if (record.concerns.length === 0) await w.paragraph(L.noConcerns, { muted: true })
  for (const c of record.concerns) {
    await w.paragraph(c.title, { bold: true, after: 1 })
    await w.paragraph(L.raised(c.raisedBy.name, party(c.party), c.revision, at(c.createdAt)), {
      muted: true,
      size: 9,
      after: 1,
    })
    for (const line of markdownToLines(c.rationale)) await w.paragraph(line.text, { indent: 8 })
    for (const line of concernGroundsLines(c, locale, party, local))
      await w.paragraph(line, { indent: 8, size: 9, after: 1 })
    if (c.status === 'resolved') {
      await w.paragraph(
        `${L.resolved(c.resolvedBy?.name ?? '', at(c.resolvedAt))}${c.override ? ` · ${L.override}` : ''}`,
        { indent: 8, muted: true, size: 9, after: 1 },
      )
      if (c.resolution) await w.paragraph(c.resolution, { indent: 8 })
    }
  }

  const printed = recordTime(new Date().toISOString(), locale)
  await w.footers((page, total) => L.footer(d.code, page, total, printed))
  return doc.save()
}

type RecordConcern = Awaited<ReturnType<typeof getDecision>>['record']['concerns'][number]

/** A concern's grounds, what would resolve it and who holds it, as the record prints them (ADR 0031). */
function concernGroundsLines(
  c: RecordConcern,
  locale: RecordLocale,
  party: (code: string) => string,
  local: (en: string | null | undefined, ja: string | null | undefined) => string,
): string[] {
  const C = CONCERN_LABELS[locale]
  const g = c.grounds
  const lines: string[] = []
  if (!c.groundsStated) lines.push(C.unstated)
  else if (g.kind === 'charter_item')
    lines.push(C.charterItem(g.ref, g.item ? local(g.item.title, g.item.titleJa) : ''))
  else if (g.kind === 'policy_clause')
    lines.push(C.policyClause(isPolicyClause(g.ref) ? C.clauses[g.ref] : g.ref))
  else lines.push(C.other(g.text))
  if (g.kind !== 'other' && g.text) lines.push(g.text)
  if (c.resolvesWhen) lines.push(C.resolvesWhen(c.resolvesWhen))
  if (c.heldBy === 'party_leads') lines.push(C.heldByLeads(party(c.party), c.raisedBy.name))
  return lines
}
