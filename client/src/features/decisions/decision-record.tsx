/**
 * The parts of a decision's record: the decided text, the reviews, the concerns and how each was
 * resolved, and the sign-offs a later revision made stale. What is stale says so in words.
 */

import { useQueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import { type MessageKey, useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { Link } from '../../router'
import { type RouterOutputs, useTRPC } from '../../trpc'
import { ExportButtons } from '../../ui/export-buttons'
import { Markdown } from '../../ui/markdown'
import { PlainText } from '../../ui/plain-text'
import { SignerAuthenticationNote } from '../../ui/signer-authentication'
import { EmptyState } from '../../ui/states'
import { AmendmentSummary, itemsById } from '../proposals/amendment-summary'
import type { CharterView } from '../proposals/types'
import { RecordRecusals } from './record-recusals'
// The record shows reviews, concerns and sign-offs as the proposal page does, in the same styles.
import '../proposals/proposals.css'
import { LocalText } from '../../ui/local-text'
import { ConcernGroundsLines } from '../proposals/concern-grounds'

export type DecisionView = RouterOutputs['decision']['get']
type DecisionRecord = DecisionView['record']

/** The text that was decided: the final revision, its impact statements and charter changes. */
export function DecidedText({
  decision,
  charter,
}: {
  decision: DecisionView
  charter: CharterView | undefined
}) {
  const { t, formatDateTime } = useI18n()
  const text = decision.record.text
  const byId = useMemo(() => itemsById(charter), [charter])
  return (
    <section className="card decided-text" aria-labelledby="decision-text">
      <h2 id="decision-text">{t('decisions.record.text', { n: text.revision })}</h2>
      <p className="field-help">
        {t('decisions.record.textHelp', {
          name: text.createdBy.name,
          date: formatDateTime(text.createdAt),
        })}
      </p>
      {text.title !== decision.title ? <h3>{text.title}</h3> : null}
      {text.body.trim() ? (
        <div className="proposal-body decision-body">
          <Markdown source={text.body} />
        </div>
      ) : (
        <EmptyState>{t('decisions.record.noBody')}</EmptyState>
      )}
      {text.note ? (
        <>
          <h3 className="label">{t('decisions.record.revisionNote')}</h3>
          <PlainText text={text.note} />
        </>
      ) : null}
      <h3 className="label">{t('decisions.record.impacts')}</h3>
      {text.impacts.length === 0 ? (
        <p className="muted">{t('decisions.record.noImpacts')}</p>
      ) : (
        <ul className="record-impacts">
          {text.impacts.map((s) => (
            <li key={s.item.id}>
              {s.item.code ? (
                <>
                  <span className="code">{s.item.code}</span>{' '}
                  <LocalText en={s.item.title} ja={s.item.titleJa} />
                </>
              ) : (
                <span className="muted">{t('decisions.record.unknownItem')}</span>
              )}
              :{' '}
              <strong className={s.impact === 'touches' ? 'impact-touches' : 'impact-none'}>
                {t(`editor.impact.${s.impact}`)}
              </strong>
              {s.impact === 'touches' && s.explanation ? (
                <p className="impact-explanation pre-wrap">{s.explanation}</p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {decision.type === 'amendment' && text.amendment ? (
        <>
          <h3 className="label">{t('decisions.record.amendment')}</h3>
          <AmendmentSummary changes={text.amendment.changes} byId={byId} />
        </>
      ) : null}
    </section>
  )
}

/** Every review and its revision; a review of an earlier revision is stale and not green. */
export function RecordReviews({ record }: { record: DecisionRecord }) {
  const { t, formatDateTime } = useI18n()
  const partyLabel = usePartyLabel()
  return (
    <section className="card" aria-labelledby="decision-reviews">
      <h2 id="decision-reviews">
        {t('decisions.record.reviews', { count: record.reviews.length })}
      </h2>
      {record.reviews.length === 0 ? (
        <EmptyState>{t('decisions.record.noReviews')}</EmptyState>
      ) : (
        <ul className="entry-list">
          {record.reviews.map((r) => (
            <li key={r.id} className={`entry record-review${r.stale ? ' stale' : ''}`}>
              <p className="entry-head">
                <span className={`badge verdict verdict-${r.stale ? 'stale' : r.verdict}`}>
                  {t(`proposal.verdict.${r.verdict}` as MessageKey)}
                </span>
                <strong>{r.reviewer.name}</strong>
                <span className="party-tag">{partyLabel(r.party)}</span>
                <span className="muted">
                  {t('proposal.revisionOf', { n: r.revision })} · {formatDateTime(r.createdAt)}
                </span>
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
      )}
      <RecordRecusals recusals={record.recusals} />
    </section>
  )
}

/** The concerns raised, and for each who resolved it, when, how, and whether as an override. */
export function RecordConcerns({ record }: { record: DecisionRecord }) {
  const { t, formatDateTime } = useI18n()
  const partyLabel = usePartyLabel()
  return (
    <section className="card" aria-labelledby="decision-concerns">
      <h2 id="decision-concerns">
        {t('decisions.record.concerns', { count: record.concerns.length })}
      </h2>
      {record.concerns.length === 0 ? (
        <EmptyState>{t('decisions.record.noConcerns')}</EmptyState>
      ) : (
        <ul className="entry-list">
          {record.concerns.map((c) => (
            <li key={c.id} className={`entry record-concern concern-${c.status}`}>
              <p className="entry-head">
                <span className={`badge concern-badge-${c.status}`}>
                  {t(`proposal.concern.${c.status}` as MessageKey)}
                </span>
                <strong>{c.title}</strong>
              </p>
              <p className="meta">
                {t('decisions.record.raised', {
                  name: c.raisedBy.name,
                  party: partyLabel(c.party),
                  n: c.revision,
                  date: formatDateTime(c.createdAt),
                })}
              </p>
              <Markdown source={c.rationale} />
              <ConcernGroundsLines concern={c} />
              {c.status === 'resolved' ? (
                <div className="resolution">
                  <p className="meta">
                    {t('proposal.resolvedBy', {
                      name: c.resolvedBy?.name ?? '',
                      date: c.resolvedAt ? formatDateTime(c.resolvedAt) : '',
                    })}{' '}
                    {c.override ? (
                      <span className="badge badge-override">{t('proposal.override')}</span>
                    ) : null}
                  </p>
                  <PlainText text={c.resolution} />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** Sign-offs of earlier revisions: on the record, marked stale, not counted. */
export function StaleSignoffs({ record }: { record: DecisionRecord }) {
  const { t, formatDateTime } = useI18n()
  const partyLabel = usePartyLabel()
  if (record.staleSignoffs.length === 0) return null
  return (
    <>
      <h3 className="label">{t('decisions.record.staleSignoffs')}</h3>
      <p className="field-help">{t('decisions.record.staleSignoffsHelp')}</p>
      <ul className="entry-list">
        {record.staleSignoffs.map((s) => (
          <li key={s.id} className="entry stale stale-signoff">
            <p className="entry-head">
              <span className="badge verdict verdict-stale">
                {t(`signoff.verdict.${s.verdict}` as MessageKey)}
              </span>
              <strong>
                {s.onBehalfOf
                  ? t('signoff.nameFor', { name: s.signer.name, lead: s.onBehalfOf.name })
                  : s.signer.name}
              </strong>
              <span className="party-tag">{partyLabel(s.party)}</span>
              <span className="muted">
                {t('proposal.revisionOf', { n: s.revision })} · {formatDateTime(s.signedAt)}
              </span>
              <span className="badge badge-stale">{t('proposal.staleOn', { n: s.revision })}</span>
            </p>
            <SignerAuthenticationNote authentication={s.authentication} />
            <PlainText text={s.rationale} />
          </li>
        ))}
      </ul>
    </>
  )
}

/** Decisions linked with their titles: what this one supersedes, or what superseded it. */
export function DecisionRefs({ refs }: { refs: { id: string; code: string; title: string }[] }) {
  const { t } = useI18n()
  if (refs.length === 0) return <span className="muted">{t('common.none')}</span>
  return (
    <>
      {refs.map((s, i) => (
        <span key={s.id}>
          {i > 0 ? ', ' : ''}
          <Link to={`/decisions/${s.id}`}>{s.code}</Link> {s.title}
        </span>
      ))}
    </>
  )
}

/** "Print this record", and the record as a PDF made on the server, in English or Japanese. */
export function RecordActions({ decisionId }: { decisionId: string }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  return (
    <ExportButtons
      className="export-actions record-actions"
      formats={(['en', 'ja'] as const).map((lang) => ({
        format: lang,
        label: t(`decisions.record.pdf.${lang}`),
      }))}
      working={t('decisions.export.working')}
      fetchFile={(lang) =>
        queryClient.fetchQuery({
          ...trpc.decision.recordPdf.queryOptions({ decisionId, lang }),
          staleTime: 0,
        })
      }
      done={(file) => t('decisions.export.done', { file: file.filename })}
    >
      <button type="button" className="button" onClick={() => window.print()}>
        {t('decisions.record.print')}
      </button>
    </ExportButtons>
  )
}
