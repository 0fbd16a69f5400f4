/** The decision record as a PDF: which decision, in which language. */
import { z } from 'zod'
import { decisionRef } from './proposal'

export const decisionRecordPdfInput = decisionRef.extend({ lang: z.enum(['en', 'ja']) })
