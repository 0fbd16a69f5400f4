/**
 * Whether the decision is final: every party's witness cosigned a checkpoint of the ledger that
 * includes its `decision.issued` event (docs/ledger-spec.md §8.2), or whom it still waits on. And
 * its certificate, to verify offline or on the audit page.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { useTRPC } from '../../trpc'
import { ExportButtons } from '../../ui/export-buttons'

export function DecisionFinality({ decisionId }: { decisionId: string }) {
  const { t, plural, locale, formatDateTime, formatNumber } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const partyLabel = usePartyLabel()
  // The demo's witnesses cosign within seconds of a decision: look again while it waits.
  const finality = useQuery(
    trpc.decision.finality.queryOptions(
      { decisionId },
      { refetchInterval: (q) => (q.state.data && !q.state.data.witnessed ? 5000 : false) },
    ),
  )
  const list = (codes: string[]) =>
    new Intl.ListFormat(locale, { type: 'conjunction' }).format(codes.map(partyLabel))
  const f = finality.data
  return (
    <section className="card decision-finality" aria-labelledby="decision-finality">
      <h2 id="decision-finality">{t('decisions.witness.title')}</h2>
      <p className="field-help">{t('decisions.witness.help')}</p>
      {!f ? (
        <p className="muted">{t('decisions.witness.loading')}</p>
      ) : f.witnessed ? (
        <p className="witness-status witness-final" data-final="true">
          <strong>{t('decisions.witness.final', { parties: list(f.witnessed.parties) })}</strong>{' '}
          <span className="muted">
            {t('decisions.witness.finalDetail', {
              size: formatNumber(f.witnessed.size),
              at: formatDateTime(f.witnessed.cosignedAt),
            })}
          </span>
        </p>
      ) : (
        <p className="witness-status" data-final="false">
          <strong>
            {f.checkpointed || f.waitingOn.length === 0
              ? plural('decisions.witness.waiting', f.waitingOn.length, {
                  parties: list(f.waitingOn),
                })
              : t('decisions.witness.noCheckpoint')}
          </strong>
          {f.noWitness.length > 0 ? (
            <>
              {' '}
              <span className="muted">
                {t('decisions.witness.noWitness', { parties: list(f.noWitness) })}
              </span>
            </>
          ) : null}
        </p>
      )}
      {f?.event ? (
        <p className="muted">
          {t('decisions.witness.event', {
            seq: formatNumber(f.event.seq),
            index: formatNumber(f.event.leafIndex + 1),
          })}
        </p>
      ) : null}
      {f?.witnessed ? (
        <ExportButtons
          formats={[{ format: 'certificate' as const, label: t('decisions.certificate.download') }]}
          working={t('decisions.certificate.working')}
          fetchFile={() =>
            queryClient.fetchQuery({
              ...trpc.decision.certificate.queryOptions({ decisionId }),
              staleTime: 0,
            })
          }
          done={(file) => t('decisions.certificate.done', { file: file.filename })}
        />
      ) : null}
    </section>
  )
}
