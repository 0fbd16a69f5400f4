/**
 * A party's webhook endpoints, for its admins (ADR 0028): register one, see its secret once,
 * send a test event, read the delivery log, make a new secret, disable or remove it. Nobody
 * outside the party sees any of this; the server refuses them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { NOTIFICATION_KINDS, type NotificationKind } from '../../../../shared/notification-kinds'
import { type MessageKey, useI18n } from '../../i18n'
import { useTRPC } from '../../trpc'
import { CheckboxList, Fieldset, TextField, toggled } from '../../ui/fields'
import { ScrollRegion } from '../../ui/scroll-region'
import { EmptyState, ErrorState, Skeleton, StatusMessage, useErrorMessage } from '../../ui/states'
import './party-systems.css'

const KINDS = Object.keys(NOTIFICATION_KINDS) as NotificationKind[]

function kindLabel(kind: string): MessageKey {
  return `webhooks.kind.${kind}` as MessageKey
}

export function WebhookSettings({
  partnershipId,
  party,
}: {
  partnershipId: string
  party: string
}) {
  const { t, plural, formatDateTime } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const errorMessage = useErrorMessage()
  const list = useQuery({
    ...trpc.webhook.list.queryOptions({ partnershipId }),
    refetchInterval: (query) =>
      query.state.data?.endpoints.some((e) => e.lastDelivery?.status === 'pending') ? 1000 : false,
  })
  const [status, setStatus] = useState('')
  const [failure, setFailure] = useState<unknown>(null)
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null)
  const [logOpen, setLogOpen] = useState<string | null>(null)
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhook.pathKey() })
  const act = async (work: () => Promise<unknown>, done: string) => {
    setStatus('')
    setFailure(null)
    try {
      await work()
      setStatus(done)
    } catch (error) {
      setFailure(error)
    } finally {
      await refresh()
    }
  }
  const rotate = useMutation(trpc.webhook.rotateSecret.mutationOptions())
  const disable = useMutation(trpc.webhook.disable.mutationOptions())
  const enable = useMutation(trpc.webhook.enable.mutationOptions())
  const remove = useMutation(trpc.webhook.remove.mutationOptions())
  const test = useMutation(trpc.webhook.test.mutationOptions())

  const statusLabel = (s: string) => t(`webhooks.status.${s}` as MessageKey)

  return (
    <section className="card admin-wide" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">{t('webhooks.title', { party })}</h2>
      <p className="field-help">{t('webhooks.help')}</p>
      {secret ? <SecretOnce {...secret} onDone={() => setSecret(null)} /> : null}
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <Skeleton lines={3} />
      ) : list.data.endpoints.length === 0 ? (
        <EmptyState>{t('webhooks.empty')}</EmptyState>
      ) : (
        <ul className="webhook-list" aria-label={t('webhooks.listLabel')}>
          {list.data.endpoints.map((e) => {
            const ref = { partnershipId, endpointId: e.id }
            const last = e.lastDelivery
            return (
              <li key={e.id} className="webhook-row">
                <div className="webhook-head">
                  <span className="webhook-url">{e.url}</span>
                  <span className={`badge badge-user-${e.enabled ? 'active' : 'disabled'}`}>
                    {t(e.enabled ? 'webhooks.enabled' : 'webhooks.disabled')}
                  </span>
                </div>
                {e.description ? <p className="webhook-description">{e.description}</p> : null}
                <p className="muted">
                  {plural('webhooks.events', e.eventKinds.length)}:{' '}
                  {e.eventKinds.map((k) => t(kindLabel(k))).join(', ')}
                </p>
                <p className="muted">
                  {!last
                    ? t('webhooks.never')
                    : last.lastStatusCode === null
                      ? t('webhooks.lastNoCode', {
                          status: statusLabel(last.status),
                          attempts: last.attempts,
                          at: formatDateTime(last.at),
                        })
                      : t('webhooks.last', {
                          status: statusLabel(last.status),
                          attempts: last.attempts,
                          code: last.lastStatusCode,
                          at: formatDateTime(last.at),
                        })}
                </p>
                <div className="button-row">
                  <button
                    type="button"
                    className="button"
                    disabled={!e.enabled || test.isPending}
                    aria-label={t('webhooks.testLabel', { url: e.url })}
                    onClick={() =>
                      void act(async () => {
                        await test.mutateAsync(ref)
                        setLogOpen(e.id)
                      }, t('webhooks.testQueued'))
                    }
                  >
                    {t('webhooks.test')}
                  </button>
                  <button
                    type="button"
                    className="button"
                    aria-expanded={logOpen === e.id}
                    aria-controls={`webhook-log-${e.id}`}
                    aria-label={t(
                      logOpen === e.id ? 'webhooks.hideLogLabel' : 'webhooks.logLabel',
                      {
                        url: e.url,
                      },
                    )}
                    onClick={() => setLogOpen(logOpen === e.id ? null : e.id)}
                  >
                    {logOpen === e.id ? t('webhooks.hideLog') : t('webhooks.log')}
                  </button>
                  <button
                    type="button"
                    className="button"
                    aria-label={t('webhooks.rotateLabel', { url: e.url })}
                    onClick={() => {
                      if (!window.confirm(t('webhooks.rotateConfirm', { url: e.url }))) return
                      void act(async () => {
                        const made = await rotate.mutateAsync(ref)
                        setSecret({ url: e.url, secret: made.secret })
                      }, '')
                    }}
                  >
                    {t('webhooks.rotate')}
                  </button>
                  <button
                    type="button"
                    className="button"
                    aria-label={t(e.enabled ? 'webhooks.disableLabel' : 'webhooks.enableLabel', {
                      url: e.url,
                    })}
                    onClick={() =>
                      void act(
                        () => (e.enabled ? disable : enable).mutateAsync(ref),
                        t(e.enabled ? 'webhooks.disabledDone' : 'webhooks.enabledDone'),
                      )
                    }
                  >
                    {t(e.enabled ? 'webhooks.disable' : 'webhooks.enable')}
                  </button>
                  <button
                    type="button"
                    className="button button-danger"
                    aria-label={t('webhooks.removeLabel', { url: e.url })}
                    onClick={() => {
                      if (!window.confirm(t('webhooks.removeConfirm', { url: e.url }))) return
                      void act(() => remove.mutateAsync(ref), t('webhooks.removed'))
                    }}
                  >
                    {t('webhooks.remove')}
                  </button>
                </div>
                {logOpen === e.id ? (
                  <div id={`webhook-log-${e.id}`}>
                    <DeliveryLog partnershipId={partnershipId} endpointId={e.id} url={e.url} />
                  </div>
                ) : null}
              </li>
            )
          })}
        </ul>
      )}
      {failure ? (
        <p className="form-error" role="alert">
          {errorMessage(failure)}
        </p>
      ) : null}
      <StatusMessage>{status}</StatusMessage>
      <CreateWebhook
        partnershipId={partnershipId}
        onCreated={(url, made) => {
          setSecret({ url, secret: made })
          void refresh()
        }}
      />
    </section>
  )
}

/** The secret, once: copy it now; it is never shown again. */
function SecretOnce({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  const { t } = useI18n()
  const [copied, setCopied] = useState('')
  return (
    <section className="notice webhook-secret" aria-labelledby="webhook-secret-title">
      <h3 id="webhook-secret-title">{t('webhooks.secret.title', { url })}</h3>
      <p>{t('webhooks.secret.once')}</p>
      <p>
        <code className="webhook-secret-value" data-testid="webhook-secret">
          {secret}
        </code>
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          onClick={() =>
            void navigator.clipboard
              .writeText(secret)
              .then(() => setCopied(t('webhooks.secret.copied')))
          }
        >
          {t('webhooks.secret.copy')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('webhooks.secret.done')}
        </button>
      </div>
      <StatusMessage>{copied}</StatusMessage>
    </section>
  )
}

function CreateWebhook({
  partnershipId,
  onCreated,
}: {
  partnershipId: string
  onCreated: (url: string, secret: string) => void
}) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const errorMessage = useErrorMessage()
  const create = useMutation(trpc.webhook.create.mutationOptions())
  const [url, setUrl] = useState('')
  const [description, setDescription] = useState('')
  const [kinds, setKinds] = useState<string[]>([])
  const [failure, setFailure] = useState<unknown>(null)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setFailure(null)
    try {
      const made = await create.mutateAsync({
        partnershipId,
        url,
        description,
        eventKinds: kinds as NotificationKind[],
      })
      onCreated(made.endpoint.url, made.secret)
      setUrl('')
      setDescription('')
      setKinds([])
    } catch (error) {
      setFailure(error)
    }
  }
  return (
    <form className="form webhook-create" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{t('webhooks.create.title')}</h3>
      <TextField
        label={t('webhooks.create.url')}
        help={t('webhooks.create.urlHelp')}
        value={url}
        onChange={setUrl}
        maxLength={2000}
        required
      />
      <TextField
        label={t('webhooks.create.description')}
        value={description}
        onChange={setDescription}
        maxLength={200}
      />
      <Fieldset legend={t('webhooks.create.kinds')}>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={kinds.length === KINDS.length}
            onChange={(e) => setKinds(e.target.checked ? [...KINDS] : [])}
          />
          <span>{t('webhooks.create.all')}</span>
        </label>
        <CheckboxList
          className="checkbox-grid"
          options={KINDS.map((k) => ({ value: k, label: t(kindLabel(k)) }))}
          chosen={kinds}
          onToggle={(value, on) => setKinds(toggled(kinds, value, on))}
        />
      </Fieldset>
      {failure ? (
        <p className="form-error" role="alert">
          {errorMessage(failure)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {t('webhooks.create.submit')}
        </button>
      </div>
    </form>
  )
}

function DeliveryLog({
  partnershipId,
  endpointId,
  url,
}: {
  partnershipId: string
  endpointId: string
  url: string
}) {
  const { t, formatDateTime } = useI18n()
  const trpc = useTRPC()
  // A test event goes out within the worker's next round: look again while any is waiting.
  const log = useQuery({
    ...trpc.webhook.deliveries.queryOptions({ partnershipId, endpointId, limit: 25 }),
    refetchInterval: (query) =>
      query.state.data?.items.some((d) => d.status === 'pending') ? 1000 : false,
  })
  if (log.isError) return <ErrorState error={log.error} onRetry={() => void log.refetch()} />
  if (!log.data) return <Skeleton lines={2} />
  if (log.data.items.length === 0) return <EmptyState>{t('webhooks.log.empty')}</EmptyState>
  return (
    <ScrollRegion label={t('webhooks.logLabel', { url })}>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('webhooks.log.time')}</th>
            <th scope="col">{t('webhooks.log.event')}</th>
            <th scope="col">{t('webhooks.log.status')}</th>
            <th scope="col">{t('webhooks.log.attempts')}</th>
            <th scope="col">{t('webhooks.log.http')}</th>
          </tr>
        </thead>
        <tbody>
          {log.data.items.map((d) => (
            <tr key={d.id}>
              <td>{formatDateTime(d.lastAttemptAt ?? d.createdAt)}</td>
              <td>{d.type ? t(kindLabel(d.type)) : t('webhooks.log.none')}</td>
              <td>{t(`webhooks.status.${d.status}` as MessageKey)}</td>
              <td>{d.attempts}</td>
              <td>{d.lastStatusCode ?? t('webhooks.log.none')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  )
}
