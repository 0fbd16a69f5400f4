/** Who reviews for each party, and the form that assigns them. */
import { useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { mayFile } from '../../../../shared/lifecycle'
import type { Role } from '../../../../shared/roles'
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { useTRPC } from '../../trpc'
import { Fieldset } from '../../ui/fields'
import { ErrorState, Skeleton } from '../../ui/states'
import { ActionError, useProposalAction } from './proposal-action'
import type { ProposalView } from './types'

interface Candidate {
  id: string
  name: string
  partyCode: string | null
  roles: Role[]
  onWorkstream: boolean
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
      (m) => m.id !== view.author.id && mayFile(m.roles as Role[], m.partyCode),
    )
    const list: Candidate[] = participants.map((m) => ({
      id: m.id,
      name: m.name,
      partyCode: m.partyCode,
      roles: m.roles as Role[],
      onWorkstream: onWorkstream.has(m.id),
    }))
    // People already assigned stay listed even when they no longer take part.
    for (const r of view.reviewers)
      if (!list.some((p) => p.id === r.id))
        list.push({ id: r.id, name: r.name, partyCode: r.party, roles: [], onWorkstream: false })
    return list.sort((a, b) => Number(b.onWorkstream) - Number(a.onWorkstream))
  }, [members.data, workstreams.data, view.workstream?.id, view.author.id, view.reviewers])
  return {
    people,
    isPending: members.isPending || workstreams.isPending,
    error: members.error ?? workstreams.error,
  }
}

export function Reviewers({ view }: { view: ProposalView }) {
  const { t, plural } = useI18n()
  const partyLabel = usePartyLabel()
  const canAssign = view.myActions.includes('assign_reviewers')
  const [editing, setEditing] = useState(false)
  const parties = view.signoffStatus.map((s) => s.party)
  return (
    <section className="card" aria-labelledby="reviewers-heading" id="reviewers">
      <h2 id="reviewers-heading">{t('proposal.reviewers')}</h2>
      <p className="field-help">
        {plural('waits.reviewersHelp', view.policy.reviewsPerParty[view.type])}
      </p>
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
  const partyLabel = usePartyLabel()
  const { people, isPending, error } = useReviewerCandidates(view)
  const [chosen, setChosen] = useState<string[]>(() => view.reviewers.map((r) => r.id))
  const assign = useProposalAction(view, trpc.proposal.assignReviewers.mutationOptions())
  const parties = view.signoffStatus.map((s) => s.party)
  if (isPending) return <Skeleton lines={3} />
  if (error) return <ErrorState error={error} />
  return (
    <form
      className="form assign-form"
      onSubmit={assign.onSubmit(() => ({ reviewerIds: chosen }), onDone)}
      noValidate
    >
      {parties.map((party) => {
        const mine = people.filter((p) => p.partyCode === party)
        return (
          <Fieldset key={party} legend={t('proposal.reviewersOf', { party: partyLabel(party) })}>
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
                      {/* Every candidate is a member: their lead roles tell them apart. */}
                      {p.roles
                        .filter((role) => role !== 'member')
                        .map((role) => (
                          <span key={role} className="muted">
                            {' · '}
                            {t(`role.${role}`)}
                          </span>
                        ))}
                      {p.onWorkstream && view.workstream ? (
                        <span className="muted"> · {view.workstream.code}</span>
                      ) : null}
                    </span>
                  </label>
                ))}
              </div>
            )}
          </Fieldset>
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
