/**
 * Where the proposal stands on the charter's escalation ladder (ADR 0032): the rung it is on,
 * since when, its cooling-off counted on both parties' calendars, and the rungs of the ladder.
 * Offers only what the server would allow (`myActions`): escalating a deadlock, and the steering
 * committee's reopening as a new revision.
 */
import { type FormEvent, useId, useState } from 'react'
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { useTRPC } from '../../trpc'
import { useFormatDay } from '../../ui/day'
import { StatusMessage } from '../../ui/states'
import { useFocusFirstField } from './on-demand'
import { ActionError, useProposalAction } from './proposal-action'
import type { ProposalView } from './types'

export function EscalationCard({ view }: { view: ProposalView }) {
  const { t } = useI18n()
  const formatDay = useFormatDay()
  const partyLabel = usePartyLabel()
  const trpc = useTRPC()
  const [reopening, setReopening] = useState(false)
  const [status, setStatus] = useState('')
  const escalate = useProposalAction(view, trpc.proposal.escalate.mutationOptions())
  const e = view.escalation
  const offer = view.deadlock
  const mayEscalate = view.myActions.includes('escalate') && offer !== null
  const mayReopen = view.myActions.includes('reopen')
  if (!e && !offer) return null
  const body = (b: 'steering_committee' | 'executives') => t(`escalation.body.${b}`)
  return (
    <section className="card escalation-card" aria-labelledby="escalation-heading">
      <h2 id="escalation-heading">{t('escalation.heading')}</h2>
      {e ? (
        <>
          {e.current ? (
            <p className="escalation-now">
              <strong>
                {t('escalation.escalated', {
                  body: body(e.body),
                  date: formatDay(e.escalatedOn),
                  until: formatDay(e.coolingOffUntil),
                  days: e.coolingOffBusinessDays,
                })}
              </strong>{' '}
              {t(`escalation.cause.${e.cause}`)}
            </p>
          ) : e.reopenedOn ? (
            <p>{t('escalation.reopened', { date: formatDay(e.reopenedOn) })}</p>
          ) : null}
          {e.current ? (
            <>
              <ul className="escalation-parties">
                {Object.entries(e.coolingOffByParty).map(([party, date]) => (
                  <li key={party}>
                    {t('escalation.byParty', { party: partyLabel(party), date: formatDay(date) })}
                  </li>
                ))}
              </ul>
              <p className="field-help">{t('escalation.byPartyHelp')}</p>
              <p>
                {e.coolingOffOver ? `${t('escalation.coolingOffOver')} ` : ''}
                {e.nextBody
                  ? t('escalation.next', { body: body(e.nextBody) })
                  : t('escalation.last')}
              </p>
            </>
          ) : null}
          <h3 className="escalation-rungs-heading">
            {t('escalation.rungs', { code: e.procedureCode })}
          </h3>
          <ol className="escalation-rungs">
            {e.steps.map((s, i) => (
              <li key={s.body} aria-current={e.current && i === e.step ? 'step' : undefined}>
                {t('escalation.rung', {
                  body: t(`escalation.bodyTitle.${s.body}`),
                  days: s.coolingOffBusinessDays,
                })}
                {e.current && i === e.step ? (
                  <span className="badge escalation-here"> {t('escalation.current')}</span>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {offer && !e?.current ? (
        <p className="escalation-offer">
          {t('escalation.offerShort', {
            body: body(offer.body),
            days: offer.coolingOffBusinessDays,
          })}
        </p>
      ) : null}
      <div className="action-bar">
        {mayEscalate && offer ? (
          <button
            type="button"
            className="button button-primary"
            disabled={escalate.isPending}
            onClick={() => void escalate.run({}, () => setStatus(t('escalation.done')))}
          >
            {t('escalation.action.escalate', { body: body(offer.body) })}
          </button>
        ) : null}
        {mayReopen && !reopening ? (
          <button
            type="button"
            className="button button-primary"
            onClick={() => setReopening(true)}
          >
            {t('escalation.action.reopen')}
          </button>
        ) : null}
      </div>
      <ActionError error={escalate.error} />
      {mayReopen && reopening ? (
        <ReopenForm
          view={view}
          onDone={() => {
            setReopening(false)
            setStatus(t('escalation.reopenDone'))
          }}
        />
      ) : null}
      <StatusMessage takeFocus>{status}</StatusMessage>
    </section>
  )
}

/** The steering committee's revised text and what it changed: back to review. */
function ReopenForm({ view, onDone }: { view: ProposalView; onDone: () => void }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const bodyId = useId()
  const noteId = useId()
  const [body, setBody] = useState(view.revision.body)
  const [note, setNote] = useState('')
  const reopen = useProposalAction(view, trpc.proposal.reopen.mutationOptions())
  const form = useFocusFirstField<HTMLFormElement>()
  const send = async (event: FormEvent) => {
    event.preventDefault()
    await reopen.run({ content: { ...view.revision, body }, note }, onDone)
  }
  return (
    <form className="form reopen-form" ref={form} onSubmit={send} noValidate>
      <p className="field-help">{t('escalation.reopenHelp')}</p>
      <div className="field">
        <label htmlFor={bodyId}>{t('escalation.reopenBody')}</label>
        <textarea id={bodyId} rows={6} value={body} onChange={(e) => setBody(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={noteId}>{t('escalation.reopenNote')}</label>
        <textarea id={noteId} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={reopen.isPending}>
          {t('escalation.reopenConfirm')}
        </button>
      </div>
      <ActionError error={reopen.error} />
      {reopen.prompt}
    </form>
  )
}
