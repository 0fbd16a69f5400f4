/**
 * A party's shutdown days, for its admins (ADR 0028): days the company is closed on top of
 * weekends and public holidays. Reminders for the party's people are counted without them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useState } from 'react'
import { useI18n } from '../../i18n'
import { useTRPC } from '../../trpc'
import { useFormatDay } from '../../ui/day'
import { TextField } from '../../ui/fields'
import { EmptyState, ErrorState, Skeleton, StatusMessage, useErrorMessage } from '../../ui/states'
import './party-systems.css'

export function ShutdownDays({ partnershipId, party }: { partnershipId: string; party: string }) {
  const { t } = useI18n()
  const formatDay = useFormatDay()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const errorMessage = useErrorMessage()
  const calendar = useQuery(trpc.calendar.get.queryOptions({ partnershipId }))
  const add = useMutation(trpc.calendar.setShutdownDay.mutationOptions())
  const remove = useMutation(trpc.calendar.removeShutdownDay.mutationOptions())
  const [date, setDate] = useState('')
  const [label, setLabel] = useState('')
  const [status, setStatus] = useState('')
  const [failure, setFailure] = useState<unknown>(null)
  const configure = useMutation(trpc.calendar.set.mutationOptions())
  const [country, setCountry] = useState('')
  const [timeZone, setTimeZone] = useState('')
  const saved = calendar.data
  useEffect(() => {
    if (!saved) return
    setCountry(saved.country ?? '')
    setTimeZone(saved.timeZone)
  }, [saved])

  const act = async (work: () => Promise<unknown>, done: string) => {
    setStatus('')
    setFailure(null)
    try {
      await work()
      setStatus(done)
      await queryClient.invalidateQueries({ queryKey: trpc.calendar.pathKey() })
      return true
    } catch (error) {
      setFailure(error)
      return false
    }
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const added = await act(
      () => add.mutateAsync({ partnershipId, date, label }),
      t('shutdown.added', { date: date ? formatDay(date) : date }),
    )
    if (added) {
      setDate('')
      setLabel('')
    }
  }

  return (
    <section className="card" aria-labelledby="shutdown-heading">
      <h2 id="shutdown-heading">{t('shutdown.title', { party })}</h2>
      <p className="field-help">{t('shutdown.help')}</p>
      {calendar.isError ? (
        <ErrorState error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : !calendar.data ? (
        <Skeleton lines={3} />
      ) : (
        <>
          <p className="muted">
            {calendar.data.country
              ? t('shutdown.calendar', {
                  country: calendar.data.country,
                  zone: calendar.data.timeZone,
                })
              : t('shutdown.noCountry', { zone: calendar.data.timeZone })}
          </p>
          <form
            className="form"
            noValidate
            onSubmit={(event) => {
              event.preventDefault()
              void act(
                () =>
                  configure.mutateAsync({
                    partnershipId,
                    country: country.trim() === '' ? null : country,
                    timeZone,
                  }),
                t('shutdown.calendarSaved'),
              )
            }}
          >
            <TextField
              label={t('shutdown.country')}
              help={t('shutdown.countryHelp')}
              value={country}
              onChange={setCountry}
              maxLength={2}
            />
            <TextField
              label={t('shutdown.timeZone')}
              help={t('shutdown.timeZoneHelp')}
              value={timeZone}
              onChange={setTimeZone}
              maxLength={64}
              required
            />
            <div className="form-actions">
              <button type="submit" className="button" disabled={configure.isPending}>
                {t('shutdown.saveCalendar')}
              </button>
            </div>
          </form>
          {calendar.data.shutdownDays.length === 0 ? (
            <EmptyState>{t('shutdown.empty')}</EmptyState>
          ) : (
            <ul className="shutdown-list" aria-label={t('shutdown.listLabel')}>
              {calendar.data.shutdownDays.map((d) => (
                <li key={d.date} className="shutdown-row">
                  <span className="shutdown-date">{formatDay(d.date)}</span>
                  <span className="shutdown-label">{d.label}</span>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={remove.isPending}
                    aria-label={t('shutdown.removeLabel', {
                      date: formatDay(d.date),
                      label: d.label,
                    })}
                    onClick={() =>
                      void act(
                        () => remove.mutateAsync({ partnershipId, date: d.date }),
                        t('shutdown.removed', { date: formatDay(d.date) }),
                      )
                    }
                  >
                    {t('shutdown.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          type="date"
          label={t('shutdown.date')}
          value={date}
          onChange={setDate}
          required
        />
        <TextField
          label={t('shutdown.label')}
          help={t('shutdown.labelHelp')}
          value={label}
          onChange={setLabel}
          maxLength={80}
          required
        />
        {failure ? (
          <p className="form-error" role="alert">
            {errorMessage(failure)}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={add.isPending}>
            {t('shutdown.add')}
          </button>
        </div>
      </form>
      <StatusMessage>{status}</StatusMessage>
    </section>
  )
}
