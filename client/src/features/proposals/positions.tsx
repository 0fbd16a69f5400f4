/**
 * Positions and recusal on the proposal page (issue 14, ADR 0029): the positions the proposal's
 * policy offers, each with what it means; who recused and why; and, for someone who may step
 * aside but is not reviewing now (a lead whose unit bids), the form to recuse.
 */
import { useId, useState } from 'react'
import {
  countsToward,
  type Position,
  positionRule,
  REASON_REQUIRED,
} from '../../../../shared/positions'
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { useTRPC } from '../../trpc'
import { TextField } from '../../ui/fields'
import { StatusMessage } from '../../ui/states'
import { CancelButton, OnDemandForm } from './on-demand'
import { ActionError, useProposalAction } from './proposal-action'
import type { ProposalView } from './types'
import './positions.css'

/** The positions the review form offers: the proposal's policy, in the order of the ballot. */
export function offeredPositions(view: Pick<ProposalView, 'policy' | 'type'>): Position[] {
  return positionRule(view.policy, view.type).offered
}

export function reasonRequired(position: string): boolean {
  return (REASON_REQUIRED as readonly string[]).includes(position)
}

/** What one offered position means here: whether it counts, and what it says. */
export function PositionHelp({
  view,
  position,
}: {
  view: Pick<ProposalView, 'policy' | 'type'>
  position: Position
}) {
  const { t } = useI18n()
  const counted = countsToward(view.policy, view.type, position)
  const help =
    position === 'no_objection' && !counted
      ? t('position.help.no_objection_uncounted')
      : t(`position.help.${position}`)
  return (
    <span className="position-help muted">
      {position === 'approve' || position === 'no_objection' ? (
        <span className={`badge ${counted ? 'position-counted' : 'position-uncounted'}`}>
          {counted ? t('position.counted') : t('position.notCounted')}
        </span>
      ) : null}{' '}
      {help}
    </span>
  )
}

/** Who recused from the proposal and why; the form to recuse when the page offers it alone. */
export function Recusals({ view }: { view: ProposalView }) {
  const { t, formatDateTime } = useI18n()
  const partyLabel = usePartyLabel()
  const [open, setOpen] = useState(false)
  const [status, setStatus] = useState('')
  // An assigned reviewer recuses from the review form; anyone else who may, from here.
  const offered = view.myActions.includes('recuse') && !view.myActions.includes('review')
  const me = view.recusals.find((r) => r.mine)
  if (view.recusals.length === 0 && !offered && !status) return null
  return (
    <div className="recusals" id="recusals">
      {view.recusals.length ? (
        <>
          <h3 className="label">{t('recusal.heading')}</h3>
          <ul className="entry-list">
            {view.recusals.map((r) => (
              <li key={r.id} className="entry recusal">
                <p className="entry-head">
                  <span className="badge verdict verdict-recuse">
                    {t('proposal.verdict.recuse')}
                  </span>
                  <strong>{r.person.name}</strong>
                  <span className="party-tag">{partyLabel(r.party)}</span>
                  <span className="muted">{formatDateTime(r.createdAt)}</span>
                </p>
                <p>{r.reason}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {me ? <p className="muted recusal-mine">{t('recusal.you')}</p> : null}
      {offered ? (
        <OnDemandForm
          label={t('recusal.action')}
          open={open}
          onOpenChange={(o) => {
            if (o) setStatus('')
            setOpen(o)
          }}
        >
          {(cancel) => (
            <RecuseForm
              view={view}
              onCancel={cancel}
              onDone={() => {
                setOpen(false)
                setStatus(t('recusal.done'))
              }}
            />
          )}
        </OnDemandForm>
      ) : null}
      <StatusMessage takeFocus>{status}</StatusMessage>
    </div>
  )
}

function RecuseForm({
  view,
  onDone,
  onCancel,
}: {
  view: ProposalView
  onDone: () => void
  onCancel: () => void
}) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const id = useId()
  const [reason, setReason] = useState('')
  const recuse = useProposalAction(view, trpc.proposal.recuse.mutationOptions())
  const send = recuse.onSubmit(() => (reason.trim() ? { reason } : null), onDone)
  return (
    <form className="form inset-form" id="recuse-form" onSubmit={send} noValidate>
      <p id={`${id}-explain`} className="muted">
        {t('recusal.explain')}
      </p>
      <TextField
        label={t('recusal.reason')}
        rows={3}
        required
        value={reason}
        onChange={setReason}
      />
      <div className="form-actions">
        <button
          type="submit"
          className="button button-danger"
          disabled={!reason.trim() || recuse.isPending}
        >
          {recuse.isPending ? t('common.saving') : t('recusal.submit')}
        </button>
        <CancelButton onCancel={onCancel} />
      </div>
      <ActionError error={recuse.error} />
    </form>
  )
}
