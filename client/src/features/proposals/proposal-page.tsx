/**
 * A proposal's page. On top, in one screen: where it stands and what it waits on, what you can do,
 * the sign-off keys. Below, one section at a time (tabs, the selected one in the URL): content,
 * revisions and diffs, reviews and concerns, discussion, history. Only the actions in the view's
 * `myActions` (the shared lifecycle table, asked by the server) are offered; every change carries
 * the version this page loaded.
 */
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { Link } from '../../router'
import { isApiError, useTRPC } from '../../trpc'
import { DecideBy } from '../../ui/decide-by'
import { Page } from '../../ui/page'
import { StateBadge } from '../../ui/state-badge'
import { EmptyState, ErrorState, PageSkeleton } from '../../ui/states'
import { Tabs } from '../../ui/tabs'
import { FollowButton } from '../notifications/follow-button'
import { ActionBar } from './action-bar'
import { Comments } from './comments'
import { Concerns } from './concerns'
import { EscalationCard } from './escalation-card'
import { PartyClocks } from './party-clocks'
import { ProposalContent } from './proposal-content'
import {
  type ProposalForm,
  type ProposalTab,
  TAB_OF_FORM,
  TABS,
  useProposalTab,
} from './proposal-tabs'
import { Reviewers } from './reviewers'
import { Reviews } from './reviews'
import { Revisions } from './revisions'
import { SignoffPanel } from './signoffs'
import { SinceLastVisit } from './since-last-visit'
import { StatusCard } from './status-card'
import { Timeline } from './timeline'
import type { ProposalView } from './types'
import './proposals.css'
import { LocalText } from '../../ui/local-text'

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
  const [tab, selectTab] = useProposalTab()
  const [form, setForm] = useState<ProposalForm | null>(null)
  const formSwitch = (name: ProposalForm) => ({
    open: form === name,
    onOpenChange: (open: boolean) => setForm(open ? name : null),
  })
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
      <div className="proposal-summary">
        <StatusCard view={view} />
        <EscalationCard view={view} />
        <ActionBar
          view={view}
          charter={charter.data}
          onOpenForm={(name) => {
            setForm(name)
            selectTab(TAB_OF_FORM[name])
          }}
        />
        <SignoffPanel view={view} />
        <PartyClocks proposalId={view.id} />
      </div>
      {/* Below the summary: what waits and what one can do stay at the top of a phone. */}
      <SinceLastVisit proposalId={view.id} />
      <Tabs
        label={t('proposal.tabs.label')}
        tabs={TABS.map((id) => ({ id, label: <TabLabel view={view} tab={id} /> }))}
        selected={tab}
        onSelect={(next) => {
          setForm(null)
          selectTab(next)
        }}
      >
        {tab === 'content' ? <ProposalContent view={view} charter={charter.data} /> : null}
        {tab === 'revisions' ? (
          <Revisions key={view.currentRevision} view={view} charter={charter.data} />
        ) : null}
        {tab === 'reviews' ? (
          <div className="tab-sections">
            <Reviews view={view} form={formSwitch('review')} />
            <Concerns view={view} form={formSwitch('concern')} />
            <Reviewers view={view} />
          </div>
        ) : null}
        {tab === 'discussion' ? <Comments view={view} form={formSwitch('comment')} /> : null}
        {tab === 'history' ? <Timeline view={view} /> : null}
      </Tabs>
    </Page>
  )
}

/** A tab's name, with how many entries it holds where that helps choose it. */
function TabLabel({ view, tab }: { view: ProposalView; tab: ProposalTab }) {
  const { t } = useI18n()
  const count =
    tab === 'revisions'
      ? view.revisions.length
      : tab === 'reviews'
        ? view.reviews.filter((r) => !r.stale).length +
          view.concerns.filter((c) => c.status === 'open').length
        : tab === 'discussion'
          ? view.comments.length
          : null
  return (
    <>
      {t(`proposal.tab.${tab}`)}
      {count ? (
        <>
          {' '}
          <span className="tab-count">{count}</span>
        </>
      ) : null}
    </>
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
          <span className="code">{view.workstream.code}</span>{' '}
          <LocalText en={view.workstream.name} ja={view.workstream.nameJa} />
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
