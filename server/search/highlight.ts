/** A piece of text, and whether it is one of the searched words: the client renders no HTML. */
export interface Segment {
  text: string
  match: boolean
}

/** A case-insensitive pattern for any of the terms, longest first, every character literal. */
export function termPattern(terms: string[]): RegExp {
  const alternatives = [...terms]
    .sort((a, b) => b.length - a.length)
    .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(alternatives.join('|'), 'giu')
}

export function segmentsOf(text: string, pattern: RegExp): Segment[] {
  const segments: Segment[] = []
  let last = 0
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0
    if (m[0].length === 0) continue
    if (at > last) segments.push({ text: text.slice(last, at), match: false })
    segments.push({ text: m[0], match: true })
    last = at + m[0].length
  }
  if (last < text.length) segments.push({ text: text.slice(last), match: false })
  return segments
}

const BEFORE = 60
const LENGTH = 200

/** Never cut a character that takes two UTF-16 units in half. */
function safeIndex(text: string, index: number): number {
  const code = text.charCodeAt(index)
  return code >= 0xdc00 && code <= 0xdfff ? index - 1 : index
}

/**
 * About 200 characters of the text around its first match (or its start), as segments, with
 * an ellipsis where it was cut.
 */
export function snippetOf(text: string, pattern: RegExp): Segment[] {
  const flat = text.replace(/\s+/g, ' ').trim()
  pattern.lastIndex = 0
  const first = flat.search(pattern)
  const start = first <= BEFORE ? 0 : safeIndex(flat, first - BEFORE)
  const end = start + LENGTH >= flat.length ? flat.length : safeIndex(flat, start + LENGTH)
  const segments = segmentsOf(flat.slice(start, end), pattern)
  if (start > 0) segments.unshift({ text: '…', match: false })
  if (end < flat.length) segments.push({ text: '…', match: false })
  return segments
}

function countOf(text: string, pattern: RegExp): Map<string, number> {
  const counts = new Map<string, number>()
  for (const m of text.matchAll(pattern)) {
    const key = m[0].toLowerCase()
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

const KIND_WEIGHT: Record<string, number> = {
  charter_item: 1,
  decision: 0.5,
  proposal: 0.25,
  comment: 0,
}

/**
 * Relevance of one document: a word in the title counts most, then how often each word occurs
 * in the body (dampened, so a long text does not win by length), then the kind of thing.
 */
export function scoreOf(
  doc: { kind: string; title: string; body: string },
  terms: string[],
  pattern: RegExp,
): number {
  const inTitle = countOf(doc.title, pattern)
  const inBody = countOf(doc.body, pattern)
  let score = KIND_WEIGHT[doc.kind] ?? 0
  let allInTitle = true
  for (const term of terms) {
    const t = inTitle.get(term) ?? 0
    if (t > 0) score += 5
    else allInTitle = false
    score += Math.log2(1 + (inBody.get(term) ?? 0))
  }
  if (allInTitle) score += 3
  return score
}
