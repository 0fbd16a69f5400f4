/** The proposal's history from the audit ledger, oldest first, as this user may see it. */
import { useInfiniteQuery } from '@tanstack/react-query'
import { payloadOf } from '../../../../shared/ledger-events'
import { type MessageKey, useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { useTRPC } from '../../trpc'
import { LoadMore } from '../../ui/load-more'
import { EmptyState, ErrorState, Skeleton } from '../../ui/states'
import type { ProposalView } from './types'

const ACTION_LABELS: Record<string, MessageKey> = {
  'proposal.created': 'timeline.proposal.created',
  'proposal.draft_updated': 'timeline.proposal.draft_updated',
  'proposal.reviewers_assigned': 'timeline.proposal.reviewers_assigned',
  'proposal.submitted': 'timeline.proposal.submitted',
  'proposal.revised': 'timeline.proposal.revised',
  'proposal.withdrawn': 'timeline.proposal.withdrawn',
  'proposal.ready_for_signoff': 'timeline.proposal.ready_for_signoff',
  'proposal.approved': 'timeline.proposal.approved',
  'proposal.rejected': 'timeline.proposal.rejected',
  'review.recorded': 'timeline.review.recorded',
  'review.recused': 'timeline.review.recused',
  'concern.raised': 'timeline.concern.raised',
  'concern.resolved': 'timeline.concern.resolved',
  'signoff.recorded': 'timeline.signoff.recorded',
  'comment.added': 'timeline.comment.added',
  'security.access_denied': 'timeline.security.access_denied',
  'proposal.escalated': 'timeline.proposal.escalated',
  'proposal.cooling_off_ended': 'timeline.proposal.cooling_off_ended',
  'proposal.reopened': 'timeline.proposal.reopened',
}

/** What the timeline says beyond the action: a verdict, or the revision a change made. */
function detailOf(e: { action: string; payload?: unknown }): {
  verdict?: string
  revision?: number
  /** a delegate's sign-off: the lead it was for (ADR 0030) */
  onBehalfOf?: string
} {
  const review = payloadOf(e, 'review.recorded')
  if (review) return { verdict: review.after.verdict }
  const signoff = payloadOf(e, 'signoff.recorded')
  if (signoff) return { verdict: signoff.after.verdict, onBehalfOf: signoff.after.onBehalfOf?.name }
  const revised = payloadOf(e, 'proposal.revised')
  if (revised) return { revision: revised.after.revision }
  return {}
}

export function Timeline({ view }: { view: ProposalView }) {
  const { t, formatDateTime } = useI18n()
  const trpc = useTRPC()
  const partyLabel = usePartyLabel()
  const events = useInfiniteQuery(
    trpc.audit.timeline.infiniteQueryOptions(
      { partnershipId: view.partnershipId, entityType: 'proposal', entityId: view.id, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  )
  const items = events.data?.pages.flatMap((p) => p.items) ?? []
  const verdictLabel = (verdict: string): string => {
    const key = {
      approve: 'proposal.verdict.approve',
      request_changes: 'proposal.verdict.request_changes',
      no_objection: 'proposal.verdict.no_objection',
      abstain: 'proposal.verdict.abstain',
      reject: 'signoff.verdict.reject',
    }[verdict] as MessageKey | undefined
    return key ? t(key) : verdict
  }
  return (
    <section className="card" aria-labelledby="timeline-heading" id="timeline">
      <h2 id="timeline-heading">{t('timeline.title')}</h2>
      <p className="field-help">{t('timeline.help')}</p>
      {events.isPending ? (
        <Skeleton lines={4} />
      ) : events.error ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{t('timeline.empty')}</EmptyState>
      ) : (
        <ol className="timeline">
          {items.map((e) => {
            const label = ACTION_LABELS[e.action]
            const detail = detailOf(e)
            return (
              <li key={e.seq} className="timeline-event">
                <p className="timeline-what">
                  <strong>{label ? t(label) : e.action}</strong>
                  {detail.verdict ? <span> — {verdictLabel(detail.verdict)}</span> : null}
                  {detail.revision ? (
                    <span> — {t('proposal.revisionOf', { n: detail.revision })}</span>
                  ) : null}
                </p>
                <p className="meta">
                  <time dateTime={e.ts}>{formatDateTime(e.ts)}</time> ·{' '}
                  {e.actorName && detail.onBehalfOf
                    ? t('signoff.nameFor', { name: e.actorName, lead: detail.onBehalfOf })
                    : (e.actorName ?? t('timeline.system'))}
                  {e.actorParty ? ` (${partyLabel(e.actorParty)})` : ''} ·{' '}
                  <span className="code">#{e.seq}</span>
                </p>
                {e.redacted ? (
                  <p className="meta timeline-private">
                    {t('timeline.private', {
                      party: partyLabel(e.visibility.replace(/^party:/, '')),
                    })}
                  </p>
                ) : null}
              </li>
            )
          })}
        </ol>
      )}
      <LoadMore query={events} />
    </section>
  )
}
