import { agendaExportInput, agendaInput } from '../../shared/schemas/agenda'
import { agenda } from '../domain/agenda/agenda'
import { agendaMarkdown, agendaPdf } from '../domain/agenda/export'
import { feedStatus, resetFeed, stopFeed } from '../domain/agenda/feed'
import { authedProcedure, partnershipProcedure, router } from '../trpc'

/** The steering committee's agenda: partnership leads only (server/domain/agenda/agenda.ts). */
const lead = partnershipProcedure('partnership_lead')

async function partnershipName(
  db: Parameters<typeof agenda>[0],
  partnershipId: string,
): Promise<string> {
  const p = await db
    .selectFrom('partnerships')
    .select('name')
    .where('id', '=', partnershipId)
    .executeTakeFirst()
  return p?.name ?? ''
}

export const agendaRouter = router({
  get: lead.input(agendaInput).query(({ ctx }) => agenda(ctx.db, ctx.user, ctx.partnershipId)),
  /** The agenda as Markdown (text) or PDF (base64), in English or Japanese. */
  export: lead.input(agendaExportInput).query(async ({ ctx, input }) => {
    const a = await agenda(ctx.db, ctx.user, ctx.partnershipId)
    const name = await partnershipName(ctx.db, ctx.partnershipId)
    const day = a.generatedAt.slice(0, 10)
    if (input.format === 'md') {
      return {
        filename: `agenda-${day}-${input.lang}.md`,
        contentType: 'text/markdown',
        text: await agendaMarkdown(ctx.db, a, input.lang, name),
      }
    }
    const pdf = await agendaPdf(ctx.db, a, input.lang, name)
    return {
      filename: `agenda-${day}-${input.lang}.pdf`,
      contentType: 'application/pdf',
      base64: Buffer.from(pdf).toString('base64'),
    }
  }),
})

/** A person's own calendar feed of decide-by dates (server/domain/agenda/feed.ts). */
export const calendarFeedRouter = router({
  status: authedProcedure.query(({ ctx }) => feedStatus(ctx.db, ctx.user)),
  /** Makes a new secret address (the old one stops working); the only answer that carries it. */
  reset: authedProcedure.mutation(({ ctx }) => resetFeed(ctx.db, ctx.user)),
  stop: authedProcedure.mutation(({ ctx }) => stopFeed(ctx.db, ctx.user)),
})
