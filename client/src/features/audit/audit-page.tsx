import { useQueryClient } from '@tanstack/react-query'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { useTRPC } from '../../trpc'
import { ExportButtons } from '../../ui/export-buttons'
import { Page } from '../../ui/page'
import { CertificateDrop } from './certificate-drop'
import { CheckpointPanel } from './checkpoint-panel'
import { apiFilters, type Filters, Ledger, useLedgerAddress } from './ledger'
import { VerifyPanel } from './verify-panel'
import { WitnessPanel, WitnessRefusalBanner } from './witness-panel'
import './audit.css'

function ExportPanel({ partnershipId, filters }: { partnershipId: string; filters: Filters }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const fetchFile = async (kind: 'jsonl' | 'csv' | 'bundle') => {
    if (kind === 'bundle') {
      const bundle = await queryClient.fetchQuery({
        ...trpc.audit.bundle.queryOptions({ partnershipId }),
        staleTime: 0,
      })
      return {
        ...bundle,
        done: t('audit.export.bundleDone', { file: bundle.filename, seq: bundle.headSeq }),
      }
    }
    const file = await queryClient.fetchQuery({
      ...trpc.audit.export.queryOptions({ partnershipId, format: kind, ...apiFilters(filters) }),
      staleTime: 0,
    })
    return { ...file, done: t('audit.export.done', { file: file.filename, count: file.count }) }
  }
  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('audit.export.title')}</h2>
      <p className="muted">{t('audit.export.help')}</p>
      <ExportButtons
        formats={[
          { format: 'jsonl', label: t('audit.export.jsonl') },
          { format: 'csv', label: t('audit.export.csv') },
          { format: 'bundle', label: t('audit.export.bundle') },
        ]}
        working={t('audit.export.working')}
        fetchFile={fetchFile}
        done={(file) => file.done}
      />
    </section>
  )
}

export function AuditPage() {
  const { t } = useI18n()
  const { current, roles, isPending } = usePartnership()
  const { filters, page, setFilters, pageHref } = useLedgerAddress()
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
      <WitnessRefusalBanner partnershipId={current.id} />
      <div className="audit-tools">
        <VerifyPanel partnershipId={current.id} />
        <CheckpointPanel partnershipId={current.id} />
        <WitnessPanel partnershipId={current.id} />
        <ExportPanel partnershipId={current.id} filters={filters} />
        <CertificateDrop />
      </div>
      <Ledger
        partnershipId={current.id}
        filters={filters}
        page={page}
        onFilters={setFilters}
        pageHref={pageHref}
      />
    </Page>
  )
}
