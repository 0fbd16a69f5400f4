/** The impact statements: for each active constraint and stance, none or touches (and how). */
import { useId } from 'react'
import { useI18n } from '../../i18n'
import { Fieldset, RadioGroup, TextField } from '../../ui/fields'
import type { ItemsPart } from './editor-state'
import { useFindingText, type useGuardrails } from './guardrails'

export function ImpactStatements({
  items,
  state,
  setState,
  guardrails,
}: ItemsPart & {
  guardrails: ReturnType<typeof useGuardrails>
}) {
  const { t } = useI18n()
  const findingText = useFindingText()
  const baseId = useId()
  const setImpact = (itemId: string, impact: 'none' | 'touches') =>
    setState((s) => ({
      ...s,
      impacts: {
        ...s.impacts,
        [itemId]: { impact, explanation: s.impacts[itemId]?.explanation ?? '' },
      },
    }))
  const setExplanation = (itemId: string, explanation: string) =>
    setState((s) => ({
      ...s,
      impacts: {
        ...s.impacts,
        [itemId]: { impact: s.impacts[itemId]?.impact ?? 'touches', explanation },
      },
    }))
  return (
    <Fieldset
      className="fieldset impacts"
      legend={t('editor.impacts')}
      help={t('editor.impactsHelp')}
    >
      {items.length === 0 ? <p className="muted">{t('editor.noGuardrailItems')}</p> : null}
      <ul className="impact-list">
        {items.map((item) => {
          const statement = state.impacts[item.id]
          const hits = guardrails.hits.filter((h) => h.itemId === item.id)
          const findings = guardrails.findings.filter(
            (f) => f.itemId === item.id && f.rule !== 'impact_missing',
          )
          const flagId = `${baseId}-${item.code}-flag`
          const explanationId = `${baseId}-${item.code}-explanation`
          const flagged = hits.length > 0 || findings.length > 0
          return (
            <li
              key={item.id}
              className={`impact-row impact-row-${item.kind}${flagged ? ' impact-row-flagged' : ''}`}
              data-item={item.code}
            >
              <fieldset className="impact-choice" aria-describedby={flagged ? flagId : undefined}>
                <legend>
                  <span className={`badge badge-${item.kind}`}>
                    {item.kind === 'constraint'
                      ? t('charter.badge.constraint')
                      : t('charter.badge.stance')}
                  </span>{' '}
                  <span className="code">{item.code}</span> {item.title}
                </legend>
                <RadioGroup
                  name={`${baseId}-${item.code}`}
                  value={statement?.impact ?? null}
                  onChange={(impact) => setImpact(item.id, impact)}
                  options={(['none', 'touches'] as const).map((impact) => ({
                    value: impact,
                    label: t(`editor.impact.${impact}`),
                  }))}
                />
              </fieldset>
              {statement?.impact === 'touches' ? (
                <TextField
                  id={explanationId}
                  label={t('editor.explanation', { code: item.code })}
                  rows={3}
                  value={statement.explanation}
                  onChange={(value) => setExplanation(item.id, value)}
                />
              ) : null}
              {flagged ? (
                <div id={flagId} className="impact-flag">
                  {hits.length > 0 ? (
                    <p className="impact-flag-hit">
                      <span aria-hidden="true">⚑ </span>
                      {t('guardrail.mentions', {
                        terms: hits.map((h) => `“${h.term}”`).join(', '),
                      })}
                    </p>
                  ) : null}
                  {findings.map((f) => (
                    <p key={f.rule} className="impact-flag-finding">
                      {findingText(f, state.type, item.kind)}
                    </p>
                  ))}
                </div>
              ) : null}
            </li>
          )
        })}
      </ul>
    </Fieldset>
  )
}
