import { useI18n } from '../../i18n'

/** Hours as "5.5 h" under two days, else "3.2 days", in the UI's language. */
export function useDuration() {
  const { t, locale } = useI18n()
  const one = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
  return (hours: number | null | undefined): string => {
    if (hours === null || hours === undefined) return '—'
    if (hours < 1) return t('dashboard.minutes', { n: one.format(Math.round(hours * 60)) })
    if (hours < 48) return t('dashboard.hours', { n: one.format(hours) })
    return t('dashboard.days', { n: one.format(hours / 24) })
  }
}
