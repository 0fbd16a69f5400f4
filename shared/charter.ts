/** Charter vocabulary shared by the server and the browser. */
import { DEFAULT_POSITIONS, type PositionRule } from './positions'

export const CHARTER_KINDS = [
  'objective',
  'area',
  'constraint',
  'stance',
  'market',
  // what happens on deadlock: the escalation ladder (ADR 0032, shared/escalation.ts)
  'procedure',
] as const
export type CharterKind = (typeof CHARTER_KINDS)[number]

export interface ScreeningTerms {
  en: string[]
  ja: string[]
}

export interface ApprovalPolicy {
  /** Approving reviews each party must give on the current revision. */
  reviewsPerParty: { decision: number; amendment: number }
  /** Positions offered and counted, per type (shared/positions.ts, ADR 0029). */
  positions: { decision: PositionRule; amendment: PositionRule }
}

export const DEFAULT_POLICY: ApprovalPolicy = {
  reviewsPerParty: { decision: 1, amendment: 2 },
  positions: DEFAULT_POSITIONS,
}

export type TextLang = 'en' | 'ja'

/**
 * A text a party may have written in English, Japanese or both (ADR 0023): the viewer's language
 * when it was written, otherwise the other one, saying which it is so the page can mark it (and
 * set `lang`). English '' stands for "not written" (the stored column cannot be null).
 */
export function inLanguage(
  want: TextLang,
  en: string | null | undefined,
  ja: string | null | undefined,
): { text: string; lang: TextLang } {
  const written = { en: en || null, ja: ja || null }
  const other: TextLang = want === 'en' ? 'ja' : 'en'
  const text = written[want]
  if (text !== null) return { text, lang: want }
  return { text: written[other] ?? '', lang: other }
}
