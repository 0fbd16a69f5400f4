/**
 * The actions the signed-in user may take on the proposal now: only those in the view's
 * `myActions` (the shared lifecycle table, asked by the server). Submitting is a button; reviewing
 * and raising a concern open their form in the section that holds them; signing off, rejecting and
 * withdrawing open a short form right here.
 */
import { type FormEvent, useId, useState } from 'react'
import type { ProposalAction } from '../../../../shared/lifecycle'
import { type MessageKey, useI18n } from '../../i18n'
import { Link } from '../../router'
import { useTRPC } from '../../trpc'
import { StatusMessage } from '../../ui/states'
import { DelegateSignOff } from './delegate-signoff'
import { useFocusFirstField } from './on-demand'
import { ActionError, useProposalAction } from './proposal-action'
import type { ProposalForm } from './proposal-tabs'
import { SignOffForm } from './signoffs'
import { SubmitReadiness, useSubmitReadiness } from './submit-readiness'
import type { ProposalView, SectionProps } from './types'

type Closing = 'reject' | 'withdraw'
type Inline = Closing | 'sign_off'

/** The actions this card speaks for; with none of them, it says there is nothing to do. */
const OFFERED: ProposalAction[] = [
  'update_draft',
  'submit',
  'revise',
  'review',
  'raise_concern',
  'sign_off',
  'reject',
  'withdraw',
  // offered in the escalation ladder's card (escalation-card.tsx): pointed to from here
  'escalate',
  'reopen',
]

/** Actions done in a form of one of the page's sections: the bar opens it there. */
const OPENS: { action: ProposalAction; form: ProposalForm; label: MessageKey; primary: boolean }[] =
  [
    { action: 'review', form: 'review', label: 'proposal.action.review', primary: true },
    {
      action: 'raise_concern',
      form: 'concern',
      label: 'proposal.action.raiseConcern',
      primary: false,
    },
  ]

export function ActionBar({
  view,
  charter,
  onOpenForm,
}: SectionProps & { onOpenForm: (form: ProposalForm) => void }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const actions = new Set<ProposalAction>(view.myActions)
  const [open, setOpen] = useState<Inline | null>(null)
  const [status, setStatus] = useState('')
  const submit = useProposalAction(view, trpc.proposal.submit.mutationOptions())
  const readiness = useSubmitReadiness({ view, charter })
  const notReadyId = useId()
  const editLink = (action: ProposalAction, label: MessageKey) =>
    actions.has(action) ? (
      <Link to={`/proposals/${view.id}/edit`} className="button">
        {t(label)}
      </Link>
    ) : null
  return (
    <section className="card action-card" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t('proposal.actions')}</h2>
      {!OFFERED.some((a) => actions.has(a)) && view.delegateSigning.length === 0 ? (
        <p className="muted">{t('proposal.noActions')}</p>
      ) : null}
      {actions.has('submit') ? <SubmitReadiness view={view} charter={charter} /> : null}
      {actions.has('escalate') || actions.has('reopen') ? (
        <p className="escalation-pointer">
          <a href="#escalation-heading">{t('escalation.pointer')}</a>
        </p>
      ) : null}
      <div className="action-bar">
        {editLink('update_draft', 'proposal.action.edit')}
        {actions.has('submit') ? (
          <button
            type="button"
            // Until the checklist is met the button does not look like the way on; the server
            // would refuse, and says why if tried.
            className={readiness.ready ? 'button button-primary' : 'button'}
            aria-describedby={readiness.ready ? undefined : notReadyId}
            disabled={submit.isPending}
            onClick={async () => {
              if (await submit.run({})) setStatus(t('proposal.submitted'))
            }}
          >
            {submit.isPending ? t('common.saving') : t('proposal.action.submit')}
          </button>
        ) : null}
        {editLink('revise', 'proposal.action.revise')}
        {OPENS.filter((o) => actions.has(o.action)).map((o) => (
          <button
            key={o.action}
            type="button"
            className={o.primary ? 'button button-primary' : 'button'}
            onClick={() => onOpenForm(o.form)}
          >
            {t(o.label)}
          </button>
        ))}
        {actions.has('sign_off') ? (
          <button
            type="button"
            className={open === 'sign_off' ? 'button' : 'button button-primary'}
            aria-expanded={open === 'sign_off'}
            onClick={() => setOpen(open === 'sign_off' ? null : 'sign_off')}
          >
            {t('proposal.action.signOff')}
          </button>
        ) : null}
        {(['reject', 'withdraw'] as const)
          .filter((kind) => actions.has(kind))
          .map((kind) => (
            <button
              key={kind}
              type="button"
              className="button button-danger"
              aria-expanded={open === kind}
              onClick={() => setOpen(open === kind ? null : kind)}
            >
              {t(`proposal.action.${kind}`)}
            </button>
          ))}
      </div>
      <DelegateSignOff view={view} />
      {actions.has('submit') && !readiness.ready ? (
        <p className="field-help submit-not-ready" id={notReadyId}>
          {t('waits.submitNotReady')}
        </p>
      ) : null}
      <ActionError error={submit.error} />
      {open === 'sign_off' ? (
        <SignOffForm
          view={view}
          onDone={(message) => {
            setOpen(null)
            setStatus(message)
          }}
        />
      ) : open ? (
        <ReasonForm
          key={open}
          view={view}
          kind={open}
          onDone={(message) => {
            setOpen(null)
            setStatus(message)
          }}
        />
      ) : null}
      <StatusMessage takeFocus>{status}</StatusMessage>
    </section>
  )
}

const REASON_TEXT: Record<Closing, Record<'label' | 'help' | 'confirm' | 'done', MessageKey>> = {
  reject: {
    label: 'proposal.rejectRationale',
    help: 'proposal.rejectHelp',
    confirm: 'proposal.confirmReject',
    done: 'proposal.rejected',
  },
  withdraw: {
    label: 'proposal.withdrawReason',
    help: 'proposal.withdrawHelp',
    confirm: 'proposal.confirmWithdraw',
    done: 'proposal.withdrawn',
  },
}

function ReasonForm({
  view,
  kind,
  onDone,
}: {
  view: ProposalView
  kind: Closing
  onDone: (message: string) => void
}) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const id = useId()
  const [text, setText] = useState('')
  const reject = useProposalAction(view, trpc.proposal.reject.mutationOptions())
  const withdraw = useProposalAction(view, trpc.proposal.withdraw.mutationOptions())
  const action = kind === 'reject' ? reject : withdraw
  const form = useFocusFirstField<HTMLFormElement>()
  const words = REASON_TEXT[kind]
  const send = async (event: FormEvent) => {
    event.preventDefault()
    const done = () => onDone(t(words.done))
    if (kind === 'reject') await reject.run({ rationale: text }, done)
    else await withdraw.run({ reason: text }, done)
  }
  return (
    <>
      <form className="form reason-form" ref={form} onSubmit={send} noValidate>
        <div className="field">
          <label htmlFor={id}>{t(words.label)}</label>
          <textarea
            id={id}
            rows={3}
            required={kind === 'reject'}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <p className="field-help">{t(words.help)}</p>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-danger" disabled={action.isPending}>
            {t(words.confirm)}
          </button>
        </div>
        <ActionError error={action.error} />
      </form>
      {action.prompt}
    </>
  )
}
