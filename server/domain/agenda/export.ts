/**
 * The agenda as a file, Markdown or PDF (A4, Noto Sans JP through the shared page writer), in
 * English or Japanese: the same sections the page shows, from the same procedure's answer.
 */
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument } from 'pdf-lib'
import type { Executor } from '../../../db/connect'
import { inLanguage } from '../../../shared/charter'
import { recordTime } from '../decisions/pdf-labels'
import { partiesOf } from '../partnerships'
import { RecordWriter } from '../pdf-writer'
import type { Agenda, AgendaDecision, AgendaProposal, AgendaWorkstream } from './agenda'
import { AGENDA_LABELS, type AgendaLocale } from './labels'

/** Lines of the agenda, shared by both formats: headings, items and their details. */
type Line =
  | { kind: 'title'; text: string }
  | { kind: 'subtitle'; text: string }
  | { kind: 'section'; text: string }
  | { kind: 'group'; text: string }
  | { kind: 'item'; text: string }
  | { kind: 'detail'; text: string }
  | { kind: 'empty'; text: string }

async function linesOf(
  db: Executor,
  a: Agenda,
  locale: AgendaLocale,
  partnershipName: string,
): Promise<Line[]> {
  const L = AGENDA_LABELS[locale]
  const parties = await partiesOf(db, [a.partnershipId])
  const party = parties.find((p) => p.code === a.party)
  const partyName = party ? (locale === 'ja' && party.name_ja ? party.name_ja : party.name) : ''
  const stream = (w: AgendaWorkstream | null) =>
    w ? `${w.code} ${inLanguage(locale, w.name, w.nameJa).text}` : L.noWorkstream
  const sep = locale === 'ja' ? '・' : ' · '
  const lines: Line[] = [
    { kind: 'title', text: `${L.heading}: ${partnershipName}` },
    { kind: 'subtitle', text: L.forParty(partyName, recordTime(a.generatedAt, locale)) },
  ]
  const byWorkstream = <T extends { workstream: AgendaWorkstream | null }>(items: T[]) => {
    const groups = new Map<string, T[]>()
    for (const i of items) {
      const key = stream(i.workstream)
      groups.set(key, [...(groups.get(key) ?? []), i])
    }
    return [...groups.entries()].sort(([x], [y]) => x.localeCompare(y))
  }
  const proposal = (p: AgendaProposal): Line[] => [
    {
      kind: 'item',
      text: [
        `${p.code} ${p.title}`,
        L.state[p.state] ?? p.state,
        p.decideBy ? L.decideBy(p.decideBy) : L.noDecideBy,
        p.overdue ? L.overdue : null,
        p.escalation
          ? L.onLadder(
              p.escalation.body,
              p.escalation.escalatedOn,
              p.escalation.coolingOffUntil,
              p.escalation.coolingOffOver,
            )
          : null,
      ]
        .filter(Boolean)
        .join(sep),
    },
  ]
  const decision = (d: AgendaDecision): Line[] => [
    { kind: 'item', text: `${d.code} ${d.title}${sep}${L.effective(d.effectiveDate)}` },
    ...d.changedItems.map((c): Line => {
      const title = inLanguage(locale, c.title, c.titleJa).text
      return {
        kind: 'detail',
        text: (c.retired ? L.retiredItem : L.changedItem)(c.code, title, c.version, c.byDecision),
      }
    }),
  ]
  for (const s of a.sections) {
    lines.push({ kind: 'section', text: `${L.section[s.key]} (${s.items.length})` })
    if (s.items.length === 0) {
      lines.push({ kind: 'empty', text: L.empty[s.key] })
      continue
    }
    if (s.key === 'decisions_for_review') {
      for (const [group, items] of byWorkstream(s.items)) {
        lines.push({ kind: 'group', text: group })
        for (const d of items) lines.push(...decision(d))
      }
    } else {
      for (const [group, items] of byWorkstream(s.items)) {
        lines.push({ kind: 'group', text: group })
        for (const p of items) lines.push(...proposal(p))
      }
    }
  }
  return lines
}

/** Markdown's own characters in a line of text, escaped so a title is read as words. */
function md(text: string): string {
  return text.replace(/([\\`*_[\]<>#|~])/g, '\\$1')
}

export async function agendaMarkdown(
  db: Executor,
  a: Agenda,
  locale: AgendaLocale,
  partnershipName: string,
): Promise<string> {
  const out: string[] = []
  for (const line of await linesOf(db, a, locale, partnershipName)) {
    const t = md(line.text)
    if (line.kind === 'title') out.push(`# ${t}`, '')
    else if (line.kind === 'subtitle') out.push(`_${t}_`, '')
    else if (line.kind === 'section') out.push(`## ${t}`, '')
    else if (line.kind === 'group') out.push(`### ${t}`, '')
    else if (line.kind === 'item') out.push(`- ${t}`)
    else if (line.kind === 'detail') out.push(`  - ${t}`)
    else out.push(`_${t}_`, '')
  }
  // A blank line closes each list.
  return `${out
    .join('\n')
    .replace(/\n(#+ )/g, '\n\n$1')
    .replace(/\n{3,}/g, '\n\n')}\n`
}

export async function agendaPdf(
  db: Executor,
  a: Agenda,
  locale: AgendaLocale,
  partnershipName: string,
): Promise<Uint8Array> {
  const L = AGENDA_LABELS[locale]
  const doc = await PDFDocument.create()
  doc.registerFontkit(fontkit)
  doc.setTitle(`${L.heading}: ${partnershipName}`)
  doc.setLanguage(locale === 'ja' ? 'ja-JP' : 'en')
  doc.setProducer('Concord')
  doc.setCreationDate(new Date())
  const w = new RecordWriter(doc)
  for (const line of await linesOf(db, a, locale, partnershipName)) {
    if (line.kind === 'title') await w.heading(line.text, 1)
    else if (line.kind === 'subtitle') await w.paragraph(line.text, { muted: true, after: 6 })
    else if (line.kind === 'section') await w.heading(line.text, 2)
    else if (line.kind === 'group') await w.heading(line.text, 3)
    else if (line.kind === 'item') await w.paragraph(`• ${line.text}`, { indent: 8, after: 2 })
    else if (line.kind === 'detail')
      await w.paragraph(line.text, { indent: 20, muted: true, size: 9, after: 2 })
    else await w.paragraph(line.text, { muted: true })
  }
  const printed = recordTime(new Date().toISOString(), locale)
  await w.footers((page, total) => L.footer(page, total, printed))
  return doc.save()
}
