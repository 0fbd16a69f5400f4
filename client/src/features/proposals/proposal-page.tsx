/**
 * A proposal's page: where it stands and what it waits on, its content, revisions and diffs,
 * reviews, concerns, the sign-off panel, comments and the ledger's timeline. Only the actions in
 * the view's `myActions` (the shared lifecycle table, asked by the server) are offered; every
 * change carries the version this page loaded.
 */
import { useQuery } from '@tanstack/react-query'
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { Link } from '../../router'
import { isApiError, useTRPC } from '../../trpc'
import { DecideBy } from '../../ui/decide-by'
import { Page } from '../../ui/page'
import { StateBadge } from '../../ui/state-badge'
import { EmptyState, ErrorState, PageSkeleton } from '../../ui/states'
import { FollowButton } from '../notifications/follow-button'
import { ActionBar } from './action-bar'
import { Comments } from './comments'
import { Concerns } from './concerns'
import { ProposalContent } from './proposal-content'
import { Reviewers } from './reviewers'
import { Reviews } from './reviews'
import { Revisions } from './revisions'
import { SignoffPanel } from './signoffs'
import { SinceLastVisit } from './since-last-visit'
import { StatusCard } from './status-card'
import { Timeline } from './timeline'
import type { ProposalView } from './types'
import './proposals.css'

export function ProposalPage({ proposalId }: { proposalId: string }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const proposal = useQuery(trpc.proposal.get.queryOptions({ proposalId }))
  const view = proposal.data
  const charter = useQuery(
    trpc.charter.get.queryOptions(
      { partnershipId: view?.partnershipId ?? '' },
      { enabled: Boolean(view) },
    ),
  )
  const back = (
    <p className="back-link">
      <Link to="/proposals">← {t('proposals.back')}</Link>
    </p>
  )
  if (proposal.isPending) return <PageSkeleton />
  if (proposal.error || !view) {
    const notFound = isApiError(proposal.error) && proposal.error.data?.code === 'NOT_FOUND'
    return (
      <Page title={t('proposal.notFoundTitle')}>
        {back}
        {notFound ? (
          <EmptyState>{t('proposal.notFound')}</EmptyState>
        ) : (
          <ErrorState error={proposal.error} onRetry={() => void proposal.refetch()} />
        )}
      </Page>
    )
  }
  return (
    <Page
      title={`${view.code} ${view.title}`}
      lead={<ProposalLead view={view} />}
      actions={
        <>
          <FollowButton proposalId={view.id} />
          {view.decision ? <DecisionLink decision={view.decision} /> : null}
        </>
      }
    >
      {back}
      <div className="proposal-layout">
        <div className="proposal-main">
          <SinceLastVisit proposalId={view.id} />
          <StatusCard view={view} />
          <ActionBar view={view} charter={charter.data} />
          <ProposalContent view={view} charter={charter.data} />
          <Revisions key={view.currentRevision} view={view} charter={charter.data} />
          <Reviews view={view} />
          <Concerns view={view} />
          <Comments view={view} />
        </div>
        <div className="proposal-side">
          <SignoffPanel view={view} />
          <Reviewers view={view} />
          <Timeline view={view} />
        </div>
      </div>
    </Page>
  )
}

function ProposalLead({ view }: { view: ProposalView }) {
  const { t } = useI18n()
  const partyLabel = usePartyLabel()
  return (
    <span className="proposal-lead">
      <StateBadge state={view.state} />
      <span className="badge badge-type">{t(`proposal.type.${view.type}`)}</span>
      <span>
        {t('proposal.byAuthor', { name: view.author.name, party: partyLabel(view.authorParty) })}
      </span>
      {view.workstream ? (
        <span>
          <span className="code">{view.workstream.code}</span> {view.workstream.name}
        </span>
      ) : null}
      <DecideBy decideBy={view.decideBy} overdue={view.overdue} />
    </span>
  )
}

function DecisionLink({ decision }: { decision: NonNullable<ProposalView['decision']> }) {
  const { t } = useI18n()
  return (
    <p className="decision-link">
      <span className="badge badge-decision">
        {t('proposal.decisionIssued', { code: decision.code })}
      </span>{' '}
      <Link to={`/decisions/${decision.id}`}>
        {t('proposal.toDecision', { code: decision.code })}
      </Link>{' '}
      <Link to="/decisions">{t('proposal.toRegister')}</Link>
    </p>
  )
}
