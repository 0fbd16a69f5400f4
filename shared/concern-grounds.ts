/**
 * Grounded concerns (issue 14, ADR 0031): what a concern stands on, and what would resolve it.
 * One vocabulary for the server's check, the form's picker and the record.
 *
 * - `charter_item`: one of the partnership's current (active) charter items, by code;
 * - `policy_clause`: one clause of the rules a proposal is judged by (the approval policy frozen
 *   at submission and the lifecycle rules of the brief), by the code below;
 * - `other`: anything else, said in words.
 *
 * Concerns raised before grounds existed (migration 0023) read as `other` with no text and no
 * "what would resolve it": `groundsStated` tells them apart.
 */
export const CONCERN_GROUND_KINDS = ['charter_item', 'policy_clause', 'other'] as const
export type ConcernGroundKind = (typeof CONCERN_GROUND_KINDS)[number]

/**
 * The policy clauses a concern may stand on. Each is a rule the server enforces elsewhere; the
 * concern says the proposal, as written, falls short of it in a way the rule itself cannot see.
 */
export const POLICY_CLAUSES = [
  /** the approving reviews each party must give, per the proposal type (frozen at submission) */
  'review_threshold',
  /** who may sign off: amendments and stance-touching decisions need partnership leads */
  'signoff_eligibility',
  /** a decision that conflicts with a constraint cannot be approved; only an amendment changes one */
  'constraint_conflict',
  /** a decision against a stance needs every party's partnership leads, and says so openly */
  'stance_departure',
  /** an impact statement, explained, for every active constraint and stance */
  'impact_statements',
  /** nobody reviews or signs off their own proposal; a sign-off counts for one's own party */
  'separation_of_duties',
] as const
export type PolicyClause = (typeof POLICY_CLAUSES)[number]

export function isPolicyClause(code: string): code is PolicyClause {
  return (POLICY_CLAUSES as readonly string[]).includes(code)
}

/** A concern's grounds as the API returns them. */
export interface ConcernGrounds {
  kind: ConcernGroundKind
  /** the charter item's code or the policy clause's code; '' for `other` */
  ref: string
  /** the raiser's words: required for `other`, optional detail otherwise */
  text: string
}

/** Whether the raiser stated grounds: false only for concerns older than grounds (migration 0023). */
export function groundsStated(g: ConcernGrounds, resolvesWhen: string): boolean {
  return !(g.kind === 'other' && g.text === '' && resolvesWhen === '')
}
