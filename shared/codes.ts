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
