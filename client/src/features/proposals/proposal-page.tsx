/**
 * A proposal's page: where it stands and what it waits on, its content, revisions and diffs,
 * reviews, concerns, the sign-off panel, comments and the ledger's timeline. Only the actions in
 * the view's `myActions` (the shared lifecycle table, asked by the server) are offered; every
 * change carries the version this page loaded.
 */
import { useMutation, useQuery } from '@tanstack/react-query'
import { type FormEvent, useId, useMemo, useState } from 'react'
import { useI18n } from '../../i18n'
import { Link } from '../../router'
import { isApiError, useTRPC } from '../../trpc'
import { Page } from '../../ui/page'
import { EmptyState, ErrorState, PageSkeleton, StatusMessage } from '../../ui/states'
import { Comments } from './comments'
import {
  ActionError,
  type CharterView,
  DecideBy,
  type ProposalView,
  StateBadge,
  usePartyLabel,
  useRefreshProposal,
  waitingOn,
} from './common'
import { GuardrailPanel, guardrailItems, useGuardrails } from './guardrails'
import { Concerns, ProposalContent, Reviewers, Reviews, Revisions } from './proposal-sections'
import { SignoffPanel } from './signoffs'
import { Timeline } from './timeline'

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
      actions={view.decision ? <DecisionLink decision={view.decision} /> : undefined}
    >
      {back}
      <div className="proposal-layout">
        <div className="proposal-main">
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

function StatusCard({ view }: { view: ProposalView }) {
  const { t } = useI18n()
  return (
    <section className="card status-card" aria-labelledby="status-heading">
      <h2 id="status-heading">{t('proposal.status')}</h2>
      <dl className="facts">
        <dt>{t('proposal.state')}</dt>
        <dd>
          <StateBadge state={view.state} />
        </dd>
        <dt>{t('proposal.waitingOn')}</dt>
        <dd className="waiting-on">{waitingOn(view, t)}</dd>
        <dt>{t('proposal.revision')}</dt>
        <dd>{t('proposal.revisionOf', { n: view.currentRevision })}</dd>
        {view.decision ? (
          <>
            <dt>{t('proposal.decision')}</dt>
            <dd>
              <Link to={`/decisions/${view.decision.id}`} className="decision-code">
                {view.decision.code}
              </Link>{' '}
              <span className="muted">
                ({t(`proposal.decisionStatus.${view.decision.status as 'active' | 'superseded'}`)})
              </span>
            </dd>
          </>
        ) : null}
      </dl>
      {view.needsPartnershipLeads ? (
        <p className="notice notice-warning needs-leads">
          <strong>{t('proposal.needsLeads')}</strong>{' '}
          {view.type === 'amendment'
            ? t('proposal.needsLeads.amendment')
            : t('proposal.needsLeads.stance')}
        </p>
      ) : null}
    </section>
  )
}

type OpenForm = 'withdraw' | 'reject' | null

function ActionBar({ view, charter }: { view: ProposalView; charter: CharterView | undefined }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const refresh = useRefreshProposal()
  const actions = new Set(view.myActions)
  const [open, setOpen] = useState<OpenForm>(null)
  const [status, setStatus] = useState('')
  const submit = useMutation(
    trpc.proposal.submit.mutationOptions({
      onSuccess: async () => {
        setStatus(t('proposal.submitted'))
        await refresh()
      },
    }),
  )
  const shown = [
    'update_draft',
    'submit',
    'revise',
    'review',
    'raise_concern',
    'sign_off',
    'reject',
    'withdraw',
  ].some((a) => actions.has(a as (typeof view.myActions)[number]))
  return (
    <section className="card action-card" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t('proposal.actions')}</h2>
      {!shown ? <p className="muted">{t('proposal.noActions')}</p> : null}
      {actions.has('submit') ? <SubmitReadiness view={view} charter={charter} /> : null}
      <div className="action-bar">
        {actions.has('update_draft') ? (
          <Link to={`/proposals/${view.id}/edit`} className="button">
            {t('proposal.action.edit')}
          </Link>
        ) : null}
        {actions.has('submit') ? (
          <button
            type="button"
            className="button button-primary"
            disabled={submit.isPending}
            onClick={() => submit.mutate({ proposalId: view.id, expectedVersion: view.version })}
          >
            {submit.isPending ? t('common.saving') : t('proposal.action.submit')}
          </button>
        ) : null}
        {actions.has('revise') ? (
          <Link to={`/proposals/${view.id}/edit`} className="button">
            {t('proposal.action.revise')}
          </Link>
        ) : null}
        {actions.has('review') ? (
          <a href="#review-form" className="button button-primary">
            {t('proposal.action.review')}
          </a>
        ) : null}
        {actions.has('sign_off') ? (
          <a href="#signoff-form" className="button button-primary">
            {t('proposal.action.signOff')}
          </a>
        ) : null}
        {actions.has('raise_concern') ? (
          <a href="#concern-form" className="button">
            {t('proposal.action.raiseConcern')}
          </a>
        ) : null}
        {actions.has('reject') ? (
          <button
            type="button"
            className="button button-danger"
            aria-expanded={open === 'reject'}
            onClick={() => setOpen(open === 'reject' ? null : 'reject')}
          >
            {t('proposal.action.reject')}
          </button>
        ) : null}
        {actions.has('withdraw') ? (
          <button
            type="button"
            className="button button-danger"
            aria-expanded={open === 'withdraw'}
            onClick={() => setOpen(open === 'withdraw' ? null : 'withdraw')}
          >
            {t('proposal.action.withdraw')}
          </button>
        ) : null}
      </div>
      <ActionError error={submit.error} />
      {open === 'reject' ? (
        <ReasonForm
          view={view}
          kind="reject"
          onDone={(message) => {
            setOpen(null)
            setStatus(message)
          }}
        />
      ) : null}
      {open === 'withdraw' ? (
        <ReasonForm
          view={view}
          kind="withdraw"
          onDone={(message) => {
            setOpen(null)
            setStatus(message)
          }}
        />
      ) : null}
      <StatusMessage>{status}</StatusMessage>
    </section>
  )
}

/** A draft shows what still stops its submission, before the author tries. */
function SubmitReadiness({
  view,
  charter,
}: {
  view: ProposalView
  charter: CharterView | undefined
}) {
  const { t } = useI18n()
  const items = useMemo(() => guardrailItems(charter), [charter])
  const result = useGuardrails({
    type: view.type,
    title: view.revision.title,
    body: view.revision.body,
    impacts: view.revision.impacts,
    items,
  })
  const parties = view.signoffStatus.map((s) => s.party)
  const missing = parties.filter((party) => !view.reviewers.some((r) => r.party === party))
  return (
    <div className="readiness">
      <p className="label">{t('proposal.readiness')}</p>
      <ul className="check-list">
        <li className={view.revision.workstreamId ? 'check-ok' : 'check-todo'}>
          <span aria-hidden="true">{view.revision.workstreamId ? '✓ ' : '○ '}</span>
          {view.revision.workstreamId
            ? t('proposal.ready.workstream')
            : t('proposal.todo.workstream')}
        </li>
        <li className={missing.length === 0 ? 'check-ok' : 'check-todo'}>
          <span aria-hidden="true">{missing.length === 0 ? '✓ ' : '○ '}</span>
          {missing.length === 0
            ? t('proposal.ready.reviewers')
            : t('proposal.todo.reviewers', { parties: missing.join(', ') })}
        </li>
      </ul>
      {charter ? <GuardrailPanel result={result} items={items} type={view.type} compact /> : null}
    </div>
  )
}

function ReasonForm({
  view,
  kind,
  onDone,
}: {
  view: ProposalView
  kind: 'reject' | 'withdraw'
  onDone: (message: string) => void
}) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const refresh = useRefreshProposal()
  const id = useId()
  const [text, setText] = useState('')
  const reject = useMutation(trpc.proposal.reject.mutationOptions())
  const withdraw = useMutation(trpc.proposal.withdraw.mutationOptions())
  const mutation = kind === 'reject' ? reject : withdraw
  const send = async (event: FormEvent) => {
    event.preventDefault()
    try {
      if (kind === 'reject')
        await reject.mutateAsync({
          proposalId: view.id,
          expectedVersion: view.version,
          rationale: text,
        })
      else
        await withdraw.mutateAsync({
          proposalId: view.id,
          expectedVersion: view.version,
          reason: text,
        })
      await refresh()
      onDone(kind === 'reject' ? t('proposal.rejected') : t('proposal.withdrawn'))
    } catch {
      // shown below
    }
  }
  return (
    <form className="form reason-form" onSubmit={send} noValidate>
      <div className="field">
        <label htmlFor={id}>
          {kind === 'reject' ? t('proposal.rejectRationale') : t('proposal.withdrawReason')}
        </label>
        <textarea
          id={id}
          rows={3}
          required={kind === 'reject'}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <p className="field-help">
          {kind === 'reject' ? t('proposal.rejectHelp') : t('proposal.withdrawHelp')}
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-danger" disabled={mutation.isPending}>
          {kind === 'reject' ? t('proposal.confirmReject') : t('proposal.confirmWithdraw')}
        </button>
      </div>
      <ActionError error={mutation.error} />
    </form>
  )
}
