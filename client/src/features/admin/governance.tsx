/**
 * The second person's part: grants of power waiting for confirmation, and external auditors
 * waiting for every party's approval. Admins and partnership leads of the caller's party see it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useI18n } from '../../i18n'
import { useTRPC } from '../../trpc'
import { EmptyState, ErrorState, Skeleton, StatusMessage, useErrorMessage } from '../../ui/states'
import { useFreshAuthentication } from '../auth/fresh-authentication'

export function PendingGrants({ partnershipId }: { partnershipId: string }) {
  const { t, formatDateTime } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const errorMessage = useErrorMessage()
  const grants = useQuery(trpc.people.pendingGrants.queryOptions({ partnershipId }))
  const confirm = useMutation(trpc.people.confirmGrant.mutationOptions())
  const cancel = useMutation(trpc.people.cancelGrant.mutationOptions())
  const fresh = useFreshAuthentication()
  const [status, setStatus] = useState('')
  const [failure, setFailure] = useState<unknown>(null)
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.people.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.admin.listUsers.pathKey() }),
    ])
  const act = async (work: () => Promise<unknown>, done: string) => {
    setStatus('')
    setFailure(null)
    try {
      await fresh.run(async () => {
        await work()
        setStatus(done)
        await refresh()
      })
    } catch (error) {
      setFailure(error)
    }
  }
  return (
    <section className="card" aria-labelledby="grants-heading">
      <h2 id="grants-heading">{t('grants.title')}</h2>
      <p className="field-help">{t('grants.help')}</p>
      {grants.isPending ? (
        <Skeleton lines={2} />
      ) : grants.error ? (
        <ErrorState error={grants.error} onRetry={() => grants.refetch()} />
      ) : grants.data.length === 0 ? (
        <EmptyState>{t('grants.empty')}</EmptyState>
      ) : (
        <ul className="grant-list">
          {grants.data.map((g) => (
            <li key={g.id}>
              <span>
                {t('grants.item', {
                  name: g.user.name,
                  role: t(`role.${g.role}`),
                  by: g.requestedBy?.name ?? '—',
                  at: formatDateTime(g.requestedAt),
                })}
              </span>{' '}
              {g.canConfirm ? (
                <button
                  type="button"
                  className="button button-primary"
                  disabled={confirm.isPending}
                  onClick={() =>
                    act(
                      () => confirm.mutateAsync({ grantId: g.id }),
                      t('grants.confirmed', { name: g.user.name }),
                    )
                  }
                >
                  {t('grants.confirm')}
                </button>
              ) : (
                <span className="muted">{t('grants.notYours')}</span>
              )}{' '}
              <button
                type="button"
                className="button"
                disabled={cancel.isPending}
                onClick={() =>
                  act(
                    () => cancel.mutateAsync({ grantId: g.id }),
                    t('grants.cancelled', { name: g.user.name }),
                  )
                }
              >
                {t('grants.cancel')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {fresh.prompt}
      {failure ? (
        <p className="form-error" role="alert">
          {errorMessage(failure)}
        </p>
      ) : null}
      <StatusMessage>{status}</StatusMessage>
    </section>
  )
}

export function Admissions({
  partnershipId,
  canRequest,
}: {
  partnershipId: string
  canRequest: boolean
}) {
  const { t, formatDateTime } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const errorMessage = useErrorMessage()
  const admissions = useQuery(trpc.people.admissions.queryOptions({ partnershipId }))
  const approve = useMutation(trpc.people.approveAdmission.mutationOptions())
  const request = useMutation(trpc.admin.requestAuditorAdmission.mutationOptions())
  const fresh = useFreshAuthentication()
  const [status, setStatus] = useState('')
  const [failure, setFailure] = useState<unknown>(null)
  const [form, setForm] = useState({ email: '', name: '', password: '' })
  const ids = { email: useId(), name: useId(), password: useId() }
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.people.pathKey() })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setStatus('')
    try {
      const result = await request.mutateAsync({ partnershipId, ...form })
      setForm({ email: '', name: '', password: '' })
      setStatus(
        result.status === 'admitted'
          ? t('admissions.admitted', { name: form.name })
          : t('admissions.requested', { name: form.name }),
      )
      await refresh()
    } catch {
      // shown from request.error
    }
  }
  return (
    <section className="card" aria-labelledby="admissions-heading">
      <h2 id="admissions-heading">{t('admissions.title')}</h2>
      <p className="field-help">{t('admissions.help')}</p>
      {admissions.isPending ? (
        <Skeleton lines={2} />
      ) : admissions.error ? (
        <ErrorState error={admissions.error} onRetry={() => admissions.refetch()} />
      ) : admissions.data.length === 0 ? (
        <EmptyState>{t('admissions.empty')}</EmptyState>
      ) : (
        <ul className="grant-list">
          {admissions.data.map((a) => (
            <li key={a.id}>
              <span>
                {t('admissions.item', {
                  name: a.name,
                  email: a.email,
                  by: a.requestedBy,
                  at: formatDateTime(a.requestedAt),
                  approved: a.approvedBy.join(', '),
                })}
              </span>{' '}
              {a.canApprove ? (
                <button
                  type="button"
                  className="button button-primary"
                  disabled={approve.isPending}
                  onClick={async () => {
                    setStatus('')
                    setFailure(null)
                    try {
                      await fresh.run(async () => {
                        const r = await approve.mutateAsync({ admissionId: a.id })
                        setStatus(
                          r.status === 'admitted'
                            ? t('admissions.admitted', { name: a.name })
                            : t('admissions.approved', { name: a.name }),
                        )
                        await refresh()
                      })
                    } catch (error) {
                      setFailure(error)
                    }
                  }}
                >
                  {t('admissions.approve')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {fresh.prompt}
      {failure ? (
        <p className="form-error" role="alert">
          {errorMessage(failure)}
        </p>
      ) : null}
      {canRequest ? (
        <form className="form" onSubmit={submit}>
          <h3>{t('admissions.request')}</h3>
          <div className="field">
            <label htmlFor={ids.email}>{t('admissions.email')}</label>
            <input
              id={ids.email}
              type="email"
              autoComplete="off"
              required
              value={form.email}
              onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.name}>{t('admissions.name')}</label>
            <input
              id={ids.name}
              type="text"
              autoComplete="off"
              required
              value={form.name}
              onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.password}>{t('admissions.password')}</label>
            <input
              id={ids.password}
              type="password"
              autoComplete="new-password"
              required
              minLength={12}
              value={form.password}
              onChange={(e) => setForm((f) => ({ ...f, password: e.target.value }))}
            />
          </div>
          {request.isError ? (
            <p className="form-error" role="alert">
              {errorMessage(request.error)}
            </p>
          ) : null}
          <button type="submit" className="button" disabled={request.isPending}>
            {t('admissions.submit')}
          </button>
        </form>
      ) : null}
      <StatusMessage>{status}</StatusMessage>
    </section>
  )
}
