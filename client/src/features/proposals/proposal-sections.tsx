/** The proposal page's sections: content, revisions and diffs, reviewers, reviews, concerns. */
import { useMutation, useQuery } from '@tanstack/react-query'
import { type FormEvent, useId, useMemo, useState } from 'react'
import { CHARTER_KINDS } from '../../../../shared/charter'
import type { AmendmentChange } from '../../../../shared/schemas/proposal'
import { useMe } from '../../auth'
import { type MessageKey, useI18n } from '../../i18n'
import { Link } from '../../router'
import { useTRPC } from '../../trpc'
import { Markdown } from '../../ui/markdown'
import { EmptyState, ErrorState, Skeleton, StatusMessage } from '../../ui/states'
import {
  ActionError,
  type CharterItem,
  type CharterView,
  formatDay,
  type ProposalView,
  usePartyLabel,
  useRefreshProposal,
} from './common'

function itemsById(charter: CharterView | undefined): Map<string, CharterItem> {
  const map = new Map<string, CharterItem>()
  if (charter)
    for (const kind of CHARTER_KINDS) for (const i of charter.items[kind]) map.set(i.id, i)
  return map
}

export function ProposalContent({
  view,
  charter,
}: {
  view: ProposalView
  charter: CharterView | undefined
}) {
  const i18n = useI18n()
  const { t } = i18n
  const r = view.revision
  const byId = useMemo(() => itemsById(charter), [charter])
  const impactItems = charter
    ? [...charter.items.constraint, ...charter.items.stance].filter(
        (i) => i.status === 'active' || r.impacts.some((x) => x.itemId === i.id),
      )
    : []
  return (
    <section className="card" aria-labelledby="content-heading">
      <h2 id="content-heading">{t('proposal.content', { n: r.number })}</h2>
      {r.body.trim() ? (
        <div className="proposal-body">
          <Markdown source={r.body} />
        </div>
      ) : (
        <EmptyState>{t('proposal.noBody')}</EmptyState>
      )}
      <dl className="facts facts-top">
        <dt>{t('proposal.workstream')}</dt>
        <dd>
          {view.workstream ? (
            <Link to={`/workstreams/${view.workstream.id}`}>
              <span className="code">{view.workstream.code}</span> {view.workstream.name}
            </Link>
          ) : (
            <span className="muted">{t('proposal.noWorkstream')}</span>
          )}
        </dd>
        <dt>{t('proposal.decideBy')}</dt>
        <dd>{r.decideBy ? formatDay(i18n, r.decideBy) : t('proposal.decideBy.none')}</dd>
        <dt>{t('proposal.policy')}</dt>
        <dd>{t('proposal.policyValue', { n: view.policy.reviewsPerParty[view.type] })}</dd>
        {view.charterVersion ? (
          <>
            <dt>{t('proposal.charterVersion')}</dt>
            <dd>{t('charter.version', { version: view.charterVersion })}</dd>
          </>
        ) : null}
      </dl>

      <h3 className="label">{t('proposal.charterLinks')}</h3>
      {view.charterItems.length === 0 ? (
        <p className="muted">{t('proposal.noLinks')}</p>
      ) : (
        <ul className="tag-list">
          {view.charterItems.map((item) => (
            <li key={item.id}>
              <Link to={`/charter#${item.code}`} className="chip chip-link">
                <span className="code">{item.code}</span> {item.title}
              </Link>
            </li>
          ))}
        </ul>
      )}

      <h3 className="label">{t('proposal.impacts')}</h3>
      {!charter ? (
        <Skeleton lines={2} />
      ) : (
        <ul className="impact-summary">
          {impactItems.map((item) => {
            const statement = r.impacts.find((x) => x.itemId === item.id)
            return (
              <li key={item.id} className={`impact-summary-row impact-row-${item.kind}`}>
                <span className={`badge badge-${item.kind}`}>
                  {item.kind === 'constraint'
                    ? t('charter.badge.constraint')
                    : t('charter.badge.stance')}
                </span>{' '}
                <span className="code">{item.code}</span> {item.title}:{' '}
                <strong
                  className={statement?.impact === 'touches' ? 'impact-touches' : 'impact-none'}
                >
                  {statement
                    ? t(`editor.impact.${statement.impact}`)
                    : t('proposal.impactNotStated')}
                </strong>
                {statement?.impact === 'touches' && statement.explanation ? (
                  <p className="impact-explanation pre-wrap">{statement.explanation}</p>
                ) : null}
              </li>
            )
          })}
        </ul>
      )}

      {view.supersedes.length > 0 ? (
        <>
          <h3 className="label">{t('proposal.supersedes')}</h3>
          <ul className="tag-list">
            {view.supersedes.map((d) => (
              <li key={d.id}>
                <Link to={`/decisions/${d.id}`} className="chip chip-link">
                  <span className="code">{d.code}</span> {d.title}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {view.type === 'amendment' ? (
        <>
          <h3 className="label">{t('proposal.amendment')}</h3>
          {r.amendment?.changes.length ? (
            <AmendmentSummary changes={r.amendment.changes} byId={byId} />
          ) : (
            <p className="muted">{t('editor.noChanges')}</p>
          )}
        </>
      ) : null}
    </section>
  )
}

function AmendmentSummary({
  changes,
  byId,
}: {
  changes: AmendmentChange[]
  byId: Map<string, CharterItem>
}) {
  const { t } = useI18n()
  return (
    <ol className="amendment-summary">
      {changes.map((c, index) => {
        if (c.op === 'add') {
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: changes are an ordered list without ids
            <li key={index}>
              <strong>{t('proposal.change.add')}</strong> {t(`editor.kind.${c.kind}` as MessageKey)}{' '}
              <span className="code">{c.code}</span> {c.title}
              <p className="pre-wrap">{c.statement}</p>
              {c.screeningTerms.en.length + c.screeningTerms.ja.length > 0 ? (
                <p className="meta">
                  {t('charter.terms')}:{' '}
                  {[...c.screeningTerms.en, ...c.screeningTerms.ja].join(', ')}
                </p>
              ) : null}
            </li>
          )
        }
        const item = byId.get(c.itemId)
        const label = item ? `${item.code} ${item.title}` : c.itemId
        if (c.op === 'retire') {
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: as above
            <li key={index}>
              <strong>{t('proposal.change.retire')}</strong> {label}
            </li>
          )
        }
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <li key={index}>
            <strong>{t('proposal.change.change')}</strong> {label}
            <dl className="facts">
              {c.title !== undefined ? (
                <>
                  <dt>{t('editor.change.title')}</dt>
                  <dd>{c.title}</dd>
                </>
              ) : null}
              {c.statement !== undefined ? (
                <>
                  <dt>{t('editor.change.statement')}</dt>
                  <dd className="pre-wrap">{c.statement}</dd>
                </>
              ) : null}
              {c.screeningTerms ? (
                <>
                  <dt>{t('charter.terms')}</dt>
                  <dd>{[...c.screeningTerms.en, ...c.screeningTerms.ja].join(', ') || '—'}</dd>
                </>
              ) : null}
            </dl>
          </li>
        )
      })}
    </ol>
  )
}

export function Revisions({
  view,
  charter,
}: {
  view: ProposalView
  charter: CharterView | undefined
}) {
  const { t, formatDateTime } = useI18n()
  const count = view.revisions.length
  const [from, setFrom] = useState(Math.max(1, view.currentRevision - 1))
  const [to, setTo] = useState(view.currentRevision)
  const ids = { from: useId(), to: useId() }
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
            <div className="field-inline">
              <label htmlFor={ids.from}>{t('proposal.diff.from')}</label>
              <select id={ids.from} value={from} onChange={(e) => setFrom(Number(e.target.value))}>
                {view.revisions.map((r) => (
                  <option key={r.number} value={r.number}>
                    {t('proposal.revisionOf', { n: r.number })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field-inline">
              <label htmlFor={ids.to}>{t('proposal.diff.to')}</label>
              <select id={ids.to} value={to} onChange={(e) => setTo(Number(e.target.value))}>
                {view.revisions.map((r) => (
                  <option key={r.number} value={r.number}>
                    {t('proposal.revisionOf', { n: r.number })}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <Diff view={view} from={from} to={to} charter={charter} />
        </div>
      ) : (
        <p className="muted">{t('proposal.diff.single')}</p>
      )}
    </section>
  )
}

function Diff({
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
  const i18n = useI18n()
  const { t } = i18n
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
    <div className="diff-field">
      <p className="label">{label}</p>
      {change.removed.length > 0 ? (
        <p className="diff-line diff-del">
          <span className="diff-marker">−</span>
          <span className="visually-hidden">{t('proposal.diff.removed')}: </span>
          <del>{codes(change.removed)}</del>
        </p>
      ) : null}
      {change.added.length > 0 ? (
        <p className="diff-line diff-add">
          <span className="diff-marker">+</span>
          <span className="visually-hidden">{t('proposal.diff.added')}: </span>
          <ins>{codes(change.added)}</ins>
        </p>
      ) : null}
    </div>
  )
  const impactText = (s: (typeof d.impacts)[number]['before']) =>
    s
      ? `${t(`editor.impact.${s.impact}`)}${s.explanation ? ` — ${s.explanation}` : ''}`
      : t('proposal.impactNotStated')
  return (
    <section className="diff" aria-label={t('proposal.diff.label', { from: d.from, to: d.to })}>
      <p className="diff-legend">
        <span className="diff-legend-del">− {t('proposal.diff.removed')}</span>{' '}
        <span className="diff-legend-add">+ {t('proposal.diff.added')}</span>
      </p>
      {nothing ? <p className="muted">{t('proposal.diff.none')}</p> : null}
      {d.title ? (
        <div className="diff-field">
          <p className="label">{t('editor.title')}</p>
          <p className="diff-line diff-del">
            <span className="diff-marker">−</span>
            <span className="visually-hidden">{t('proposal.diff.removed')}: </span>
            <del>{d.title.before}</del>
          </p>
          <p className="diff-line diff-add">
            <span className="diff-marker">+</span>
            <span className="visually-hidden">{t('proposal.diff.added')}: </span>
            <ins>{d.title.after}</ins>
          </p>
        </div>
      ) : null}
      {changedLines > 0 ? (
        <div className="diff-field">
          <p className="label">{t('editor.body')}</p>
          <ol className="diff-lines">
            {d.body.map((line, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a diff's lines are positional
              <li key={index} className={`diff-line diff-${line.op}`}>
                <span className="diff-marker">
                  {line.op === 'add' ? '+' : line.op === 'del' ? '−' : ' '}
                </span>
                {line.op === 'add' ? (
                  <>
                    <span className="visually-hidden">{t('proposal.diff.added')}: </span>
                    <ins>{line.text || ' '}</ins>
                  </>
                ) : line.op === 'del' ? (
                  <>
                    <span className="visually-hidden">{t('proposal.diff.removed')}: </span>
                    <del>{line.text || ' '}</del>
                  </>
                ) : (
                  <span>{line.text || ' '}</span>
                )}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {d.workstream ? (
        <div className="diff-field">
          <p className="label">{t('proposal.workstream')}</p>
          <p>
            <del>{d.workstream.before?.code ?? t('proposal.noWorkstream')}</del> →{' '}
            <ins>{d.workstream.after?.code ?? t('proposal.noWorkstream')}</ins>
          </p>
        </div>
      ) : null}
      {d.charterItems ? setChange(t('proposal.charterLinks'), d.charterItems) : null}
      {d.supersedes ? setChange(t('proposal.supersedes'), d.supersedes) : null}
      {d.impacts.length > 0 ? (
        <div className="diff-field">
          <p className="label">{t('proposal.impacts')}</p>
          <ul className="link-list">
            {d.impacts.map((c) => {
              const item = byId.get(c.itemId)
              return (
                <li key={c.itemId}>
                  <span className="code">{item?.code ?? c.itemId}</span>:{' '}
                  <del>{impactText(c.before)}</del> → <ins>{impactText(c.after)}</ins>
                </li>
              )
            })}
          </ul>
        </div>
      ) : null}
      {d.decideBy ? (
        <div className="diff-field">
          <p className="label">{t('proposal.decideBy')}</p>
          <p>
            <del>
              {d.decideBy.before ? formatDay(i18n, d.decideBy.before) : t('proposal.decideBy.none')}
            </del>{' '}
            →{' '}
            <ins>
              {d.decideBy.after ? formatDay(i18n, d.decideBy.after) : t('proposal.decideBy.none')}
            </ins>
          </p>
        </div>
      ) : null}
      {d.amendment ? (
        <div className="diff-field">
          <p className="label">{t('proposal.amendment')}</p>
          <p className="meta">{t('proposal.diff.before')}</p>
          {d.amendment.before?.changes.length ? (
            <AmendmentSummary changes={d.amendment.before.changes} byId={byId} />
          ) : (
            <p className="muted">{t('editor.noChanges')}</p>
          )}
          <p className="meta">{t('proposal.diff.after')}</p>
          {d.amendment.after?.changes.length ? (
            <AmendmentSummary changes={d.amendment.after.changes} byId={byId} />
          ) : (
            <p className="muted">{t('editor.noChanges')}</p>
          )}
        </div>
      ) : null}
    </section>
  )
}

/**
 * The people who may be asked to review: the partnership's members and leads of a party, never
 * the author; those on the proposal's workstream first.
 */
function useReviewerCandidates(view: ProposalView) {
  const trpc = useTRPC()
  const members = useQuery(
    trpc.partnership.members.queryOptions({ partnershipId: view.partnershipId }),
  )
  const workstreams = useQuery(
    trpc.workstream.list.queryOptions({ partnershipId: view.partnershipId }),
  )
  const people = useMemo(() => {
    const onWorkstream = new Set<string>()
    const own = (workstreams.data ?? []).find((w) => w.id === view.workstream?.id)
    for (const p of [...(own?.leads ?? []), ...(own?.members ?? [])]) onWorkstream.add(p.id)
    const participants = (members.data ?? []).filter(
      (m) =>
        m.partyCode !== null &&
        m.id !== view.author.id &&
        m.roles.some((r) => r === 'member' || r === 'workstream_lead' || r === 'partnership_lead'),
    )
    const list = participants.map((m) => ({
      id: m.id,
      name: m.name,
      partyCode: m.partyCode,
      onWorkstream: onWorkstream.has(m.id),
    }))
    // People already assigned stay listed even when they no longer take part.
    for (const r of view.reviewers)
      if (!list.some((p) => p.id === r.id))
        list.push({ id: r.id, name: r.name, partyCode: r.party, onWorkstream: false })
    return list.sort((a, b) => Number(b.onWorkstream) - Number(a.onWorkstream))
  }, [members.data, workstreams.data, view.workstream?.id, view.author.id, view.reviewers])
  return {
    people,
    isPending: members.isPending || workstreams.isPending,
    error: members.error ?? workstreams.error,
  }
}

export function Reviewers({ view }: { view: ProposalView }) {
  const { t } = useI18n()
  const partyLabel = usePartyLabel()
  const canAssign = view.myActions.includes('assign_reviewers')
  const [editing, setEditing] = useState(false)
  const parties = view.signoffStatus.map((s) => s.party)
  return (
    <section className="card" aria-labelledby="reviewers-heading" id="reviewers">
      <h2 id="reviewers-heading">{t('proposal.reviewers')}</h2>
      <p className="field-help">{t('proposal.reviewersHelp')}</p>
      <dl className="party-people">
        {parties.map((party) => {
          const mine = view.reviewers.filter((r) => r.party === party)
          const status = view.reviewStatus.perParty.find((x) => x.party === party)
          return (
            <div key={party}>
              <dt>
                {partyLabel(party)}
                {status && view.state !== 'draft' ? (
                  <span className="muted review-count">
                    {' '}
                    {t('proposal.approvalsOf', { n: status.approvals, needed: status.needed })}
                  </span>
                ) : null}
              </dt>
              {mine.length === 0 ? (
                <dd className="muted">{t('proposal.noReviewer')}</dd>
              ) : (
                mine.map((r) => <dd key={r.id}>{r.name}</dd>)
              )}
            </div>
          )
        })}
      </dl>
      {canAssign ? (
        editing ? (
          <AssignReviewers view={view} onDone={() => setEditing(false)} />
        ) : (
          <button type="button" className="button" onClick={() => setEditing(true)}>
            {t('proposal.assignReviewers')}
          </button>
        )
      ) : null}
    </section>
  )
}

function AssignReviewers({ view, onDone }: { view: ProposalView; onDone: () => void }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const refresh = useRefreshProposal()
  const partyLabel = usePartyLabel()
  const { people, isPending, error } = useReviewerCandidates(view)
  const [chosen, setChosen] = useState<string[]>(() => view.reviewers.map((r) => r.id))
  const assign = useMutation(trpc.proposal.assignReviewers.mutationOptions())
  const parties = view.signoffStatus.map((s) => s.party)
  const save = async (event: FormEvent) => {
    event.preventDefault()
    try {
      await assign.mutateAsync({
        proposalId: view.id,
        expectedVersion: view.version,
        reviewerIds: chosen,
      })
      await refresh()
      onDone()
    } catch {
      // shown below
    }
  }
  if (isPending) return <Skeleton lines={3} />
  if (error) return <ErrorState error={error} />
  return (
    <form className="form assign-form" onSubmit={save} noValidate>
      {parties.map((party) => {
        const mine = people.filter((p) => p.partyCode === party)
        return (
          <fieldset key={party} className="fieldset">
            <legend>{t('proposal.reviewersOf', { party: partyLabel(party) })}</legend>
            {mine.length === 0 ? (
              <p className="muted">{t('proposal.noCandidates')}</p>
            ) : (
              <div className="checkbox-list">
                {mine.map((p) => (
                  <label key={p.id} className="checkbox">
                    <input
                      type="checkbox"
                      checked={chosen.includes(p.id)}
                      onChange={(e) =>
                        setChosen((c) =>
                          e.target.checked ? [...c, p.id] : c.filter((x) => x !== p.id),
                        )
                      }
                    />
                    <span>
                      {p.name}
                      {p.onWorkstream && view.workstream ? (
                        <span className="muted"> · {view.workstream.code}</span>
                      ) : null}
                    </span>
                  </label>
                ))}
              </div>
            )}
          </fieldset>
        )
      })}
      <p className="field-help">{t('proposal.candidatesHelp')}</p>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={assign.isPending}>
          {assign.isPending ? t('common.saving') : t('proposal.saveReviewers')}
        </button>
        <button type="button" className="button button-quiet" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
      <ActionError error={assign.error} />
    </form>
  )
}

export function Reviews({ view }: { view: ProposalView }) {
  const { t, formatDateTime } = useI18n()
  const partyLabel = usePartyLabel()
  const byRevision = [...new Set(view.reviews.map((r) => r.revision))].sort((a, b) => b - a)
  // Outside the form: the last review moves the proposal on and the form goes away.
  const [status, setStatus] = useState('')
  return (
    <section className="card" aria-labelledby="reviews-heading" id="reviews">
      <h2 id="reviews-heading">{t('proposal.reviews')}</h2>
      {view.myActions.includes('review') ? <ReviewForm view={view} onDone={setStatus} /> : null}
      <StatusMessage>{status}</StatusMessage>
      {view.reviews.length === 0 ? (
        <EmptyState>{t('proposal.noReviews')}</EmptyState>
      ) : (
        byRevision.map((revision) => (
          <div key={revision} className="review-group">
            <h3 className="label">
              {t('proposal.revisionOf', { n: revision })}
              {revision < view.currentRevision ? (
                <span className="badge badge-stale">{t('proposal.stale')}</span>
              ) : null}
            </h3>
            <ul className="entry-list">
              {view.reviews
                .filter((r) => r.revision === revision)
                .map((r) => (
                  <li
                    key={r.id}
                    className={`entry review review-${r.verdict}${r.stale ? ' stale' : ''}`}
                  >
                    <p className="entry-head">
                      <span className={`badge verdict verdict-${r.verdict}`}>
                        <span aria-hidden="true">{r.verdict === 'approve' ? '✓ ' : '✗ '}</span>
                        {t(`proposal.verdict.${r.verdict}`)}
                      </span>
                      <strong>{r.reviewer.name}</strong>
                      <span className="party-tag">{partyLabel(r.party)}</span>
                      <span className="muted">{formatDateTime(r.createdAt)}</span>
                      {r.stale ? (
                        <span className="badge badge-stale">
                          {t('proposal.staleOn', { n: r.revision })}
                        </span>
                      ) : null}
                    </p>
                    {r.comment ? <Markdown source={r.comment} /> : null}
                  </li>
                ))}
            </ul>
          </div>
        ))
      )}
    </section>
  )
}

function ReviewForm({ view, onDone }: { view: ProposalView; onDone: (message: string) => void }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const refresh = useRefreshProposal()
  const id = useId()
  const [verdict, setVerdict] = useState<'approve' | 'request_changes' | ''>('')
  const [comment, setComment] = useState('')
  const review = useMutation(trpc.proposal.review.mutationOptions())
  const send = async (event: FormEvent) => {
    event.preventDefault()
    if (!verdict) return
    try {
      await review.mutateAsync({
        proposalId: view.id,
        expectedVersion: view.version,
        verdict,
        comment,
      })
      setComment('')
      setVerdict('')
      onDone(t('proposal.reviewRecorded'))
      await refresh()
    } catch {
      // shown below
    }
  }
  return (
    <form className="form inset-form" id="review-form" onSubmit={send} noValidate>
      <fieldset className="fieldset">
        <legend>{t('proposal.yourReview', { n: view.currentRevision })}</legend>
        <div className="radio-row">
          {(['approve', 'request_changes'] as const).map((v) => (
            <label key={v} className="radio">
              <input
                type="radio"
                name={`${id}-verdict`}
                value={v}
                checked={verdict === v}
                onChange={() => setVerdict(v)}
              />
              {t(`proposal.verdict.${v}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-comment`}>{t('proposal.reviewComment')}</label>
        <textarea
          id={`${id}-comment`}
          rows={3}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={!verdict || review.isPending}
        >
          {review.isPending ? t('common.saving') : t('proposal.recordReview')}
        </button>
      </div>
      <ActionError error={review.error} />
    </form>
  )
}

export function Concerns({ view }: { view: ProposalView }) {
  const { t, formatDateTime } = useI18n()
  const partyLabel = usePartyLabel()
  const open = view.concerns.filter((c) => c.status === 'open').length
  return (
    <section className="card" aria-labelledby="concerns-heading" id="concerns">
      <h2 id="concerns-heading">{t('proposal.concerns', { open })}</h2>
      <p className="field-help">{t('proposal.concernsHelp')}</p>
      {view.concerns.length === 0 ? (
        <EmptyState>{t('proposal.noConcerns')}</EmptyState>
      ) : (
        <ul className="entry-list">
          {view.concerns.map((c) => (
            <li key={c.id} className={`entry concern concern-${c.status}`}>
              <p className="entry-head">
                <span className={`badge concern-badge-${c.status}`}>
                  {t(`proposal.concern.${c.status as 'open' | 'resolved'}`)}
                </span>
                <strong>{c.title}</strong>
              </p>
              <p className="meta">
                {t('proposal.raisedBy', {
                  name: c.raisedBy.name,
                  party: partyLabel(c.party),
                  date: formatDateTime(c.createdAt),
                })}
              </p>
              <Markdown source={c.rationale} />
              {c.status !== 'open' ? (
                <div className="resolution">
                  <p className="meta">
                    {t('proposal.resolvedBy', {
                      name: c.resolvedBy?.name ?? '',
                      date: c.resolvedAt ? formatDateTime(c.resolvedAt) : '',
                    })}
                    {c.override ? (
                      <span className="badge badge-override">{t('proposal.override')}</span>
                    ) : null}
                  </p>
                  {c.resolution ? <p className="pre-wrap">{c.resolution}</p> : null}
                </div>
              ) : c.canResolve ? (
                <ResolveForm view={view} concernId={c.id} title={c.title} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {view.myActions.includes('raise_concern') ? <RaiseConcernForm view={view} /> : null}
    </section>
  )
}

function RaiseConcernForm({ view }: { view: ProposalView }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const refresh = useRefreshProposal()
  const id = useId()
  const [title, setTitle] = useState('')
  const [rationale, setRationale] = useState('')
  const [status, setStatus] = useState('')
  const raise = useMutation(trpc.proposal.raiseConcern.mutationOptions())
  const send = async (event: FormEvent) => {
    event.preventDefault()
    try {
      await raise.mutateAsync({
        proposalId: view.id,
        expectedVersion: view.version,
        title,
        rationale,
      })
      setTitle('')
      setRationale('')
      setStatus(t('proposal.concernRaised'))
      await refresh()
    } catch {
      // shown below
    }
  }
  return (
    <form className="form inset-form" id="concern-form" onSubmit={send} noValidate>
      <h3>{t('proposal.raiseConcern')}</h3>
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('proposal.concernTitle')}</label>
        <input
          id={`${id}-title`}
          type="text"
          maxLength={200}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-rationale`}>{t('proposal.concernRationale')}</label>
        <textarea
          id={`${id}-rationale`}
          rows={3}
          value={rationale}
          onChange={(e) => setRationale(e.target.value)}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={raise.isPending}>
          {raise.isPending ? t('common.saving') : t('proposal.raiseConcern')}
        </button>
      </div>
      <ActionError error={raise.error} />
      <StatusMessage>{status}</StatusMessage>
    </form>
  )
}

function ResolveForm({
  view,
  concernId,
  title,
}: {
  view: ProposalView
  concernId: string
  title: string
}) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const me = useMe()
  const refresh = useRefreshProposal()
  const id = useId()
  const [resolution, setResolution] = useState('')
  const resolve = useMutation(trpc.proposal.resolveConcern.mutationOptions())
  const concern = view.concerns.find((c) => c.id === concernId)
  const isOverride = concern ? concern.raisedBy.id !== me.id : false
  const send = async (event: FormEvent) => {
    event.preventDefault()
    try {
      await resolve.mutateAsync({
        proposalId: view.id,
        expectedVersion: view.version,
        concernId,
        resolution,
      })
      await refresh()
    } catch {
      // shown below
    }
  }
  return (
    <form className="form inset-form" onSubmit={send} noValidate>
      <div className="field">
        <label htmlFor={id}>{t('proposal.resolution', { title })}</label>
        <textarea
          id={id}
          rows={2}
          value={resolution}
          onChange={(e) => setResolution(e.target.value)}
        />
        {isOverride ? <p className="field-help">{t('proposal.overrideHelp')}</p> : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={resolve.isPending}>
          {isOverride ? t('proposal.resolveOverride') : t('proposal.resolve')}
        </button>
      </div>
      <ActionError error={resolve.error} />
    </form>
  )
}
