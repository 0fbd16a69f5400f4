/** The reviews, grouped by revision (older ones marked stale), and the form to record one. */
import { useId, useState } from 'react'
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { useTRPC } from '../../trpc'
import { Fieldset, RadioGroup, TextField } from '../../ui/fields'
import { Markdown } from '../../ui/markdown'
import { EmptyState, StatusMessage } from '../../ui/states'
import { CancelButton, type FormSwitch, OnDemandForm } from './on-demand'
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
                        {r.stale ? null : (
                          <span aria-hidden="true">{r.verdict === 'approve' ? '✓ ' : '✗ '}</span>
                        )}
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
    </section>
  )
}

interface ReviewDraft {
  verdict: 'approve' | 'request_changes' | ''
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
  const send = review.onSubmit(
    () => (verdict ? { verdict, comment } : null),
    () => {
      setDraft(NO_REVIEW)
      onDone(t('proposal.reviewRecorded'))
    },
  )
  return (
    <form className="form inset-form" id="review-form" onSubmit={send} noValidate>
      <Fieldset legend={t('proposal.yourReview', { n: view.currentRevision })}>
        <RadioGroup
          name={`${id}-verdict`}
          value={verdict || null}
          onChange={(v) => setDraft((d) => ({ ...d, verdict: v }))}
          options={(['approve', 'request_changes'] as const).map((v) => ({
            value: v,
            label: t(`proposal.verdict.${v}`),
          }))}
        />
      </Fieldset>
      <TextField
        label={t('proposal.reviewComment')}
        rows={3}
        value={comment}
        onChange={(c) => setDraft((d) => ({ ...d, comment: c }))}
      />
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={!verdict || review.isPending}
        >
          {review.isPending ? t('common.saving') : t('proposal.recordReview')}
        </button>
        <CancelButton onCancel={onCancel} />
      </div>
      <ActionError error={review.error} />
    </form>
  )
}
