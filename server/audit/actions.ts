/** Every action the ledger records: dotted, past tense, one list. */
export const LEDGER_ACTIONS = [
  'partnership.created',
  'party.created',
  'charter.item_added',
  'workstream.created',
  'workstream.person_set',
  'workstream.person_removed',
  'user.created',
  'user.disabled',
  'user.enabled',
  'membership.roles_set',
  'session.started',
  'session.ended',
  'security.login_failed',
  'security.access_denied',
] as const

export type LedgerAction = (typeof LEDGER_ACTIONS)[number]
