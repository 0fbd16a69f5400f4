/**
 * What Concord tells people about, as codes. The server stores these codes and data; sentences
 * are written by the client's i18n (the bell) and by server/notify/templates.ts (email only).
 */

export const NOTIFICATION_CATEGORIES = [
  'reviews',
  'concerns',
  'signoffs',
  'outcomes',
  'reminders',
  'mentions',
] as const
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number]

/** Each kind and the category a person opts out of to stop its email. */
export const NOTIFICATION_KINDS = {
  'review.requested': 'reviews',
  'review.changes_requested': 'reviews',
  'concern.raised': 'concerns',
  'concern.resolved': 'concerns',
  'signoff.owed': 'signoffs',
  'signoff.escalated': 'signoffs',
  'proposal.approved': 'outcomes',
  'proposal.rejected': 'outcomes',
  'proposal.withdrawn': 'outcomes',
  'decide_by.approaching': 'reminders',
  'decide_by.overdue': 'reminders',
  'wait.owned': 'reminders',
  mention: 'mentions',
  // the escalation ladder (ADR 0032): to both parties' partnership leads, the author and followers
  'proposal.escalated': 'outcomes',
  'proposal.reopened': 'outcomes',
  // A party's witness refused a checkpoint (ADR 0035): told to that party's leads, admins, auditors.
  'witness.refused': 'reminders',
  // Delegation within a party (ADR 0030): the second person asked to approve it, then the
  // delegate and the delegating lead when it is approved or ended. Only that party's people.
  'delegation.requested': 'signoffs',
  'delegation.approved': 'signoffs',
  'delegation.ended': 'signoffs',
} as const satisfies Record<string, NotificationCategory>
export type NotificationKind = keyof typeof NOTIFICATION_KINDS

export function isNotificationKind(value: string): value is NotificationKind {
  return Object.hasOwn(NOTIFICATION_KINDS, value)
}

export function categoryOf(kind: NotificationKind): NotificationCategory {
  return NOTIFICATION_KINDS[kind]
}

/**
 * Data of a notification: codes, names and dates, never sentences. Everything in it must be
 * something the recipient may read (the caller filters; see server/notify/outbox.ts).
 */
export interface NotificationPayload {
  /** The proposal's code as the recipient knows it (P-12, or the own party's draft handle). */
  proposalCode?: string
  proposalTitle?: string
  /** Who acted. */
  actorName?: string
  actorParty?: string | null
  /** The party concerned (the one that owes a sign-off, whose reviewers are missing ...). */
  partyCode?: string
  /** YYYY-MM-DD */
  decideBy?: string
  /** Business days left (negative: overdue by) on the recipient party's calendar. */
  businessDays?: number
  /** A code for what is missing or why (e.g. 'approvals_short', 'reviewers_missing'). */
  reasonCode?: string
  /** Joint text the recipient may read: a rejection's rationale, a concern's title. */
  text?: string
  /** How many of `needed` there are (approvals, reviewers). */
  have?: number
  needed?: number
  /** The escalation ladder: the body a proposal went to, and the last day of its cooling-off. */
  body?: string
  coolingOffUntil?: string
  /** A delegation: who lets whom sign for them, over which days (YYYY-MM-DD, both included). */
  delegatorName?: string
  delegateName?: string
  startsOn?: string
  endsOn?: string
}

/**
 * Where a notification opens in the app, for the bell's list and the email's link: its
 * proposal's page (at the section it is about), or the page of what it concerns; null for none.
 */
export function notificationPath(kind: NotificationKind, proposalId: string | null): string | null {
  if (proposalId) {
    const section =
      kind === 'mention'
        ? '?tab=discussion'
        : kind.startsWith('review.') || kind.startsWith('concern.')
          ? '?tab=reviews'
          : ''
    return `/proposals/${encodeURIComponent(proposalId)}${section}`
  }
  if (kind.startsWith('delegation.')) return '/workstreams#delegations'
  if (kind === 'witness.refused') return '/audit'
  return null
}

export type EmailMode = 'immediate' | 'digest' | 'off'
export const EMAIL_MODES: readonly EmailMode[] = ['immediate', 'digest', 'off']
