/**
 * The party's own OpenID Connect provider (its admins), and the group → role mapping that a
 * second admin or partnership lead of the party confirms. The client secret is write-only.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useId, useState } from 'react'
import { ROLES, type Role } from '../../../../shared/roles'
import { useI18n } from '../../i18n'
import { useTRPC } from '../../trpc'
import { ErrorState, Skeleton, StatusMessage, useErrorMessage } from '../../ui/states'
import { useFreshAuthentication } from '../auth/fresh-authentication'

interface Line {
  group: string
  partnershipId: string
  role: Role
}

export function SsoSettings({ partyCode, isAdmin }: { partyCode: string; isAdmin: boolean }) {
  const { t, formatDateTime } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const errorMessage = useErrorMessage()
  const settings = useQuery(trpc.sso.provider.queryOptions({ partyCode }))
  const configure = useMutation(trpc.sso.configure.mutationOptions())
  const request = useMutation(trpc.sso.requestMapping.mutationOptions())
  const confirm = useMutation(trpc.sso.confirmMapping.mutationOptions())
  const fresh = useFreshAuthentication()
  const [form, setForm] = useState({
    issuer: '',
    clientId: '',
    clientSecret: '',
    groupClaim: 'groups',
    passwordSignIn: true,
  })
  const [lines, setLines] = useState<Line[]>([])
  const [status, setStatus] = useState('')
  const [failure, setFailure] = useState<unknown>(null)
  const ids = {
    issuer: useId(),
    clientId: useId(),
    clientSecret: useId(),
    groupClaim: useId(),
    password: useId(),
  }
  const provider = settings.data?.provider
  useEffect(() => {
    if (!provider) return
    setForm((f) => ({
      ...f,
      issuer: provider.issuer,
      clientId: provider.clientId,
      groupClaim: provider.groupClaim,
      passwordSignIn: provider.passwordSignIn,
    }))
    setLines(provider.mapping.map((m) => ({ ...m, role: m.role as Role })))
  }, [provider])

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.sso.pathKey() })
  const act = async (work: () => Promise<unknown>, done: string) => {
    setStatus('')
    setFailure(null)
    try {
      await work()
      setStatus(done)
      await refresh()
    } catch (error) {
      setFailure(error)
    }
  }
  const save = (event: FormEvent) => {
    event.preventDefault()
    void act(async () => {
      await configure.mutateAsync({ partyCode, ...form })
      setForm((f) => ({ ...f, clientSecret: '' }))
    }, t('sso.saved'))
  }

  if (settings.isPending) return <Skeleton lines={3} />
  if (settings.error)
    return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />
  const data = settings.data
  const partnershipName = (id: string) => data.partnerships.find((p) => p.id === id)?.name ?? id
  const redirectUri = `${window.location.origin}${data.callbackPath}`

  return (
    <section className="card" aria-labelledby="sso-settings-heading">
      <h2 id="sso-settings-heading">{t('sso.title', { party: data.party.name })}</h2>
      <p className="field-help">{t('sso.help', { uri: redirectUri })}</p>
      {isAdmin ? (
        <form className="form" onSubmit={save}>
          <div className="field">
            <label htmlFor={ids.issuer}>{t('sso.issuer')}</label>
            <input
              id={ids.issuer}
              type="url"
              required
              value={form.issuer}
              onChange={(e) => setForm({ ...form, issuer: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.clientId}>{t('sso.clientId')}</label>
            <input
              id={ids.clientId}
              required
              value={form.clientId}
              onChange={(e) => setForm({ ...form, clientId: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.clientSecret}>{t('sso.clientSecret')}</label>
            <input
              id={ids.clientSecret}
              type="password"
              autoComplete="off"
              required={!provider}
              value={form.clientSecret}
              onChange={(e) => setForm({ ...form, clientSecret: e.target.value })}
            />
            {provider ? <p className="field-help">{t('sso.clientSecretKept')}</p> : null}
          </div>
          <div className="field">
            <label htmlFor={ids.groupClaim}>{t('sso.groupClaim')}</label>
            <input
              id={ids.groupClaim}
              required
              value={form.groupClaim}
              onChange={(e) => setForm({ ...form, groupClaim: e.target.value })}
            />
          </div>
          <div className="field">
            <label>
              <input
                id={ids.password}
                type="checkbox"
                checked={form.passwordSignIn}
                onChange={(e) => setForm({ ...form, passwordSignIn: e.target.checked })}
              />{' '}
              {t('sso.passwordSignIn')}
            </label>
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={configure.isPending}>
              {t('sso.save')}
            </button>
          </div>
        </form>
      ) : null}

      {provider ? (
        <>
          <h3>{t('sso.mapping.title')}</h3>
          <p className="field-help">{t('sso.mapping.help')}</p>
          <h4>{t('sso.mapping.inForce')}</h4>
          {provider.mapping.length === 0 ? (
            <p className="muted">{t('sso.mapping.none')}</p>
          ) : (
            <ul>
              {provider.mapping.map((m) => (
                <li key={`${m.group}|${m.partnershipId}|${m.role}`}>
                  {m.group} → {partnershipName(m.partnershipId)}: {t(`role.${m.role as Role}`)}
                </li>
              ))}
            </ul>
          )}
          {data.pendingMappings.map((p) => (
            <div key={p.id} className="notice">
              <p>
                {t('sso.mapping.pending', {
                  by: p.requestedBy.name,
                  at: formatDateTime(p.requestedAt),
                })}
              </p>
              <ul>
                {p.mapping.map((m) => (
                  <li key={`${m.group}|${m.partnershipId}|${m.role}`}>
                    {m.group} → {partnershipName(m.partnershipId)}: {t(`role.${m.role as Role}`)}
                  </li>
                ))}
              </ul>
              {p.canConfirm ? (
                <button
                  type="button"
                  className="button button-primary"
                  disabled={confirm.isPending}
                  onClick={async () => {
                    setStatus('')
                    setFailure(null)
                    try {
                      await fresh.run(async () => {
                        await confirm.mutateAsync({ changeId: p.id })
                        setStatus(t('sso.mapping.confirmed'))
                        await refresh()
                      })
                    } catch (error) {
                      setFailure(error)
                    }
                  }}
                >
                  {t('sso.mapping.confirm')}
                </button>
              ) : (
                <span className="muted">{t('sso.mapping.notYours')}</span>
              )}
            </div>
          ))}
          {fresh.prompt}
          {isAdmin ? (
            <form
              className="form"
              onSubmit={(event) => {
                event.preventDefault()
                void act(
                  () => request.mutateAsync({ partyCode, mapping: lines }),
                  t('sso.mapping.requested'),
                )
              }}
            >
              {lines.map((line, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: lines are edited in place and have no id
                <fieldset key={index} className="mapping-line">
                  <label>
                    {t('sso.mapping.group')}{' '}
                    <input
                      required
                      value={line.group}
                      onChange={(e) =>
                        setLines(
                          lines.map((l, i) => (i === index ? { ...l, group: e.target.value } : l)),
                        )
                      }
                    />
                  </label>{' '}
                  <label>
                    {t('sso.mapping.partnership')}{' '}
                    <select
                      value={line.partnershipId}
                      onChange={(e) =>
                        setLines(
                          lines.map((l, i) =>
                            i === index ? { ...l, partnershipId: e.target.value } : l,
                          ),
                        )
                      }
                    >
                      {data.partnerships.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name}
                        </option>
                      ))}
                    </select>
                  </label>{' '}
                  <label>
                    {t('sso.mapping.role')}{' '}
                    <select
                      value={line.role}
                      onChange={(e) =>
                        setLines(
                          lines.map((l, i) =>
                            i === index ? { ...l, role: e.target.value as Role } : l,
                          ),
                        )
                      }
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`role.${r}`)}
                        </option>
                      ))}
                    </select>
                  </label>{' '}
                  <button
                    type="button"
                    className="button"
                    onClick={() => setLines(lines.filter((_, i) => i !== index))}
                  >
                    {t('sso.mapping.remove')}
                  </button>
                </fieldset>
              ))}
              <div className="form-actions">
                <button
                  type="button"
                  className="button"
                  disabled={data.partnerships.length === 0}
                  onClick={() =>
                    setLines([
                      ...lines,
                      { group: '', partnershipId: data.partnerships[0]?.id ?? '', role: 'member' },
                    ])
                  }
                >
                  {t('sso.mapping.add')}
                </button>
                <button
                  type="submit"
                  className="button button-primary"
                  disabled={request.isPending}
                >
                  {t('sso.mapping.request')}
                </button>
              </div>
            </form>
          ) : null}
        </>
      ) : null}
      {failure ? (
        <p className="form-error" role="alert">
          {errorMessage(failure)}
        </p>
      ) : null}
      <StatusMessage>{status}</StatusMessage>
    </section>
  )
}
