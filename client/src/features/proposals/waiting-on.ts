import type { WaitingOn } from '../../../../shared/waiting'
import type { I18n } from '../../i18n'

/**
 * What the proposal waits on, in the UI's language, from the server's `waitingOn` code. An
 * approved proposal is closed too, and says so in its own words.
 */
export function waitingOnText(
  waiting: WaitingOn,
  state: string,
  { t, plural }: Pick<I18n, 't' | 'plural'>,
): string {
  switch (waiting.kind) {
    case 'draft':
      return t('proposal.waiting.draft')
    case 'concerns':
      return plural('proposal.waiting.concerns', waiting.count)
    case 'changes_requested':
      return t('proposal.waiting.changes', { parties: waiting.parties.join(', ') })
    case 'approvals': {
      const parties = waiting.parties.map((p) => t('proposal.waiting.partyApprovals', p))
      return t('proposal.waiting.reviews', { parties: parties.join(', ') })
    }
    case 'signoff': {
      const parties = waiting.parties.join(', ')
      return waiting.partnershipLeads
        ? t('proposal.waiting.signoffLeads', { parties })
        : t('proposal.waiting.signoff', { parties })
    }
    case 'closed':
      return state === 'approved' ? t('proposal.waiting.approved') : t('proposal.waiting.closed')
  }
}
