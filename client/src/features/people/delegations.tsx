/**
 * Delegation within a party (ADR 0030): who may sign for whom, until when, for every party (the
 * other party sees it too); a lead asks to let a person of their party sign for them, a second
 * person of the party approves, the lead or an admin revokes. What each row offers is the
 * server's answer (`canApprove`, `canRevoke`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { useTRPC } from '../../trpc'
import { SelectField, TextField } from '../../ui/fields'
import { ScrollRegion } from '../../ui/scroll-region'
import { EmptyState, ErrorState, Skeleton, StatusMessage, useErrorMessage } from '../../ui/states'
import { useFreshAuthentication } from '../auth/fresh-authentication'

const today = () => new Date().toISOString().slice(0, 10)

export function DelegationsSection({
  partnershipId,
  canDelegate,
}: {
  partnershipId: string
  /** the caller is a lead who signs for their party */
  canDelegate: boolean
}) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const errorMessage = useErrorMessage()
  const partyLabel = usePartyLabel()
  const list = useQuery(trpc.people.delegations.queryOptions({ partnershipId }))
  const approve = useMutation(trpc.people.approveDelegation.mutationOptions())
  const revoke = useMutation(trpc.people.revokeDelegation.mutationOptions())
  const fresh = useFreshAuthentication()
  const [status, setStatus] = useState('')
  const [failure, setFailure] = useState<unknown>(null)
  const act = async (work: () => Promise<unknown>, done: string) => {
    setStatus('')
    setFailure(null)
    try {
      await fresh.run(async () => {
        await work()
        setStatus(done)
        await queryClient.invalidateQueries({ queryKey: trpc.people.delegations.pathKey() })
      })
    } catch (error) {
      setFailure(error)
    }
  }
  return (
    <section className="card delegations" aria-labelledby="delegations-heading" id="delegations">
      <h2 id="delegations-heading">{t('delegation.title')}</h2>
      <p className="field-help">{t('delegation.help')}</p>
      {list.isPending ? (
        <Skeleton lines={2} />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState>{t('delegation.empty')}</EmptyState>
      ) : (
        <ScrollRegion label={t('delegation.title')}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('delegation.who')}</th>
                <th scope="col">{t('delegation.when')}</th>
                <th scope="col">{t('delegation.state')}</th>
                <th scope="col">{t('delegation.approvedBy')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('delegation.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((d) => (
                <tr key={d.id} data-delegation={d.id} data-state={d.state}>
                  <td>
                    {t('delegation.signsFor', {
                      delegate: d.delegate.name,
                      lead: d.delegator.name,
                    })}
                    <span className="party-tag">{partyLabel(d.party)}</span>
                    {d.reason ? <span className="muted block">{d.reason}</span> : null}
                  </td>
                  <td>
                    {t('delegation.range', { from: d.startsOn, to: d.endsOn, zone: d.timeZone })}
                  </td>
                  <td>
                    <span className={`badge delegation-${d.state}`}>
                      {t(`delegation.status.${d.state}`)}
                    </span>
                  </td>
                  <td>{d.approvedBy?.name ?? '—'}</td>
                  <td className="actions">
                    {d.canApprove ? (
                      <button
                        type="button"
                        className="button button-primary"
                        disabled={approve.isPending}
                        onClick={() =>
                          act(
                            () => approve.mutateAsync({ delegationId: d.id }),
                            t('delegation.approved', { delegate: d.delegate.name }),
                          )
                        }
                      >
                        {t('delegation.approve')}
                      </button>
                    ) : null}{' '}
                    {d.canRevoke ? (
                      <button
                        type="button"
                        className="button"
                        disabled={revoke.isPending}
                        onClick={() =>
                          act(
                            () => revoke.mutateAsync({ delegationId: d.id }),
                            t('delegation.revoked', { delegate: d.delegate.name }),
                          )
                        }
                      >
                        {d.state === 'pending' ? t('delegation.cancel') : t('delegation.revoke')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {fresh.prompt}
      {failure ? (
        <p className="form-error" role="alert">
          {errorMessage(failure)}
        </p>
      ) : null}
      <StatusMessage>{status}</StatusMessage>
      {canDelegate ? <CreateDelegation partnershipId={partnershipId} /> : null}
    </section>
  )
}

function CreateDelegation({ partnershipId }: { partnershipId: string }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const errorMessage = useErrorMessage()
  const candidates = useQuery(trpc.people.delegateCandidates.queryOptions({ partnershipId }))
  const create = useMutation(trpc.people.createDelegation.mutationOptions())
  const [delegateId, setDelegateId] = useState('')
  const [startsOn, setStartsOn] = useState(today)
  const [endsOn, setEndsOn] = useState('')
  const [reason, setReason] = useState('')
  const [status, setStatus] = useState('')
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setStatus('')
    await create.mutateAsync({ partnershipId, delegateId, startsOn, endsOn, reason })
    const name = candidates.data?.find((c) => c.id === delegateId)?.name ?? ''
    setStatus(t('delegation.requested', { delegate: name }))
    setDelegateId('')
    setReason('')
    await queryClient.invalidateQueries({ queryKey: trpc.people.delegations.pathKey() })
  }
  return (
    <form
      className="form inset-form delegation-form"
      onSubmit={(e) => submit(e).catch(() => undefined)}
      noValidate
    >
      <h3>{t('delegation.create')}</h3>
      <p className="field-help">{t('delegation.createHelp')}</p>
      <SelectField
        label={t('delegation.delegate')}
        value={delegateId}
        onChange={setDelegateId}
        empty={t('delegation.choose')}
        options={(candidates.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
      />
      <TextField
        label={t('delegation.startsOn')}
        type="date"
        min={today()}
        value={startsOn}
        onChange={setStartsOn}
      />
      <TextField
        label={t('delegation.endsOn')}
        help={t('delegation.endsOnHelp')}
        type="date"
        min={startsOn || today()}
        value={endsOn}
        onChange={setEndsOn}
      />
      <TextField label={t('delegation.reason')} rows={2} value={reason} onChange={setReason} />
      <button type="submit" className="button button-primary" disabled={create.isPending}>
        {create.isPending ? t('common.saving') : t('delegation.submit')}
      </button>
      {create.error ? (
        <p className="form-error" role="alert">
          {errorMessage(create.error)}
        </p>
      ) : null}
      <StatusMessage>{status}</StatusMessage>
    </form>
  )
}
