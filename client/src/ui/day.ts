import { useI18n } from '../i18n'

/**
 * A calendar date without a time ("2026-11-30": an effective date, a decide-by date) is the same
 * day everywhere: it is formatted in UTC so no time zone moves it to the day before.
 */
export function useFormatDay() {
  const { locale } = useI18n()
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
  return (day: string) => format.format(new Date(`${day.slice(0, 10)}T00:00:00Z`))
}
