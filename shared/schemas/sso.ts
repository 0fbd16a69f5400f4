/** Inputs of single sign-on per party (OpenID Connect): docs/decisions/0010-party-governance.md, "SSO". */
import { z } from 'zod'
import { ROLES } from '../roles'
import { partyCode } from './admin'
import { id } from './common'

/** http is allowed only on this machine (a provider under test); everywhere else https. */
export const issuerUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value)
      if (url.search || url.hash || url.username || url.password) return false
      if (url.protocol === 'https:') return true
      return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
    } catch {
      return false
    }
  }, 'must be the https:// address of your provider (its issuer), without ? or #')

/** One line of a party's mapping: a person in `group` holds `role` in that partnership. */
export const roleMappingEntry = z.object({
  group: z.string().trim().min(1, 'must not be empty').max(200),
  partnershipId: id,
  role: z.enum(ROLES),
})
export type RoleMappingEntry = z.infer<typeof roleMappingEntry>

export const providerPartyInput = z.object({ partyCode })

export const configureProviderInput = z.object({
  partyCode,
  issuer: issuerUrl,
  clientId: z.string().trim().min(1, 'must not be empty').max(300),
  /** Write-only. Omit (or leave empty) to keep the secret stored; required the first time. */
  clientSecret: z.string().max(1000).optional(),
  /** The claim of the ID token or userinfo that lists the person's groups. */
  groupClaim: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_:./-]{1,100}$/, 'must be a claim name such as groups'),
  passwordSignIn: z.boolean(),
})

export const requestMappingInput = z.object({
  partyCode,
  mapping: z.array(roleMappingEntry).max(200),
})

export const mappingChangeInput = z.object({ changeId: id })
