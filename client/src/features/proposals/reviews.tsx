/** The reviews, grouped by revision (older ones marked stale), and the form to record one. */
import { useId, useState } from 'react'
import type { Position } from '../../../../shared/positions'
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { useTRPC } from '../../trpc'
import { Fieldset, RadioGroup, TextField } from '../../ui/fields'
import { Markdown } from '../../ui/markdown'
import { EmptyState, StatusMessage } from '../../ui/states'
import { CancelButton, type FormSwitch, OnDemandForm } from './on-demand'
import { offeredPositions, PositionHelp, Recusals, reasonRequired } from './positions'
import { ActionError, useProposalAction } from './proposal-action'
import { StaleBadge } from './stale-badge'
import type { ProposalView } from './types'

export function Reviews({ view, form }: { view: ProposalView; form: FormSwitch }) {
  const { t, formatDateTime } = useI18n()
  const partyLabel = usePartyLabel()
  const byRevision = [...new Set(view.reviews.map((r) => r.revision))].sort((a, b) => b - a)
  // Outside the form: the last review moves the proposal on and the form goes away.
  const [status, setStatus] = useState('')
  return (
    <section className="card" aria-labelledby="reviews-heading" id="reviews">
      <h2 id="reviews-heading">{t('proposal.reviews')}</h2>
      {view.myActions.includes('review') ? (
        <OnDemandForm
          label={t('proposal.action.review')}
          primary
          open={form.open}
          onOpenChange={(open) => {
            if (open) setStatus('')
            form.onOpenChange(open)
          }}
        >
          {(cancel) => (
            <ReviewForm
              view={view}
              onCancel={cancel}
              onDone={(message) => {
                form.onOpenChange(false)
                setStatus(message)
              }}
            />
          )}
        </OnDemandForm>
      ) : null}
      <StatusMessage takeFocus>{status}</StatusMessage>
      {view.reviews.length === 0 ? (
        <EmptyState>{t('proposal.noReviews')}</EmptyState>
      ) : (
        byRevision.map((revision) => (
          <div key={revision} className="review-group">
            <h3 className="label">
              {t('proposal.revisionOf', { n: revision })}
              <StaleBadge stale={revision < view.currentRevision} />
            </h3>
            <ul className="entry-list">
              {view.reviews
                .filter((r) => r.revision === revision)
                .map((r) => (
                  <li
                    key={r.id}
                    className={`entry review review-${r.verdict}${r.stale ? ' stale' : ''}`}
                  >
                    <p className="entry-head">
                      {/* A stale verdict no longer counts: neither green nor red. */}
                      <span className={`badge verdict verdict-${r.stale ? 'stale' : r.verdict}`}>
                        {r.stale ? null : <span aria-hidden="true">{VERDICT_MARK[r.verdict]}</span>}
                        {t(`proposal.verdict.${r.verdict}`)}
                      </span>
                      <strong>{r.reviewer.name}</strong>
                      <span className="party-tag">{partyLabel(r.party)}</span>
                      <span className="muted">{formatDateTime(r.createdAt)}</span>
                      {r.stale ? (
                        <span className="badge badge-stale">
                          {t('proposal.staleOn', { n: r.revision })}
                        </span>
                      ) : null}
                    </p>
                    {r.comment ? <Markdown source={r.comment} /> : null}
                  </li>
                ))}
            </ul>
          </div>
        ))
      )}
      <Recusals view={view} />
    </section>
  )
}

const VERDICT_MARK: Record<ProposalView['reviews'][number]['verdict'], string> = {
  approve: '✓ ',
  no_objection: '✓ ',
  abstain: '– ',
  request_changes: '✗ ',
}

interface ReviewDraft {
  verdict: Position | ''
  comment: string
}
const NO_REVIEW: ReviewDraft = { verdict: '', comment: '' }

function ReviewForm({
  view,
  onDone,
  onCancel,
}: {
  view: ProposalView
  onDone: (message: string) => void
  onCancel: () => void
}) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const id = useId()
  const [draft, setDraft] = useState<ReviewDraft>(NO_REVIEW)
  const { verdict, comment } = draft
  const review = useProposalAction(view, trpc.proposal.review.mutationOptions())
  // Recuse is offered with the positions, but is a step of its own (of the whole proposal).
  const recuse = useProposalAction(view, trpc.proposal.recuse.mutationOptions())
  const needsReason = verdict !== '' && reasonRequired(verdict)
  const done = () => {
    setDraft(NO_REVIEW)
    onDone(t(verdict === 'recuse' ? 'recusal.done' : 'proposal.reviewRecorded'))
  }
  const sendReview = review.onSubmit(
    () => (verdict && verdict !== 'recuse' ? { verdict, comment } : null),
    done,
  )
  const sendRecusal = recuse.onSubmit(() => ({ reason: comment }), done)
  const send = verdict === 'recuse' ? sendRecusal : sendReview
  const pending = review.isPending || recuse.isPending
  return (
    <form className="form inset-form" id="review-form" onSubmit={send} noValidate>
      <Fieldset legend={t('proposal.yourReview', { n: view.currentRevision })}>
        <RadioGroup
          name={`${id}-verdict`}
          className="radio-column"
          value={verdict || null}
          onChange={(v) => setDraft((d) => ({ ...d, verdict: v }))}
          options={offeredPositions(view).map((v) => ({
            value: v,
            label: t(`proposal.verdict.${v}`),
            description: <PositionHelp view={view} position={v} />,
          }))}
        />
      </Fieldset>
      <TextField
        // Changes requested are said to the author; an abstention or a recusal is a reason on record.
        label={
          verdict === 'abstain' || verdict === 'recuse'
            ? t('position.reason')
            : t('proposal.reviewComment')
        }
        rows={3}
        required={needsReason}
        value={comment}
        onChange={(c) => setDraft((d) => ({ ...d, comment: c }))}
      />
      {needsReason && !comment.trim() ? (
        <p className="muted">{t('position.reasonNeeded')}</p>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={!verdict || (needsReason && !comment.trim()) || pending}
        >
          {pending ? t('common.saving') : t('proposal.recordReview')}
        </button>
        <CancelButton onCancel={onCancel} />
      </div>
      <ActionError error={verdict === 'recuse' ? recuse.error : review.error} />
    </form>
  )
}
