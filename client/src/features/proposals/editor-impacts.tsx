/** The impact statements: for each active constraint and stance, none or touches (and how). */
import { useId } from 'react'
import { useI18n } from '../../i18n'
import { Fieldset, RadioGroup, TextField } from '../../ui/fields'
import { LocalText } from '../../ui/local-text'
import type { ItemsPart } from './editor-state'
import type { useGuardrails } from './guardrails'

export function ImpactStatements({
  items,
  state,
  setState,
  guardrails,
}: ItemsPart & {
  guardrails: ReturnType<typeof useGuardrails>
}) {
  const { t } = useI18n()
  const baseId = useId()
  const setImpact = (itemId: string, impact: 'none' | 'touches') =>
    setState((s) => ({
      ...s,
      impacts: {
        ...s.impacts,
        // "How it touches" and "why it does not" say opposite things: one never stands for the other.
        [itemId]: {
          impact,
          explanation:
            s.impacts[itemId]?.impact === impact ? (s.impacts[itemId]?.explanation ?? '') : '',
        },
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
          const flagId = `${baseId}-${item.code}-flag`
          const explanationId = `${baseId}-${item.code}-explanation`
          const flagged = hits.length > 0
          // "No impact" with a screening term in the text: the author says why it does not touch.
          const explainsNone =
            statement?.impact === 'none' && (flagged || statement.explanation.trim() !== '')
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
                  <span className="code">{item.code}</span>{' '}
                  <LocalText en={item.title} ja={item.titleJa} />
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
              {flagged ? (
                <p id={flagId} className="impact-flag impact-flag-hit">
                  <span aria-hidden="true">⚑ </span>
                  {t('guardrail.mentions', {
                    terms: hits.map((h) => `“${h.term}”`).join(', '),
                  })}
                </p>
              ) : null}
              {statement?.impact === 'touches' || explainsNone ? (
                <TextField
                  id={explanationId}
                  label={
                    statement?.impact === 'touches'
                      ? t('editor.explanation', { code: item.code })
                      : t('editor.explanationNone', { code: item.code })
                  }
                  rows={3}
                  value={statement?.explanation ?? ''}
                  onChange={(value) => setExplanation(item.id, value)}
                />
              ) : null}
            </li>
          )
        })}
      </ul>
    </Fieldset>
  )
}
