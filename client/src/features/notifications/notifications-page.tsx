/**
 * The notification list (newest first, unread marked in words, not colour alone) and the
 * person's email settings. Opening a notification marks it read.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useId, useState } from 'react'
import {
  type EmailMode,
  NOTIFICATION_CATEGORIES,
  type NotificationCategory,
  notificationPath,
} from '../../../../shared/notification-kinds'
import { type MessageKey, useI18n } from '../../i18n'
import { Link } from '../../router'
import { type RouterOutputs, useTRPC } from '../../trpc'
import { useFormatDay } from '../../ui/day'
import { CheckboxList, Fieldset, RadioGroup, SelectField, toggled } from '../../ui/fields'
import { LoadMore } from '../../ui/load-more'
import { Page } from '../../ui/page'
import { EmptyState, ErrorState, Skeleton, StatusMessage, useErrorMessage } from '../../ui/states'
import { notificationText } from './message'
import './notifications.css'

type Item = RouterOutputs['notification']['list']['items'][number]

const CATEGORY_KEYS: Record<NotificationCategory, MessageKey> = {
  reviews: 'notifications.category.reviews',
  concerns: 'notifications.category.concerns',
  signoffs: 'notifications.category.signoffs',
  outcomes: 'notifications.category.outcomes',
  reminders: 'notifications.category.reminders',
  mentions: 'notifications.category.mentions',
}

export function NotificationsPage() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [status, setStatus] = useState('')
  const list = useInfiniteQuery(
    trpc.notification.list.infiniteQueryOptions(
      { limit: 25 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  )
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.notification.list.queryKey() })
    void queryClient.invalidateQueries({ queryKey: trpc.notification.unreadCount.queryKey() })
  }
  const markAll = useMutation(
    trpc.notification.markAllRead.mutationOptions({
      onSuccess: (result) => {
        setStatus(t('notifications.allMarked', { count: result.updated }))
        refresh()
      },
    }),
  )
  const items = list.data?.pages.flatMap((p) => p.items) ?? []
  const anyUnread = items.some((n) => n.readAt === null)
  return (
    <Page
      title={t('notifications.title')}
      lead={t('notifications.lead')}
      actions={
        <button
          type="button"
          className="button"
          disabled={!anyUnread || markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          {t('notifications.markAllRead')}
        </button>
      }
    >
      <StatusMessage>{status}</StatusMessage>
      <section className="card" aria-labelledby="notifications-heading">
        <h2 id="notifications-heading">{t('notifications.list')}</h2>
        {list.isPending ? (
          <Skeleton lines={5} label={t('notifications.loading')} />
        ) : list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState>{t('notifications.empty')}</EmptyState>
        ) : (
          <>
            <ul className="notification-list">
              {items.map((n) => (
                <NotificationRow key={n.id} item={n} onRead={refresh} />
              ))}
            </ul>
            <LoadMore query={list} />
          </>
        )}
      </section>
      <EmailSettings />
    </Page>
  )
}

function NotificationRow({ item, onRead }: { item: Item; onRead: () => void }) {
  const i18n = useI18n()
  const { t, formatDateTime } = i18n
  const trpc = useTRPC()
  const formatDay = useFormatDay()
  const markRead = useMutation(trpc.notification.markRead.mutationOptions({ onSuccess: onRead }))
  const unread = item.readAt === null
  const text = notificationText(i18n, item.kind, item.payload, formatDay)
  const to = notificationPath(item.kind, item.proposalId)
  const read = () => {
    if (unread) markRead.mutate({ ids: [item.id] })
  }
  return (
    <li className={`notification ${unread ? 'notification-unread' : ''}`}>
      <p className="notification-text">
        {unread ? (
          <span className="badge notification-unread-tag">{t('notifications.unreadTag')}</span>
        ) : null}
        {to ? (
          <Link to={to} onClick={read}>
            {text}
          </Link>
        ) : (
          text
        )}
      </p>
      <p className="notification-meta muted">
        <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
        {unread ? (
          <button
            type="button"
            className="button button-quiet"
            disabled={markRead.isPending}
            onClick={read}
          >
            {t('notifications.markRead')}
          </button>
        ) : null}
      </p>
    </li>
  )
}

function timeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf
  const zones = supported ? supported('timeZone') : []
  return zones.includes('UTC') ? zones : ['UTC', ...zones]
}

function EmailSettings() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const message = useErrorMessage()
  const id = useId()
  const prefs = useQuery(trpc.notification.preferences.queryOptions())
  const [form, setForm] = useState<RouterOutputs['notification']['preferences'] | null>(null)
  const [status, setStatus] = useState('')
  useEffect(() => {
    if (prefs.data && !form) setForm(prefs.data)
  }, [prefs.data, form])
  const save = useMutation(
    trpc.notification.setPreferences.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(trpc.notification.preferences.queryKey(), data)
        setForm(data)
        setStatus(t('notifications.prefs.saved'))
      },
    }),
  )
  return (
    <section className="card notification-settings-card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('notifications.prefs.title')}</h2>
      <p className="field-help">{t('notifications.prefs.help')}</p>
      {prefs.data && !prefs.data.emailAvailable ? (
        <p className="notice notice-warning">{t('notifications.prefs.emailOff')}</p>
      ) : null}
      {prefs.error ? (
        <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />
      ) : !form ? (
        <Skeleton lines={3} />
      ) : (
        <form
          className="notification-settings"
          onSubmit={(event) => {
            event.preventDefault()
            setStatus('')
            save.mutate(form)
          }}
        >
          <Fieldset legend={t('notifications.prefs.mode')}>
            <RadioGroup<EmailMode>
              name={`${id}-mode`}
              value={form.emailMode}
              onChange={(emailMode) => setForm({ ...form, emailMode })}
              options={[
                { value: 'immediate', label: t('notifications.prefs.mode.immediate') },
                { value: 'digest', label: t('notifications.prefs.mode.digest') },
                { value: 'off', label: t('notifications.prefs.mode.off') },
              ]}
            />
          </Fieldset>
          <Fieldset legend={t('notifications.prefs.categories')}>
            <CheckboxList
              options={NOTIFICATION_CATEGORIES.map((c) => ({
                value: c,
                label: t(CATEGORY_KEYS[c]),
              }))}
              chosen={NOTIFICATION_CATEGORIES.filter((c) => !form.optOuts.includes(c))}
              onToggle={(value, on) =>
                setForm({
                  ...form,
                  optOuts: toggled(form.optOuts, value, !on) as NotificationCategory[],
                })
              }
            />
          </Fieldset>
          <SelectField
            label={t('notifications.prefs.timeZone')}
            value={form.timeZone}
            onChange={(timeZone) => setForm({ ...form, timeZone })}
            options={timeZones().map((z) => ({ value: z, label: z }))}
          />
          <SelectField
            label={t('notifications.prefs.digestHour')}
            value={String(form.digestHour)}
            onChange={(hour) => setForm({ ...form, digestHour: Number(hour) })}
            options={Array.from({ length: 24 }, (_, h) => ({
              value: String(h),
              label: `${String(h).padStart(2, '0')}:00`,
            }))}
          />
          <div>
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {t('notifications.prefs.save')}
            </button>
          </div>
          <StatusMessage>{save.error ? message(save.error) : status}</StatusMessage>
        </form>
      )}
    </section>
  )
}
