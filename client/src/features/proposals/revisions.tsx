/** The proposal's revisions, and the diff between any two of them. */
import { useState } from 'react'
import { useI18n } from '../../i18n'
import { SelectField } from '../../ui/fields'
import { RevisionDiff } from './revision-diff'
import type { SectionProps } from './types'

export function Revisions({ view, charter }: SectionProps) {
  const { t, formatDateTime } = useI18n()
  const count = view.revisions.length
  const [from, setFrom] = useState(Math.max(1, view.currentRevision - 1))
  const [to, setTo] = useState(view.currentRevision)
  const revisionOptions = view.revisions.map((r) => ({
    value: String(r.number),
    label: t('proposal.revisionOf', { n: r.number }),
  }))
  return (
    <section className="card" aria-labelledby="revisions-heading">
      <h2 id="revisions-heading">{t('proposal.revisions', { count })}</h2>
      <ol className="revision-list">
        {[...view.revisions].reverse().map((r) => (
          <li key={r.number}>
            <strong>{t('proposal.revisionOf', { n: r.number })}</strong>
            {r.number === view.currentRevision ? (
              <span className="badge badge-neutral">{t('proposal.current')}</span>
            ) : null}{' '}
            <span className="muted">{formatDateTime(r.createdAt)}</span>
            {r.note ? <span className="revision-note"> — {r.note}</span> : null}
          </li>
        ))}
      </ol>
      {count > 1 ? (
        <div className="diff-box">
          <div className="inline-controls diff-controls">
            {(
              [
                ['proposal.diff.from', from, setFrom],
                ['proposal.diff.to', to, setTo],
              ] as const
            ).map(([label, value, set]) => (
              <SelectField
                key={label}
                className="field-inline"
                label={t(label)}
                value={String(value)}
                onChange={(v) => set(Number(v))}
                options={revisionOptions}
              />
            ))}
          </div>
          <RevisionDiff view={view} from={from} to={to} charter={charter} />
        </div>
      ) : (
        <p className="muted">{t('proposal.diff.single')}</p>
      )}
    </section>
  )
}
