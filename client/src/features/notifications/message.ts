/** A notification in words: the server stores codes and data, the client's dictionary says it. */
import type { NotificationKind, NotificationPayload } from '../../../../shared/notification-kinds'
import type { I18n, MessageKey } from '../../i18n'

const KIND_KEYS: Record<NotificationKind, MessageKey> = {
  'review.requested': 'notifications.kind.review.requested',
  'review.changes_requested': 'notifications.kind.review.changes_requested',
  'concern.raised': 'notifications.kind.concern.raised',
  'concern.resolved': 'notifications.kind.concern.resolved',
  'signoff.owed': 'notifications.kind.signoff.owed',
  'signoff.escalated': 'notifications.kind.signoff.escalated',
  'proposal.approved': 'notifications.kind.proposal.approved',
  'proposal.rejected': 'notifications.kind.proposal.rejected',
  'proposal.withdrawn': 'notifications.kind.proposal.withdrawn',
  'decide_by.approaching': 'notifications.kind.decide_by.approaching',
  'decide_by.overdue': 'notifications.kind.decide_by.overdue',
  'wait.owned': 'notifications.kind.wait.owned',
  mention: 'notifications.kind.mention',
  'proposal.escalated': 'notifications.kind.proposal.escalated',
  'proposal.reopened': 'notifications.kind.proposal.reopened',
  'witness.refused': 'witness.notify.refused',
  'delegation.requested': 'notifications.kind.delegation.requested',
  'delegation.approved': 'notifications.kind.delegation.approved',
  'delegation.ended': 'notifications.kind.delegation.ended',
}

export function notificationText(
  i18n: Pick<I18n, 't'>,
  kind: NotificationKind,
  p: NotificationPayload,
  formatDay: (day: string) => string,
): string {
  const { t } = i18n
  return t(keyOf(kind, p), {
    code: p.proposalCode ?? '',
    title: p.proposalTitle ?? '',
    actor: p.actorName ?? t('notifications.someone'),
    // A refusal by the operator's own witness names no party.
    party: p.partyCode ?? (kind === 'witness.refused' ? t('witness.notify.operator') : ''),
    text: p.text ?? '',
    date: p.decideBy ? formatDay(p.decideBy) : '',
    days: p.businessDays ?? '',
    have: p.have ?? 0,
    needed: p.needed ?? 0,
    until: p.coolingOffUntil ? formatDay(p.coolingOffUntil) : '',
    delegator: p.delegatorName ?? '',
    delegate: p.delegateName ?? '',
    from: p.startsOn ? formatDay(p.startsOn) : '',
    to: p.endsOn ? formatDay(p.endsOn) : '',
  })
}

/** `wait.owned` says which wait (shared/waits.ts) its owner is told of. */
function keyOf(kind: NotificationKind, p: NotificationPayload): MessageKey {
  if (kind === 'wait.owned' && p.reasonCode === 'reviewers_missing')
    return 'waits.notify.reviewersMissing'
  if (kind === 'wait.owned' && p.reasonCode === 'charter_conflict')
    return 'waits.notify.charterConflict'
  if (kind === 'proposal.escalated' && p.body === 'executives')
    return 'notifications.kind.proposal.escalated.executives'
  if (kind === 'delegation.ended' && p.reasonCode === 'cancelled')
    return 'notifications.kind.delegation.cancelled'
  if (kind === 'witness.refused' && p.reasonCode === 'rollback') return 'witness.notify.rollback'
  if (kind === 'witness.refused' && p.reasonCode === 'split_view') return 'witness.notify.splitView'
  return KIND_KEYS[kind]
}
