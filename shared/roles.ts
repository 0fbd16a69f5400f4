/** Roles a user holds within one partnership. A person may hold several. */
export const ROLES = ['member', 'workstream_lead', 'partnership_lead', 'auditor', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  member: 'Member',
  workstream_lead: 'Workstream lead',
  partnership_lead: 'Partnership lead',
  auditor: 'Auditor',
  admin: 'Admin',
}

/** Roles that take part in the joint work (file, comment, review). Auditors and admins only read or administer. */
export const PARTICIPANT_ROLES: readonly Role[] = ['member', 'workstream_lead', 'partnership_lead']

/**
 * Roles that carry power over the partnership's record: signing (leads), reading everything
 * (auditor), granting (admin). Granting one waits for a second person of the same party
 * (docs/decisions/0010-party-governance.md); taking one away is immediate.
 */
export const POWER_ROLES: readonly Role[] = [
  'workstream_lead',
  'partnership_lead',
  'auditor',
  'admin',
]

export function isPowerRole(role: Role): boolean {
  return POWER_ROLES.includes(role)
}

/** Who may confirm a grant or approve an auditor's admission for their party. */
export const CONFIRMER_ROLES: readonly Role[] = ['admin', 'partnership_lead']

/**
 * Who may ask for a signed checkpoint now (the server also signs one every CHECKPOINT_EVERY
 * events on its own): a write to the ledger, so not auditors, who change nothing.
 */
export const CHECKPOINT_ROLES: readonly Role[] = ['partnership_lead', 'admin']

/** Roles that may read the whole joint record of a partnership. */
export const READER_ROLES: readonly Role[] = ROLES

export function hasAnyRole(held: readonly Role[], wanted: readonly Role[]): boolean {
  return held.some((role) => wanted.includes(role))
}
