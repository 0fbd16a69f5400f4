import { z } from 'zod'

export const loginInput = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ error: 'must be an email address' })),
  password: z.string().min(1, 'must not be empty').max(1024),
})
export type LoginInput = z.infer<typeof loginInput>

/** ASVS 5.0 V6.2: at least 12 characters here, up to 128, any characters allowed. */
export const newPassword = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(128, 'must be at most 128 characters')

export const reauthInput = z.object({
  password: z.string().min(1, 'must not be empty').max(1024),
})

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, 'must not be empty').max(1024),
  newPassword,
  /** ASVS V7.4.3: offered, and on by default. */
  endOtherSessions: z.boolean().default(true),
})

/** The language a person reads Concord in, kept with their account. */
export const setLanguageInput = z.object({ locale: z.enum(['en', 'ja']) })
