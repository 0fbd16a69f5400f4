/** Concerns: raised by a party, they hold the proposal until resolved (or overridden by a lead). */
import { useState } from 'react'
import { useMe } from '../../auth'
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { useTRPC } from '../../trpc'
import { TextField } from '../../ui/fields'
import { Markdown } from '../../ui/markdown'
import { PlainText } from '../../ui/plain-text'
import { EmptyState, StatusMessage } from '../../ui/states'
import { ConcernGroundsLines, EMPTY_GROUNDS, GroundsFields, groundsInput } from './concern-grounds'
import { CancelButton, type FormSwitch, OnDemandForm } from './on-demand'
import { ActionError, useProposalAction } from './proposal-action'
import type { ProposalView } from './types'

export function Concerns({ view, form }: { view: ProposalView; form: FormSwitch }) {
  const { t, formatDateTime } = useI18n()
  const partyLabel = usePartyLabel()
  const open = view.concerns.filter((c) => c.status === 'open').length
  const mayRaise = view.myActions.includes('raise_concern')
  const [status, setStatus] = useState('')
  return (
    <section className="card" aria-labelledby="concerns-heading" id="concerns">
      <h2 id="concerns-heading">{t('proposal.concerns', { open })}</h2>
      <p className="field-help">{t('proposal.concernsHelp')}</p>
      {view.concerns.length === 0 ? (
        <EmptyState>{t('proposal.noConcerns')}</EmptyState>
      ) : (
        <ul className="entry-list">
          {view.concerns.map((c) => (
            <li key={c.id} className={`entry concern concern-${c.status}`}>
              <p className="entry-head">
                <span className={`badge concern-badge-${c.status}`}>
                  {t(`proposal.concern.${c.status as 'open' | 'resolved'}`)}
                </span>
                <strong>{c.title}</strong>
              </p>
              <p className="meta">
                {t('proposal.raisedBy', {
                  name: c.raisedBy.name,
                  party: partyLabel(c.party),
                  date: formatDateTime(c.createdAt),
                })}
              </p>
              <Markdown source={c.rationale} />
              <ConcernGroundsLines concern={c} currentRevision={view.currentRevision} />
              {c.status !== 'open' ? (
                <div className="resolution">
                  <p className="meta">
                    {t('proposal.resolvedBy', {
                      name: c.resolvedBy?.name ?? '',
                      date: c.resolvedAt ? formatDateTime(c.resolvedAt) : '',
                    })}
                    {c.override ? (
                      <span className="badge badge-override">{t('proposal.override')}</span>
                    ) : null}
                  </p>
                  <PlainText text={c.resolution} />
                </div>
              ) : c.canResolve ? (
                <ResolveOnDemand view={view} concernId={c.id} title={c.title} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {mayRaise ? (
        <OnDemandForm
          label={t('proposal.raiseConcern')}
          open={form.open}
          onOpenChange={(open) => {
            if (open) setStatus('')
            form.onOpenChange(open)
          }}
        >
          {(cancel) => (
            <RaiseConcernForm
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
    </section>
  )
}

function RaiseConcernForm({
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
  const [title, setTitle] = useState('')
  const [rationale, setRationale] = useState('')
  const [grounds, setGrounds] = useState(EMPTY_GROUNDS)
  const raise = useProposalAction(view, trpc.proposal.raiseConcern.mutationOptions())
  const send = raise.onSubmit(
    () => ({ title, rationale, ...groundsInput(grounds) }),
    () => onDone(t('proposal.concernRaised')),
  )
  return (
    <form className="form inset-form" id="concern-form" onSubmit={send} noValidate>
      <TextField
        label={t('proposal.concernTitle')}
        maxLength={200}
        value={title}
        onChange={setTitle}
      />
      <TextField
        label={t('proposal.concernRationale')}
        rows={3}
        value={rationale}
        onChange={setRationale}
      />
      <GroundsFields partnershipId={view.partnershipId} value={grounds} onChange={setGrounds} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={raise.isPending}>
          {raise.isPending ? t('common.saving') : t('proposal.raiseConcern')}
        </button>
        <CancelButton onCancel={onCancel} />
      </div>
      <ActionError error={raise.error} />
    </form>
  )
}

function ResolveOnDemand(props: { view: ProposalView; concernId: string; title: string }) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  return (
    <OnDemandForm label={t('proposal.resolve')} open={open} onOpenChange={setOpen}>
      {(cancel) => <ResolveForm {...props} onCancel={cancel} />}
    </OnDemandForm>
  )
}

function ResolveForm({
  view,
  concernId,
  title,
  onCancel,
}: {
  view: ProposalView
  concernId: string
  title: string
  onCancel: () => void
}) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const me = useMe()
  const [resolution, setResolution] = useState('')
  const resolve = useProposalAction(view, trpc.proposal.resolveConcern.mutationOptions())
  const concern = view.concerns.find((c) => c.id === concernId)
  const isOverride = concern ? concern.raisedBy.id !== me.id : false
  return (
    <>
      <form
        className="form inset-form"
        onSubmit={resolve.onSubmit(() => ({ concernId, resolution }))}
        noValidate
      >
        <TextField
          label={t('proposal.resolution', { title })}
          rows={2}
          value={resolution}
          onChange={setResolution}
          help={isOverride ? t('proposal.overrideHelp') : undefined}
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={resolve.isPending}>
            {isOverride ? t('proposal.resolveOverride') : t('proposal.resolve')}
          </button>
          <CancelButton onCancel={onCancel} />
        </div>
        <ActionError error={resolve.error} />
      </form>
      {resolve.prompt}
    </>
  )
}
