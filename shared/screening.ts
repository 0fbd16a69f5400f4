/**
 * Screens proposal text against the screening terms of the charter's constraints and stances.
 * Runs on the server at submit and revise, and in the editor as the user types.
 *
 * English terms match whole words, case-insensitively, with any run of spaces or hyphens between
 * the words of a term and an optional plural ending ("share swaps", "share-swap", "equities"). A
 * term never matches inside a longer word ("equityless", "emerger"), but Japanese characters do
 * not count as part of a word: Japanese is written without spaces, so an English term inside a
 * Japanese sentence ("mergerを検討") still stands on its own. Japanese terms match as substrings,
 * since Japanese text has no spaces between words. Both sides are NFKC-normalised first, so
 * full-width letters and half-width katakana match too.
 */
import type { ScreeningTerms } from './charter'

export interface ScreenedItem {
  id: string
  code: string
  kind: string
  title: string
  /** An item written only in Japanese has title '' (ADR 0023): messages name it by this. */
  titleJa?: string | null
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

/** A letter or digit of a script written with spaces between words (so not kanji or kana). */
const WORD_CHAR = '(?:(?![\\p{scx=Han}\\p{scx=Hira}\\p{scx=Kana}])[\\p{L}\\p{N}])'

/** The plural endings of a term's last word: "policy" → "policies", "swap" → "swaps". */
function withPlural(word: string): string {
  return /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}(?:y|ies)` : `${word}(?:s|es)?`
}

function englishPattern(term: string): RegExp {
  let pattern = patternCache.get(term)
  if (!pattern) {
    const words = normalize(term)
      .trim()
      .split(/[\s-]+/)
      .filter(Boolean)
      .map(escapeRegExp)
    const last = words.length - 1
    // A term of only hyphens has no word to look for: it matches nothing (not everything).
    if (last < 0) pattern = /(?!)/
    else {
      words[last] = withPlural(words[last] as string)
      pattern = new RegExp(`(?<!${WORD_CHAR})${words.join('[\\s-]+')}(?!${WORD_CHAR})`, 'u')
    }
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
    const label = `${item.code} "${item.title || item.titleJa || ''}"`
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
    // A screening term in the text of a proposal stated to have no impact stops it until the
    // author explains why it does not touch the item (the explanation is shown to reviewers).
    const hit = hits.find((h) => h.itemId === item.id)
    if (hit && statement.explanation.trim().length < MIN_EXPLANATION) {
      findings.push({
        rule: 'screening_hit',
        itemId: item.id,
        code: item.code,
        title: item.title,
        term: hit.term,
        message: `The text mentions "${hit.term}", a screening term of ${label}, while the impact is stated as none. Explain why the proposal does not touch ${item.code} (at least ${MIN_EXPLANATION} characters), ${
          item.kind === 'constraint' && input.type === 'decision'
            ? 'or change the text (a decision cannot touch a constraint: to change it, file a charter amendment).'
            : `state that it touches ${item.code}, or change the text.`
        }`,
      })
    }
  }
  return { findings, hits, stanceTouched }
}
