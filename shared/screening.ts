/**
 * Screens proposal text against the screening terms of the charter's constraints and stances.
 * Runs on the server at submit and revise, and in the editor as the user types.
 *
 * English terms match whole words, case-insensitively, with any run of spaces or hyphens between
 * the words of a term and an optional plural ending ("share swaps", "share-swap"). Japanese
 * terms match as substrings, since Japanese text has no spaces between words. Both sides are
 * NFKC-normalised first, so full-width letters and half-width katakana match too.
 */
import type { ScreeningTerms } from './charter'

export interface ScreenedItem {
  id: string
  code: string
  kind: string
  title: string
  screeningTerms: ScreeningTerms
}

export interface ScreeningHit {
  itemId: string
  code: string
  title: string
  term: string
  lang: 'en' | 'ja'
}

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const patternCache = new Map<string, RegExp>()

function englishPattern(term: string): RegExp {
  let pattern = patternCache.get(term)
  if (!pattern) {
    const words = normalize(term)
      .trim()
      .split(/[\s-]+/)
      .filter(Boolean)
      .map(escapeRegExp)
    // Letters and digits of any script count as word characters for the boundaries.
    pattern = new RegExp(
      `(?<![\\p{L}\\p{N}])${words.join('[\\s-]+')}(?:s|es)?(?![\\p{L}\\p{N}])`,
      'u',
    )
    patternCache.set(term, pattern)
  }
  return pattern
}

export function screenText(text: string, items: readonly ScreenedItem[]): ScreeningHit[] {
  const haystack = normalize(text)
  const hits: ScreeningHit[] = []
  for (const item of items) {
    for (const term of item.screeningTerms.en) {
      if (term.trim() && englishPattern(term).test(haystack)) {
        hits.push({ itemId: item.id, code: item.code, title: item.title, term, lang: 'en' })
      }
    }
    for (const term of item.screeningTerms.ja) {
      if (term.trim() && haystack.includes(normalize(term))) {
        hits.push({ itemId: item.id, code: item.code, title: item.title, term, lang: 'ja' })
      }
    }
  }
  return hits
}

export type Impact = 'none' | 'touches'

export interface ImpactStatement {
  itemId: string
  impact: Impact
  explanation: string
}

export interface GuardrailItem extends ScreenedItem {
  kind: 'constraint' | 'stance' | string
}

export type GuardrailFinding =
  | { rule: 'impact_missing'; itemId: string; code: string; title: string; message: string }
  | { rule: 'explanation_missing'; itemId: string; code: string; title: string; message: string }
  | { rule: 'constraint_touched'; itemId: string; code: string; title: string; message: string }
  | {
      rule: 'screening_hit'
      itemId: string
      code: string
      title: string
      term: string
      message: string
    }

export const MIN_EXPLANATION = 10

/**
 * The charter guardrails for one proposal text. Returns every finding; an empty list means the
 * text may be submitted. `stanceTouched` tells whether both partnership leads must sign.
 */
export function checkGuardrails(input: {
  type: 'decision' | 'amendment'
  title: string
  body: string
  impacts: readonly ImpactStatement[]
  /** the active constraints and stances */
  items: readonly GuardrailItem[]
}): { findings: GuardrailFinding[]; hits: ScreeningHit[]; stanceTouched: boolean } {
  const findings: GuardrailFinding[] = []
  const impactOf = new Map(input.impacts.map((s) => [s.itemId, s]))
  const hits = screenText(`${input.title}\n${input.body}`, input.items)
  let stanceTouched = false
  for (const item of input.items) {
    const label = `${item.code} "${item.title}"`
    const statement = impactOf.get(item.id)
    if (!statement) {
      findings.push({
        rule: 'impact_missing',
        itemId: item.id,
        code: item.code,
        title: item.title,
        message: `State the impact on ${label}: none, or touches with an explanation.`,
      })
      continue
    }
    if (statement.impact === 'touches') {
      if (item.kind === 'stance') stanceTouched = true
      if (statement.explanation.trim().length < MIN_EXPLANATION) {
        findings.push({
          rule: 'explanation_missing',
          itemId: item.id,
          code: item.code,
          title: item.title,
          message: `Explain how the proposal touches ${label} (at least ${MIN_EXPLANATION} characters).`,
        })
      }
      if (item.kind === 'constraint' && input.type === 'decision') {
        findings.push({
          rule: 'constraint_touched',
          itemId: item.id,
          code: item.code,
          title: item.title,
          message: `${label} is a hard constraint of the charter: a decision cannot touch it. To change the constraint, file a charter amendment instead.`,
        })
      }
      continue
    }
    const hit = hits.find((h) => h.itemId === item.id)
    if (hit) {
      findings.push({
        rule: 'screening_hit',
        itemId: item.id,
        code: item.code,
        title: item.title,
        term: hit.term,
        message: `The text mentions "${hit.term}", a screening term of ${label}, but the impact is stated as none. State that it touches ${item.code} and explain${
          item.kind === 'constraint' && input.type === 'decision'
            ? ' (a decision cannot touch a constraint: file a charter amendment)'
            : ''
        }, or change the text.`,
      })
    }
  }
  return { findings, hits, stanceTouched }
}
