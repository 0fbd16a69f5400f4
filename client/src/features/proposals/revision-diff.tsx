/** What changed between two revisions: title, body lines, links, impacts, decide-by, amendment. */
import { useQuery } from '@tanstack/react-query'
import { type ReactNode, useMemo } from 'react'
import { useI18n } from '../../i18n'
import { useTRPC } from '../../trpc'
import { useFormatDay } from '../../ui/day'
import { ErrorState, Skeleton } from '../../ui/states'
import { AmendmentSummary, itemsById } from './amendment-summary'
import type { CharterView, ProposalView } from './types'

export function RevisionDiff({
  view,
  from,
  to,
  charter,
}: {
  view: ProposalView
  from: number
  to: number
  charter: CharterView | undefined
}) {
  const { t } = useI18n()
  const formatDay = useFormatDay()
  const trpc = useTRPC()
  const byId = useMemo(() => itemsById(charter), [charter])
  const diff = useQuery(
    trpc.proposal.diff.queryOptions({ proposalId: view.id, from, to }, { enabled: from !== to }),
  )
  if (from === to) return <p className="muted">{t('proposal.diff.same')}</p>
  if (diff.isPending) return <Skeleton lines={4} label={t('proposal.diff.loading')} />
  if (diff.error) return <ErrorState error={diff.error} onRetry={() => void diff.refetch()} />
  const d = diff.data
  const changedLines = d.body.filter((l) => l.op !== 'same').length
  const nothing =
    changedLines === 0 &&
    !d.title &&
    d.impacts.length === 0 &&
    !d.decideBy &&
    !d.amendment &&
    !d.workstream &&
    !d.charterItems &&
    !d.supersedes
  const codes = (list: { code: string }[]) => list.map((x) => x.code).join(', ')
  const setChange = (
    label: string,
    change: { added: { code: string }[]; removed: { code: string }[] },
  ) => (
    <DiffField label={label}>
      {change.removed.length > 0 ? <Marked op="del">{codes(change.removed)}</Marked> : null}
      {change.added.length > 0 ? <Marked op="add">{codes(change.added)}</Marked> : null}
    </DiffField>
  )
  const impactText = (s: (typeof d.impacts)[number]['before']) =>
    s
      ? `${t(`editor.impact.${s.impact}`)}${s.explanation ? ` — ${s.explanation}` : ''}`
      : t('proposal.impactNotStated')
  const day = (value: string | null) => (value ? formatDay(value) : t('proposal.decideBy.none'))
  const amendment = (side: NonNullable<typeof d.amendment>['before']) =>
    side?.changes.length ? (
      <AmendmentSummary changes={side.changes} byId={byId} />
    ) : (
      <p className="muted">{t('editor.noChanges')}</p>
    )
  return (
    <section className="diff" aria-label={t('proposal.diff.label', { from: d.from, to: d.to })}>
      <p className="diff-legend">
        <span className="diff-legend-del">− {t('proposal.diff.removed')}</span>{' '}
        <span className="diff-legend-add">+ {t('proposal.diff.added')}</span>
      </p>
      {nothing ? <p className="muted">{t('proposal.diff.none')}</p> : null}
      {d.title ? (
        <DiffField label={t('editor.title')}>
          <Marked op="del">{d.title.before}</Marked>
          <Marked op="add">{d.title.after}</Marked>
        </DiffField>
      ) : null}
      {changedLines > 0 ? (
        <DiffField label={t('editor.body')}>
          <ol className="diff-lines">
            {d.body.map((line, index) =>
              line.op === 'same' ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: a diff's lines are positional
                <li key={index} className="diff-line diff-same">
                  <span className="diff-marker"> </span>
                  <span>{line.text || ' '}</span>
                </li>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: as above
                <Marked key={index} op={line.op} as="li">
                  {line.text || ' '}
                </Marked>
              ),
            )}
          </ol>
        </DiffField>
      ) : null}
      {d.workstream ? (
        <DiffField label={t('proposal.workstream')}>
          <p>
            <Swap
              before={d.workstream.before?.code ?? t('proposal.noWorkstream')}
              after={d.workstream.after?.code ?? t('proposal.noWorkstream')}
            />
          </p>
        </DiffField>
      ) : null}
      {d.charterItems ? setChange(t('proposal.charterLinks'), d.charterItems) : null}
      {d.supersedes ? setChange(t('proposal.supersedes'), d.supersedes) : null}
      {d.impacts.length > 0 ? (
        <DiffField label={t('proposal.impacts')}>
          <ul className="link-list">
            {d.impacts.map((c) => (
              <li key={c.itemId}>
                <span className="code">{byId.get(c.itemId)?.code ?? c.itemId}</span>:{' '}
                <Swap before={impactText(c.before)} after={impactText(c.after)} />
              </li>
            ))}
          </ul>
        </DiffField>
      ) : null}
      {d.decideBy ? (
        <DiffField label={t('proposal.decideBy')}>
          <p>
            <Swap before={day(d.decideBy.before)} after={day(d.decideBy.after)} />
          </p>
        </DiffField>
      ) : null}
      {d.amendment ? (
        <DiffField label={t('proposal.amendment')}>
          <p className="meta">{t('proposal.diff.before')}</p>
          {amendment(d.amendment.before)}
          <p className="meta">{t('proposal.diff.after')}</p>
          {amendment(d.amendment.after)}
        </DiffField>
      ) : null}
    </section>
  )
}

function DiffField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="diff-field">
      <p className="label">{label}</p>
      {children}
    </div>
  )
}

/** A removed or added piece: a sign and, for screen readers, the word, not colour alone. */
function Marked({
  op,
  as: Tag = 'p',
  children,
}: {
  op: 'add' | 'del'
  as?: 'p' | 'li'
  children: ReactNode
}) {
  const { t } = useI18n()
  return (
    <Tag className={`diff-line diff-${op}`}>
      <span className="diff-marker">{op === 'add' ? '+' : '−'}</span>
      <span className="visually-hidden">
        {op === 'add' ? t('proposal.diff.added') : t('proposal.diff.removed')}:{' '}
      </span>
      {op === 'add' ? <ins>{children}</ins> : <del>{children}</del>}
    </Tag>
  )
}

function Swap({ before, after }: { before: string; after: string }) {
  return (
    <>
      <del>{before}</del> → <ins>{after}</ins>
    </>
  )
}
