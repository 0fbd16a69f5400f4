import { useI18n } from '../../i18n'

export type DurationUnit = 'minutes' | 'hours' | 'days'

const HOURS_IN: Record<DurationUnit, number> = { minutes: 1 / 60, hours: 1, days: 24 }

/** The unit a duration reads best in: minutes under an hour, hours under two days, else days. */
export function durationUnit(hours: number): DurationUnit {
  if (hours < 1) return 'minutes'
  if (hours < 48) return 'hours'
  return 'days'
}

/** Hours as "6 min", "5.5 h" or "3.2 days" in the UI's language; under a minute says so. */
export function useDuration() {
  const { t, locale } = useI18n()
  const one = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
  return (hours: number | null | undefined): string => {
    if (hours === null || hours === undefined) return '—'
    const unit = durationUnit(hours)
    if (unit === 'minutes' && hours * 60 < 1) return t('dashboard.underMinute')
    if (unit === 'minutes') return t('dashboard.minutes', { n: one.format(Math.round(hours * 60)) })
    if (unit === 'hours') return t('dashboard.hours', { n: one.format(hours) })
    return t('dashboard.days', { n: one.format(hours / 24) })
  }
}

/**
 * An axis for durations whose unit follows the data (the largest value), so a chart of
 * six-minute medians is drawn in minutes, not in "0.004 d".
 */
export function useDurationAxis(hours: readonly (number | null)[]) {
  const { t, locale } = useI18n()
  const one = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
  const unit = durationUnit(Math.max(0, ...hours.map((h) => h ?? 0)))
  const key =
    unit === 'minutes'
      ? 'dashboard.minutes'
      : unit === 'hours'
        ? 'dashboard.hours'
        : 'dashboard.daysShort'
  return {
    /** A duration in hours, in the axis's unit. */
    value: (h: number | null) => (h ?? 0) / HOURS_IN[unit],
    tick: (v: number) => t(key, { n: one.format(v) }),
  }
}
