/**
 * Delegation within a party (issue 14, ADR 0030): a lead lends their signing power to a named
 * person of the same party for a range of days in the party's calendar. The rule of when one is
 * in force lives here, asked at the moment of use by the server (sign-off) and the client (which
 * "Sign off for …" to offer): no job has to end a delegation for it to end.
 */
import type { Role } from './roles'

/** Roles whose signing power can be delegated: the leads who sign off. */
export const DELEGATOR_ROLES: readonly Role[] = ['partnership_lead', 'workstream_lead']

/** Roles a delegate must hold in the partnership: they take part in its work (and so can see it). */
export const DELEGATE_ROLES: readonly Role[] = ['member', 'workstream_lead', 'partnership_lead']

/** Longest range one delegation may cover, in days (a lend, not a transfer of office). */
export const MAX_DELEGATION_DAYS = 92
/** How far ahead a delegation may start: one asked for next year is asked too early. */
export const MAX_DELEGATION_LEAD_DAYS = 366

export type DelegationStatus = 'pending' | 'approved' | 'cancelled' | 'revoked'

/**
 * Where a delegation stands at an instant: `pending` (waiting for the second person),
 * `scheduled` (approved, its first day not begun), `active`, `expired` (its last day ended),
 * `revoked` or `cancelled`.
 */
export type DelegationState =
  | 'pending'
  | 'scheduled'
  | 'active'
  | 'expired'
  | 'revoked'
  | 'cancelled'

export function delegationState(
  d: { status: DelegationStatus; startsAt: string; endsAt: string },
  now: string = new Date().toISOString(),
): DelegationState {
  if (d.status !== 'approved') return d.status
  if (now < d.startsAt) return 'scheduled'
  if (now >= d.endsAt) return 'expired'
  return 'active'
}

/** Whole days from `from` to `to` (YYYY-MM-DD), counted inclusively. */
export function daysInRange(from: string, to: string): number {
  return (
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
  )
}
