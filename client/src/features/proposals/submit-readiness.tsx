import { useMemo } from 'react'
import { useI18n } from '../../i18n'
import { Link, useLocation } from '../../router'
import { GuardrailPanel, guardrailItems, useGuardrails } from './guardrails'
import type { SectionProps } from './types'

/** A draft shows what still stops its submission, before the author tries. */
export function SubmitReadiness({ view, charter }: SectionProps) {
  const { t } = useI18n()
  const items = useMemo(() => guardrailItems(charter), [charter])
  const result = useGuardrails({
    type: view.type,
    title: view.revision.title,
    body: view.revision.body,
    impacts: view.revision.impacts,
    items,
  })
  const { pathname } = useLocation()
  const parties = view.signoffStatus.map((s) => s.party)
  const missing = parties.filter((party) => !view.reviewers.some((r) => r.party === party))
  return (
    <div className="readiness">
      <p className="label">{t('proposal.readiness')}</p>
      <ul className="check-list">
        <li className={view.revision.workstreamId ? 'check-ok' : 'check-todo'}>
          <span aria-hidden="true">{view.revision.workstreamId ? '✓ ' : '○ '}</span>
          {view.revision.workstreamId
            ? t('proposal.ready.workstream')
            : t('proposal.todo.workstream')}
        </li>
        <li className={missing.length === 0 ? 'check-ok' : 'check-todo'}>
          <span aria-hidden="true">{missing.length === 0 ? '✓ ' : '○ '}</span>
          {missing.length === 0 ? (
            t('proposal.ready.reviewers')
          ) : (
            // Reviewers are assigned in the reviews section: the item opens it.
            <Link to={`${pathname}?tab=reviews`}>
              {t('proposal.todo.reviewers', { parties: missing.join(', ') })}
            </Link>
          )}
        </li>
      </ul>
      {charter ? <GuardrailPanel result={result} items={items} type={view.type} compact /> : null}
    </div>
  )
}
