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
          ? t('guardrail.hitConstraintDecision', { ...vars, term: finding.term })
          : t('guardrail.hitNone', { ...vars, term: finding.term })
    }
  }
}

/**
 * The flags for a text: first what the text mentions (screening hits, whatever the impact
 * statement says), then every finding that would stop submission.
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
  const kindOf = (itemId: string) => items.find((i) => i.id === itemId)?.kind ?? ''
  const hitItems = [...new Set(result.hits.map((h) => h.itemId))]
  const blocking = result.findings.filter((f) => f.rule !== 'screening_hit' || compact)
  const screening = result.findings.filter((f) => f.rule === 'screening_hit')
  const clear = result.findings.length === 0
  return (
    <section className="guardrails" aria-labelledby={id ? `${id}-heading` : undefined} id={id}>
      <h3 id={id ? `${id}-heading` : undefined} className="guardrails-heading">
        {t('guardrail.title')}
      </h3>
      {/* A polite live region: flags are announced as they appear while the author types. */}
      <div aria-live="polite" className="guardrail-live">
        {!compact && hitItems.length > 0 ? (
          <ul className="guardrail-list">
            {hitItems.map((itemId) => {
              const item = items.find((i) => i.id === itemId)
              if (!item) return null
              const terms = result.hits.filter((h) => h.itemId === itemId).map((h) => h.term)
              const kind = item.kind
              const finding = screening.find((f) => f.itemId === itemId)
              return (
                <li
                  key={itemId}
                  className={`guardrail-flag guardrail-flag-${kind}`}
                  data-item={item.code}
                >
                  <p className="guardrail-flag-head">
                    <span className={`badge badge-${kind}`}>
                      {kind === 'constraint'
                        ? t('charter.badge.constraint')
                        : t('charter.badge.stance')}
                    </span>{' '}
                    <strong>
                      {item.code} {item.title}
                    </strong>
                  </p>
                  <p>
                    {t('guardrail.mentions', {
                      terms: terms.map((term) => `“${term}”`).join(', '),
                    })}
                  </p>
                  <p>
                    {kind === 'constraint' && type === 'decision'
                      ? t('guardrail.adviceConstraint', { code: item.code })
                      : kind === 'constraint'
                        ? t('guardrail.adviceConstraintAmendment', { code: item.code })
                        : t('guardrail.adviceStance', { code: item.code })}
                  </p>
                  {finding ? (
                    <p className="guardrail-blocking">
                      {findingText(finding, type, kindOf(finding.itemId))}
                    </p>
                  ) : null}
                </li>
              )
            })}
          </ul>
        ) : null}
        {blocking.length > 0 ? (
          <>
            <p className="guardrail-summary">
              {t('guardrail.blocking', { count: blocking.length })}
            </p>
            <ul className="guardrail-findings">
              {blocking.map((f) => (
                <li key={`${f.rule}-${f.itemId}`} className={`guardrail-finding rule-${f.rule}`}>
                  {findingText(f, type, kindOf(f.itemId))}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {clear ? <p className="guardrail-clear">{t('guardrail.clear')}</p> : null}
        {result.stanceTouched ? (
          <p className="notice notice-warning">{t('guardrail.stanceTouched')}</p>
        ) : null}
      </div>
    </section>
  )
}
