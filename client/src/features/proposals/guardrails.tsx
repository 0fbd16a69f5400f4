/**
 * The charter's guardrails on the client: the same shared screening code the server runs at
 * submission, run as the author types, with what to do about each flag in the UI's language.
 */
import { useMemo } from 'react'
import {
  checkGuardrails,
  type GuardrailFinding,
  type ImpactStatement,
  MIN_EXPLANATION,
  type ScreeningHit,
} from '../../../../shared/screening'
import { useI18n } from '../../i18n'
import { LocalText } from '../../ui/local-text'
import type { CharterItem, CharterView } from './types'

/** The active constraints and stances: every proposal states its impact on each. */
export function guardrailItems(charter: CharterView | undefined): CharterItem[] {
  if (!charter) return []
  return [...charter.items.constraint, ...charter.items.stance].filter((i) => i.status === 'active')
}

export interface GuardrailResult {
  findings: GuardrailFinding[]
  hits: ScreeningHit[]
  stanceTouched: boolean
}

export function useGuardrails(input: {
  type: 'decision' | 'amendment'
  title: string
  body: string
  impacts: readonly ImpactStatement[]
  items: readonly CharterItem[]
}): GuardrailResult {
  const { type, title, body, impacts, items } = input
  return useMemo(
    () => checkGuardrails({ type, title, body, impacts, items }),
    [type, title, body, impacts, items],
  )
}

/** One sentence per finding, saying what to do. */
export function useFindingText() {
  const { t } = useI18n()
  return (finding: GuardrailFinding, type: 'decision' | 'amendment', kind: string): string => {
    const vars = { code: finding.code, title: finding.title }
    switch (finding.rule) {
      case 'impact_missing':
        return t('guardrail.impactMissing', vars)
      case 'explanation_missing':
        return t('guardrail.explanationMissing', { ...vars, min: MIN_EXPLANATION })
      case 'constraint_touched':
        return t('guardrail.constraintTouched', vars)
      case 'screening_hit':
        return kind === 'constraint' && type === 'decision'
          ? t('guardrail.hitConstraintDecision', {
              ...vars,
              term: finding.term,
              min: MIN_EXPLANATION,
            })
          : t('guardrail.hitNone', { ...vars, term: finding.term, min: MIN_EXPLANATION })
    }
  }
}

/**
 * What stands between a text and its submission, each said once: one sentence per finding, under
 * the item it is about. A term the text mentions that the impact statement already answers
 * (explained as not touching, or stated as touching) is noted once, quietly.
 */
export function GuardrailPanel({
  result,
  items,
  type,
  id,
  compact = false,
}: {
  result: GuardrailResult
  items: readonly CharterItem[]
  type: 'decision' | 'amendment'
  id?: string
  compact?: boolean
}) {
  const { t } = useI18n()
  const findingText = useFindingText()
  const itemOf = (itemId: string) => items.find((i) => i.id === itemId)
  const answered = [...new Set(result.hits.map((h) => h.itemId))].filter(
    (itemId) => !result.findings.some((f) => f.itemId === itemId),
  )
  return (
    <section className="guardrails" aria-labelledby={id ? `${id}-heading` : undefined} id={id}>
      <h3 id={id ? `${id}-heading` : undefined} className="guardrails-heading">
        {t('guardrail.title')}
      </h3>
      {/* A polite live region: flags are announced as they appear while the author types. */}
      <div aria-live="polite" className="guardrail-live">
        {result.findings.length > 0 ? (
          <>
            <p className="guardrail-summary">
              {t('guardrail.blocking', { count: result.findings.length })}
            </p>
            <ul className="guardrail-list">
              {result.findings.map((f) => {
                const item = itemOf(f.itemId)
                return (
                  <li
                    key={`${f.rule}-${f.itemId}`}
                    className={`guardrail-flag guardrail-flag-${item?.kind ?? 'item'} rule-${f.rule}`}
                    data-item={f.code}
                  >
                    {compact || !item ? null : <ItemHead item={item} />}
                    <p className="guardrail-blocking">{findingText(f, type, item?.kind ?? '')}</p>
                  </li>
                )
              })}
            </ul>
          </>
        ) : (
          <p className="guardrail-clear">
            {answered.length > 0 ? t('guardrail.clearAnswered') : t('guardrail.clear')}
          </p>
        )}
        {!compact && answered.length > 0 ? (
          <ul className="guardrail-answered">
            {answered.map((itemId) => (
              <li key={itemId} data-item={itemOf(itemId)?.code}>
                {t('guardrail.answered', {
                  code: itemOf(itemId)?.code ?? '',
                  terms: result.hits
                    .filter((h) => h.itemId === itemId)
                    .map((h) => `“${h.term}”`)
                    .join(', '),
                })}
              </li>
            ))}
          </ul>
        ) : null}
        {result.stanceTouched ? (
          <p className="notice notice-warning">{t('guardrail.stanceTouched')}</p>
        ) : null}
      </div>
    </section>
  )
}

function ItemHead({ item }: { item: CharterItem }) {
  const { t } = useI18n()
  return (
    <p className="guardrail-flag-head">
      <span className={`badge badge-${item.kind}`}>
        {item.kind === 'constraint' ? t('charter.badge.constraint') : t('charter.badge.stance')}
      </span>{' '}
      <strong>
        {item.code} <LocalText en={item.title} ja={item.titleJa} />
      </strong>
    </p>
  )
}
