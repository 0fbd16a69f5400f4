/**
 * The steering committee's agenda (issue 14): what waits on a partnership lead across the
 * workstreams, in the sections the server answers (`agenda.get`), grouped by workstream; exported
 * as Markdown or PDF in either language. The server decides what is listed (the waits rule, the
 * read rules); the page only words it.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type MessageKey, useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { Link } from '../../router'
import { type RouterOutputs, useTRPC } from '../../trpc'
import { DecideBy } from '../../ui/decide-by'
import { ExportButtons } from '../../ui/export-buttons'
import { useLocalText } from '../../ui/local-text'
import { Page } from '../../ui/page'
import { StateBadge } from '../../ui/state-badge'
import { EmptyState, ErrorState, Skeleton } from '../../ui/states'
import '../home/home.css'
import './agenda.css'

type AgendaView = RouterOutputs['agenda']['get']
type Section = AgendaView['sections'][number]
type Key = Section['key']
type Workstream = { code: string; name: string; nameJa: string | null } | null

const TITLES: Record<Key, MessageKey> = {
  signoffs_owed: 'agenda.section.signoffs_owed',
  escalated: 'agenda.section.escalated',
  overdue: 'agenda.section.overdue',
  decisions_for_review: 'agenda.section.decisions_for_review',
}
const EMPTY: Record<Key, MessageKey> = {
  signoffs_owed: 'agenda.empty.signoffs_owed',
  escalated: 'agenda.empty.escalated',
  overdue: 'agenda.empty.overdue',
  decisions_for_review: 'agenda.empty.decisions_for_review',
}

/** Items under their workstream's name, workstreams in name order. */
function useGroups() {
  const local = useLocalText()
  const { t } = useI18n()
  return <T extends { workstream: Workstream }>(items: readonly T[]) => {
    const groups = new Map<string, T[]>()
    for (const item of items) {
      const w = item.workstream
      const key = w ? `${w.code} ${local(w.name, w.nameJa)}` : t('agenda.noWorkstream')
      groups.set(key, [...(groups.get(key) ?? []), item])
    }
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))
  }
}

function SectionItems({ section }: { section: Section }) {
  const { t } = useI18n()
  const local = useLocalText()
  const groups = useGroups()
  if (section.items.length === 0) return <p className="muted">{t(EMPTY[section.key])}</p>
  if (section.key === 'decisions_for_review') {
    return (
      <>
        {groups(section.items).map(([name, items]) => (
          <div key={name} className="agenda-group">
            <h3>{name}</h3>
            <ul className="inbox-list">
              {items.map((d) => (
                <li key={d.id} className="inbox-item">
                  <p className="inbox-item-title">
                    <span className="code">{d.code}</span>{' '}
                    <Link to={`/decisions/${d.id}`}>{d.title}</Link>
                  </p>
                  <ul className="agenda-changes">
                    {d.changedItems.map((c) => (
                      <li key={c.id}>
                        {t(c.retired ? 'agenda.itemRetired' : 'agenda.itemChanged', {
                          item: `${c.code} ${local(c.title, c.titleJa)}`,
                          version: c.version,
                          by: c.byDecision ?? '—',
                        })}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </>
    )
  }
  return (
    <>
      {groups(section.items).map(([name, items]) => (
        <div key={name} className="agenda-group">
          <h3>{name}</h3>
          <ul className="inbox-list">
            {items.map((p) => (
              <li key={p.id} className="inbox-item">
                <p className="inbox-item-title">
                  <span className="code">{p.code}</span>{' '}
                  <Link to={`/proposals/${p.id}`}>{p.title}</Link>
                </p>
                <p className="inbox-item-meta">
                  <StateBadge state={p.state} />
                  <DecideBy decideBy={p.decideBy} overdue={p.overdue} />
                </p>
                {p.escalation ? (
                  <p className="inbox-item-meta">
                    {t(p.escalation.coolingOffOver ? 'agenda.onLadderOver' : 'agenda.onLadder', {
                      body: t(`escalation.body.${p.escalation.body}`),
                      date: p.escalation.escalatedOn,
                      until: p.escalation.coolingOffUntil,
                    })}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  )
}

function Exports({ partnershipId }: { partnershipId: string }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  type Format = 'md-en' | 'md-ja' | 'pdf-en' | 'pdf-ja'
  const fetchFile = (choice: Format) => {
    const [format, lang] = choice.split('-') as ['md' | 'pdf', 'en' | 'ja']
    return queryClient.fetchQuery({
      ...trpc.agenda.export.queryOptions({ partnershipId, format, lang }),
      staleTime: 0,
    })
  }
  return (
    <ExportButtons<Format, Awaited<ReturnType<typeof fetchFile>>>
      formats={[
        { format: 'md-en', label: t('agenda.export.mdEn') },
        { format: 'md-ja', label: t('agenda.export.mdJa') },
        { format: 'pdf-en', label: t('agenda.export.pdfEn') },
        { format: 'pdf-ja', label: t('agenda.export.pdfJa') },
      ]}
      working={t('agenda.export.working')}
      fetchFile={fetchFile}
      done={(file) => t('agenda.export.done', { file: file.filename })}
    />
  )
}

export function AgendaPage() {
  const { t, formatNumber } = useI18n()
  const trpc = useTRPC()
  const { current } = usePartnership()
  const partnershipId = current?.id ?? ''
  const agenda = useQuery({
    ...trpc.agenda.get.queryOptions({ partnershipId }),
    enabled: Boolean(current),
  })
  return (
    <Page
      title={t('agenda.title')}
      lead={t('agenda.intro')}
      actions={current ? <Exports partnershipId={current.id} /> : null}
    >
      {!current ? (
        <EmptyState>{t('agenda.noPartnership')}</EmptyState>
      ) : agenda.isPending ? (
        <Skeleton lines={6} label={t('agenda.loading')} />
      ) : agenda.error ? (
        <ErrorState error={agenda.error} onRetry={() => void agenda.refetch()} />
      ) : (
        <div className="agenda">
          <p className="agenda-calendar">
            {t('agenda.calendarHint')} <Link to="/account">{t('agenda.calendarLink')}</Link>
          </p>
          {agenda.data.sections.map((section) => (
            <section
              key={section.key}
              className="card agenda-section"
              id={`agenda-${section.key}`}
              aria-labelledby={`agenda-${section.key}-heading`}
            >
              <h2 id={`agenda-${section.key}-heading`}>
                {t(TITLES[section.key])}{' '}
                <span className="badge badge-neutral">{formatNumber(section.items.length)}</span>
              </h2>
              <SectionItems section={section} />
            </section>
          ))}
        </div>
      )}
    </Page>
  )
}
