import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { useTRPC } from '../../trpc'
import { downloadText } from '../../ui/download'
import { Page } from '../../ui/page'
import { StatusMessage, useErrorMessage } from '../../ui/states'
import { CheckpointPanel } from './checkpoint-panel'
import { apiFilters, type Filters, Ledger, NO_FILTERS } from './ledger'
import { VerifyPanel } from './verify-panel'

function ExportPanel({ partnershipId, filters }: { partnershipId: string; filters: Filters }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const errorMessage = useErrorMessage()
  const [busy, setBusy] = useState<string | null>(null)
  const [status, setStatus] = useState('')
  const [error, setError] = useState('')

  const run = async (kind: 'jsonl' | 'csv' | 'bundle') => {
    setBusy(kind)
    setStatus('')
    setError('')
    try {
      if (kind === 'bundle') {
        const bundle = await queryClient.fetchQuery({
          ...trpc.audit.bundle.queryOptions({ partnershipId }),
          staleTime: 0,
        })
        downloadText(bundle.filename, bundle.contentType, bundle.text)
        setStatus(t('audit.export.bundleDone', { file: bundle.filename, seq: bundle.headSeq }))
      } else {
        const file = await queryClient.fetchQuery({
          ...trpc.audit.export.queryOptions({
            partnershipId,
            format: kind,
            ...apiFilters(filters),
          }),
          staleTime: 0,
        })
        downloadText(file.filename, file.contentType, file.text)
        setStatus(t('audit.export.done', { file: file.filename, count: file.count }))
      }
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(null)
    }
  }

  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('audit.export.title')}</h2>
      <p className="muted">{t('audit.export.help')}</p>
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={busy !== null}
          onClick={() => void run('jsonl')}
        >
          {busy === 'jsonl' ? t('audit.export.working') : t('audit.export.jsonl')}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy !== null}
          onClick={() => void run('csv')}
        >
          {busy === 'csv' ? t('audit.export.working') : t('audit.export.csv')}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy !== null}
          onClick={() => void run('bundle')}
        >
          {busy === 'bundle' ? t('audit.export.working') : t('audit.export.bundle')}
        </button>
      </div>
      <StatusMessage>{status}</StatusMessage>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  )
}

export function AuditPage() {
  const { t } = useI18n()
  const { current, roles, isPending } = usePartnership()
  const [filters, setFilters] = useState<Filters>(NO_FILTERS)
  const allowed = roles.includes('auditor') || roles.includes('partnership_lead')

  if (!current || !allowed) {
    return (
      <Page title={isPending ? t('audit.title') : t('error.forbidden.title')}>
        {isPending ? null : <p>{t('audit.forbidden')}</p>}
      </Page>
    )
  }
  return (
    <Page title={t('audit.title')} lead={t('audit.intro')}>
      <div className="audit-tools">
        <VerifyPanel partnershipId={current.id} />
        <CheckpointPanel partnershipId={current.id} />
        <ExportPanel partnershipId={current.id} filters={filters} />
      </div>
      <Ledger partnershipId={current.id} filters={filters} onFilters={setFilters} />
    </Page>
  )
}
