/** The steering committee's agenda (issue 14): which partnership; its exports' format and language. */
import { z } from 'zod'
import { partnershipScope } from './common'

export const agendaInput = partnershipScope

export const agendaExportInput = partnershipScope.extend({
  format: z.enum(['md', 'pdf']),
  lang: z.enum(['en', 'ja']),
})
