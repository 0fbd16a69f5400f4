/**
 * Each party's clock on the proposal (issue 13): the local time and whether today is a business
 * day for each party, and the decide-by date in each party's terms (business days left on its
 * own calendar, and the days off before it). The server counts (calendar.clocks, from
 * shared/business-days.ts); the other party's shutdown labels never reach this page.
 */
import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { type I18n, useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { type RouterOutputs, useTRPC } from '../../trpc'
import './party-clocks.css'

type Clocks = RouterOutputs['calendar']['clocks']
type Clock = Clocks['parties'][number]

/** The current minute, so the local times move while the page is open. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

/** Days off named at most: the nearest ones matter; the count of days left says the rest. */
const DAYS_OFF_SHOWN = 3

function dayOf(date: string, locale: string, withYear = false): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: withYear ? 'numeric' : undefined,
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`))
}

function todayText(clock: Clock, i18n: I18n): string {
  const { t, lang } = i18n
  if (clock.todayOff === null) return t('clocks.businessDay')
  if (clock.todayOff === 'weekend') return t('clocks.closed.weekend')
  if (clock.todayOff === 'holiday' && clock.holiday)
    return t('clocks.closed.named', { name: lang === 'ja' ? clock.holiday.ja : clock.holiday.en })
  if (clock.shutdownLabel) return t('clocks.closed.named', { name: clock.shutdownLabel })
  return t('clocks.closed.shutdown')
}

function leftText(clock: Clock, i18n: I18n): string | null {
  const n = clock.businessDaysLeft
  if (n === null) return null
  if (n < 0) return i18n.t('clocks.overdue', { n: -n })
  return i18n.t('clocks.left', { n })
}

type DayOffEntry = Clock['daysOff'][number]

/** Runs of days off with the same reason (a shutdown over a weekend is one run). */
function runsOf(days: readonly DayOffEntry[]): DayOffEntry[][] {
  const runs: DayOffEntry[][] = []
  const key = (d: DayOffEntry) => `${d.off}|${d.label ?? ''}|${d.holiday?.en ?? ''}`
  for (const day of days) {
    const run = runs[runs.length - 1]
    const last = run?.[run.length - 1]
    const gap = last ? (Date.parse(day.date) - Date.parse(last.date)) / 86_400_000 : Infinity
    if (run && last && key(last) === key(day) && gap <= 3) run.push(day)
    else runs.push([day])
  }
  return runs
}

function daysOffText(clock: Clock, i18n: I18n): string | null {
  if (clock.daysOff.length === 0) return null
  const { t, lang, locale } = i18n
  const days = runsOf(clock.daysOff)
    .slice(0, DAYS_OFF_SHOWN)
    .map((run) => {
      const d = run[0] as DayOffEntry
      const end = run[run.length - 1] as DayOffEntry
      const date =
        run.length > 1
          ? `${dayOf(d.date, locale)} – ${dayOf(end.date, locale)}`
          : dayOf(d.date, locale)
      if (d.holiday)
        return t('clocks.off.named', { date, name: lang === 'ja' ? d.holiday.ja : d.holiday.en })
      if (d.label) return t('clocks.off.named', { date, name: d.label })
      return t('clocks.off.shutdown', { date })
    })
  return t('clocks.daysOff', { days: days.join(lang === 'ja' ? '、' : ', ') })
}

export function PartyClocks({ proposalId }: { proposalId: string }) {
  const trpc = useTRPC()
  const i18n = useI18n()
  const { t, locale } = i18n
  const partyLabel = usePartyLabel()
  const now = useNow()
  const clocks = useQuery(trpc.calendar.clocks.queryOptions({ proposalId }))
  if (!clocks.data) return null
  const { decideBy, parties } = clocks.data
  return (
    <section className="card party-clocks" aria-labelledby="party-clocks-heading">
      <h2 id="party-clocks-heading">{t('clocks.title')}</h2>
      {decideBy ? (
        <p className="party-clocks-due">
          {t('clocks.due', { date: dayOf(decideBy, locale, true) })}
        </p>
      ) : null}
      <ul>
        {parties.map((clock) => {
          const time = new Intl.DateTimeFormat(locale, {
            weekday: 'short',
            hour: '2-digit',
            minute: '2-digit',
            timeZone: clock.timeZone,
          }).format(now)
          const left = leftText(clock, i18n)
          return (
            <li key={clock.party} className="party-clock" data-party={clock.party}>
              <strong className="party-clock-name">{partyLabel(clock.party)}</strong>{' '}
              <span className="party-clock-time">
                {t('clocks.localTime', { time, zone: clock.timeZone })}
              </span>{' '}
              <span className={clock.todayOff ? 'party-clock-today closed' : 'party-clock-today'}>
                {todayText(clock, i18n)}
              </span>
              {left ? (
                <>
                  {' '}
                  <span className="party-clock-left">{left}</span>
                </>
              ) : null}
            </li>
          )
        })}
      </ul>
      {/* The days off before the date, on demand: the status card stays one screen tall. */}
      {parties.some((clock) => daysOffText(clock, i18n)) ? (
        <details className="party-clocks-off">
          <summary>{t('clocks.daysOffSummary')}</summary>
          <ul>
            {parties.map((clock) => {
              const off = daysOffText(clock, i18n)
              return off ? (
                <li key={clock.party} className="party-clock-off">
                  <strong>{partyLabel(clock.party)}</strong> {off}
                </li>
              ) : null
            })}
          </ul>
        </details>
      ) : null}
    </section>
  )
}
