/**
 * Positions, as in the IETF's ballots (issue 14, ADR 0029): what a reviewer may record on a
 * revision, and which of them count toward the approvals the policy needs per party. The policy
 * (shared/charter.ts `ApprovalPolicy`) says, per proposal type, which are offered and which count;
 * this file is the one place that reads it, for the server, the waits rule and the review form.
 */
import type { ApprovalPolicy } from './charter'

export const POSITIONS = [
  'approve',
  'no_objection',
  'abstain',
  'recuse',
  'request_changes',
] as const
export type Position = (typeof POSITIONS)[number]

/** Positions recorded as a review of one revision (a recusal is of the whole proposal). */
export const REVIEW_POSITIONS = ['approve', 'no_objection', 'abstain', 'request_changes'] as const
export type ReviewPosition = (typeof REVIEW_POSITIONS)[number]

/** Positions that may ever count toward the threshold: the others never do. */
export const COUNTABLE_POSITIONS = ['approve', 'no_objection'] as const

/** Positions every policy offers: agreeing, objecting, and stepping aside for a conflict. */
export const ALWAYS_OFFERED: readonly Position[] = ['approve', 'request_changes', 'recuse']

/** Positions that must give their reason on the record. */
export const REASON_REQUIRED: readonly Position[] = ['abstain', 'recuse', 'request_changes']

export interface PositionRule {
  /** what the review form offers (and the server accepts) */
  offered: Position[]
  /** what counts toward `reviewsPerParty` */
  counted: Position[]
}

/** The default: a decision passes on trust (no objection counts); an amendment needs approvals. */
export const DEFAULT_POSITIONS: ApprovalPolicy['positions'] = {
  decision: { offered: [...POSITIONS], counted: ['approve', 'no_objection'] },
  amendment: {
    offered: ['approve', 'abstain', 'recuse', 'request_changes'],
    counted: ['approve'],
  },
}

export function positionRule(policy: ApprovalPolicy, type: 'decision' | 'amendment'): PositionRule {
  return policy.positions[type]
}

/** Whether a position on the current revision counts toward the party's approvals. */
export function countsToward(
  policy: ApprovalPolicy,
  type: 'decision' | 'amendment',
  position: string,
): boolean {
  return (positionRule(policy, type).counted as string[]).includes(position)
}

/** Whether a position holds the proposal up until the author revises (only request changes). */
export function blocks(position: string): boolean {
  return position === 'request_changes'
}
