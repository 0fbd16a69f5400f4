/**
 * Signing off as a delegate (ADR 0030): one "Sign off for … on behalf of …" per delegation in
 * force that the server's rule lets sign this proposal now (`view.delegateSigning`, computed by
 * the same lifecycle rule the sign-off enforces).
 */
import { useState } from 'react'
import { useMe } from '../../auth'
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { useTRPC } from '../../trpc'
import { TextField } from '../../ui/fields'
import { StatusMessage } from '../../ui/states'
import { useFocusFirstField } from './on-demand'
import { ActionError, useProposalAction } from './proposal-action'
import type { ProposalView } from './types'

type Delegated = ProposalView['delegateSigning'][number]

export function DelegateSignOff({ view }: { view: ProposalView }) {
  const { t } = useI18n()
  const me = useMe()
  const partyLabel = usePartyLabel()
  const [open, setOpen] = useState<string | null>(null)
  const [status, setStatus] = useState('')
  const signing = view.delegateSigning.filter((d) => d.actions.includes('sign_off'))
  if (signing.length === 0 && !status) return null
  return (
    <div className="delegate-signoff">
      <div className="action-bar">
        {signing.map((d) => (
          <button
            key={d.delegationId}
            type="button"
            className={open === d.delegationId ? 'button' : 'button button-primary'}
            aria-expanded={open === d.delegationId}
            onClick={() => setOpen(open === d.delegationId ? null : d.delegationId)}
          >
            {t('signoff.submitFor', { party: partyLabel(me.partyCode), lead: d.onBehalfOf.name })}
          </button>
        ))}
      </div>
      {signing
        .filter((d) => d.delegationId === open)
        .map((d) => (
          <DelegateForm
            key={d.delegationId}
            view={view}
            delegated={d}
            onDone={(message) => {
              setOpen(null)
              setStatus(message)
            }}
          />
        ))}
      <StatusMessage takeFocus>{status}</StatusMessage>
    </div>
  )
}

function DelegateForm({
  view,
  delegated,
  onDone,
}: {
  view: ProposalView
  delegated: Delegated
  onDone: (message: string) => void
}) {
  const { t, formatDateTime } = useI18n()
  const me = useMe()
  const trpc = useTRPC()
  const partyLabel = usePartyLabel()
  const [rationale, setRationale] = useState('')
  const signOff = useProposalAction(view, trpc.proposal.signOff.mutationOptions())
  const form = useFocusFirstField<HTMLFormElement>()
  const send = signOff.onSubmit(
    () => ({ verdict: 'approve', rationale, onBehalfOf: delegated.onBehalfOf.id }),
    () => onDone(t('signoff.done')),
  )
  return (
    <>
      <form
        className="form inset-form"
        id="delegate-signoff-form"
        ref={form}
        onSubmit={send}
        noValidate
      >
        <p className="field-help">
          {t('signoff.delegateNote', {
            lead: delegated.onBehalfOf.name,
            until: formatDateTime(delegated.endsAt),
            zone: delegated.timeZone,
          })}
        </p>
        <TextField
          label={t('signoff.rationale')}
          rows={2}
          value={rationale}
          onChange={setRationale}
        />
        <button type="submit" className="button button-primary" disabled={signOff.isPending}>
          {signOff.isPending
            ? t('common.saving')
            : t('signoff.submitFor', {
                party: partyLabel(me.partyCode),
                lead: delegated.onBehalfOf.name,
              })}
        </button>
        <ActionError error={signOff.error} />
      </form>
      {signOff.prompt}
    </>
  )
}
