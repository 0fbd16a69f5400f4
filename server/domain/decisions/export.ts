/** The register as a file: every decision, as CSV (spreadsheet-safe) or JSON. */
import type { Executor } from '../../../db/connect'
import { listDecisions } from './register'

const CSV_COLUMNS = [
  'code',
  'title',
  'status',
  'type',
  'effective_date',
  'proposal',
  'revision',
  'workstream',
  'charter_items',
  'signed_by',
  'superseded_by',
  'supersedes',
] as const

function csvCell(value: string): string {
  // Quote every cell; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return `"${safe.replace(/"/g, '""')}"`
}

export async function exportDecisions(
  db: Executor,
  input: {
    partnershipId: string
    format: 'csv' | 'json'
    status?: 'active' | 'superseded' | null
    workstreamId?: string | null
    charterItemId?: string | null
  },
) {
  const { format, ...filters } = input
  const all: Awaited<ReturnType<typeof listDecisions>>['items'] = []
  let cursor: string | null = null
  do {
    const page: Awaited<ReturnType<typeof listDecisions>> = await listDecisions(db, {
      ...filters,
      cursor,
      limit: 100,
    })
    all.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  if (format === 'json') {
    return {
      filename: 'decision-register.json',
      contentType: 'application/json',
      content: JSON.stringify(all, null, 2),
    }
  }
  const lines = [CSV_COLUMNS.join(',')]
  for (const d of all) {
    lines.push(
      [
        d.code,
        d.title,
        d.status,
        d.type,
        d.effectiveDate,
        d.proposal.code,
        String(d.revision),
        d.workstream?.code ?? '',
        d.charterItems.map((c) => c.code).join(' '),
        d.signoffs
          .map(
            (s) =>
              `${s.party}: ${s.signer.name}${s.onBehalfOf ? ` for ${s.onBehalfOf.name}` : ''} (${s.signedAt})`,
          )
          .join('; '),
        d.supersededBy?.code ?? '',
        d.supersedes.map((s) => s.code).join(' '),
      ]
        .map(csvCell)
        .join(','),
    )
  }
  return {
    filename: 'decision-register.csv',
    contentType: 'text/csv',
    content: `${lines.join('\r\n')}\r\n`,
  }
}
