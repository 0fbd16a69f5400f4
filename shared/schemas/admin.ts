import { z } from 'zod'
import { ROLES } from '../roles'
import { newPassword } from './auth'
import { id, page, shortText } from './common'

export const partyCode = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9_]{1,31}$/, 'must be a party code such as HONDA')

export const createUserInput = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ error: 'must be an email address' })),
  name: shortText(120),
  password: newPassword,
  /** null for a person of no party, such as an external auditor */
  partyCode: partyCode.nullable(),
  locale: z.enum(['en', 'ja']).default('en'),
})

export const userIdInput = z.object({ userId: id })

export const setRolesInput = z.object({
  userId: id,
  partnershipId: id,
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
})

export const listUsersInput = z.object({
  ...page,
  partnershipId: id.nullish(),
  query: z.string().trim().max(120).nullish(),
})

export const setWorkstreamPersonInput = z.object({
  workstreamId: id,
  userId: id,
  /** null removes the person from the workstream */
  role: z.enum(['lead', 'member']).nullable(),
})

/** userId null: every session of every account, except the admin's own. */
export const endSessionsInput = z.object({ userId: id.nullable() })

export const grantIdInput = z.object({ grantId: id })

export const admissionIdInput = z.object({ admissionId: id })

/** An external auditor (no party), admitted once an admin or lead of every party approves. */
export const requestAdmissionInput = z.object({
  partnershipId: id,
  email: createUserInput.shape.email,
  name: shortText(120),
  password: newPassword,
  locale: z.enum(['en', 'ja']).default('en'),
})
