/** How people name proposals and decisions: P-12, D-7. The one formatter, on server and client. */

/**
 * A proposal is P-n once submitted. Before that it has no partnership-wide number (gaps would
 * count the other party's drafts); it goes by a handle only its author's party ever sees.
 */
export function proposalCode(p: {
  number: number | null
  draft_number?: number | null
  author_party?: string
}): string {
  if (p.number !== null) return `P-${p.number}`
  return `${p.author_party ?? 'PARTY'}-DRAFT-${p.draft_number ?? 0}`
}

export function decisionCode(d: { number: number }): string {
  return `D-${d.number}`
}

/** What a code names, read by `parseCode`: the one parser, for the server and the client. */
export type ParsedCode =
  | { kind: 'proposal'; code: string; number: number }
  | { kind: 'draft'; code: string; party: string; draftNumber: number }
  | { kind: 'decision'; code: string; number: number }
  /** A charter item (CON-1, OBJ-2) or a workstream (WS-BAT): both are codes their partnership gave. */
  | { kind: 'item'; code: string }

const PROPOSAL = /^P-(\d{1,9})$/
const DECISION = /^D-(\d{1,9})$/
const DRAFT = /^([A-Z][A-Z0-9_]{1,31})-DRAFT-(\d{1,9})$/
const ITEM = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Reads what a person typed as a code (any case, spaces around it ignored): P-12, D-7,
 * HONDA-DRAFT-3, CON-1, WS-BAT. Null when it is not shaped like a code (an id, words).
 */
export function parseCode(text: string): ParsedCode | null {
  const code = text.trim().toUpperCase()
  if (code.length > 64) return null
  const proposal = PROPOSAL.exec(code)
  if (proposal) return { kind: 'proposal', code, number: Number(proposal[1]) }
  const decision = DECISION.exec(code)
  if (decision) return { kind: 'decision', code, number: Number(decision[1]) }
  const draft = DRAFT.exec(code)
  if (draft) {
    return { kind: 'draft', code, party: draft[1] as string, draftNumber: Number(draft[2]) }
  }
  if (ITEM.test(code) && !UUID.test(code)) return { kind: 'item', code }
  return null
}

/** An internal id (a UUID) rather than a code: addresses accept both. */
export function isId(text: string): boolean {
  return UUID.test(text)
}
