import { useI18n } from '../i18n'
import { useFormatDay } from './day'
import './state-badge.css'

/** "2027-03-31 · overdue" as a small piece of text that does not rely on colour. */
export function DecideBy({ decideBy, overdue }: { decideBy: string | null; overdue: boolean }) {
  const { t } = useI18n()
  const formatDay = useFormatDay()
  if (!decideBy) return <span className="muted">{t('proposal.decideBy.none')}</span>
  return (
    <span className={overdue ? 'decide-by decide-by-overdue' : 'decide-by'}>
      {t('proposal.decideBy.on', { date: formatDay(decideBy) })}
      {overdue ? <span className="badge badge-overdue">{t('proposal.overdue')}</span> : null}
    </span>
  )
}
