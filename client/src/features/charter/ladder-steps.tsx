/** A `procedure` item's escalation ladder (ADR 0032): when a proposal is deadlocked, and the rungs. */
import { useI18n } from '../../i18n'
import type { CharterItem } from '../proposals/types'

export function LadderSteps({ item }: { item: CharterItem }) {
  const { t } = useI18n()
  const ladder = item.procedure
  if (!ladder) return null
  return (
    <div className="charter-ladder">
      <p>{t('charter.procedure.overdue', { days: ladder.overdueBusinessDays })}</p>
      <ol>
        {ladder.steps.map((s) => (
          <li key={s.body}>
            {t('charter.procedure.step', {
              body: t(`escalation.bodyTitle.${s.body}`),
              days: s.coolingOffBusinessDays,
            })}
          </li>
        ))}
      </ol>
    </div>
  )
}
