/**
 * A person's calendar feed of decide-by dates (issue 14, ADR 0033). The server keeps only a hash
 * of the secret in the address, so the address shows once, when made or reset; a reset makes the
 * old one stop working at once.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { useI18n } from '../../i18n'
import { useTRPC } from '../../trpc'
import { useFormatDay } from '../../ui/day'
import { ErrorState, Skeleton, StatusMessage, useErrorMessage } from '../../ui/states'
import './agenda.css'

export function CalendarFeed() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const formatDay = useFormatDay()
  const errorMessage = useErrorMessage()
  const urlId = useId()
  const status = useQuery(trpc.calendarFeed.status.queryOptions())
  const [url, setUrl] = useState<string | null>(null)
  const [said, setSaid] = useState('')
  const refresh = () => queryClient.invalidateQueries(trpc.calendarFeed.status.queryFilter())
  const reset = useMutation(
    trpc.calendarFeed.reset.mutationOptions({
      onSuccess: (made) => {
        setUrl(`${window.location.origin}${made.path}`)
        setSaid(t('calendarFeed.made'))
        void refresh()
      },
    }),
  )
  const stop = useMutation(
    trpc.calendarFeed.stop.mutationOptions({
      onSuccess: () => {
        setUrl(null)
        setSaid(t('calendarFeed.stopped'))
        void refresh()
      },
    }),
  )
  const copy = async () => {
    if (!url) return
    try {
      await navigator.clipboard.writeText(url)
      setSaid(t('calendarFeed.copied'))
    } catch {
      setSaid(t('calendarFeed.copyByHand'))
    }
  }
  const failure = reset.error ?? stop.error
  return (
    <section className="card calendar-feed" aria-labelledby="calendar-feed-heading">
      <h2 id="calendar-feed-heading">{t('calendarFeed.title')}</h2>
      <p>{t('calendarFeed.intro')}</p>
      {status.isPending ? (
        <Skeleton lines={2} label={t('calendarFeed.loading')} />
      ) : status.error ? (
        <ErrorState error={status.error} onRetry={() => void status.refetch()} />
      ) : (
        <>
          {url ? (
            <div className="field">
              <label htmlFor={urlId}>{t('calendarFeed.address')}</label>
              <div className="calendar-feed-url">
                <input id={urlId} readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
                <button type="button" className="button" onClick={() => void copy()}>
                  {t('calendarFeed.copy')}
                </button>
              </div>
              <p className="muted">{t('calendarFeed.shownOnce')}</p>
            </div>
          ) : status.data.active ? (
            <p>
              {t('calendarFeed.active', {
                date: formatDay((status.data.createdAt ?? '').slice(0, 10)),
              })}
            </p>
          ) : (
            <p className="muted">{t('calendarFeed.none')}</p>
          )}
          <div className="calendar-feed-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={reset.isPending || stop.isPending}
              onClick={() => reset.mutate()}
            >
              {status.data.active ? t('calendarFeed.reset') : t('calendarFeed.make')}
            </button>
            {status.data.active ? (
              <button
                type="button"
                className="button"
                disabled={reset.isPending || stop.isPending}
                onClick={() => stop.mutate()}
              >
                {t('calendarFeed.stop')}
              </button>
            ) : null}
          </div>
          {status.data.active ? <p className="muted">{t('calendarFeed.resetHint')}</p> : null}
        </>
      )}
      <StatusMessage>{said}</StatusMessage>
      {failure ? (
        <p className="form-error" role="alert">
          {errorMessage(failure)}
        </p>
      ) : null}
    </section>
  )
}
