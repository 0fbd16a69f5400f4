/**
 * Domain errors: thrown by server/domain code, mapped once (server/trpc.ts) to a tRPC code and
 * shown to people as the message. Messages say what to do, never how the server works inside.
 */
export const ERROR_CODES = {
  VALIDATION: 'BAD_REQUEST',
  GUARDRAIL: 'BAD_REQUEST',
  INVALID_TRANSITION: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  STALE_VERSION: 'CONFLICT',
  TOO_MANY_ATTEMPTS: 'TOO_MANY_REQUESTS',
  /** The session's last authentication is too old for this act: authenticate again, then retry. */
  REAUTH_REQUIRED: 'PRECONDITION_FAILED',
} as const

export type DomainErrorCode = keyof typeof ERROR_CODES

/** A refused rule by name, with the values a sentence about it needs. */
export interface ErrorRule {
  name: string
  params?: Record<string, string | number>
}

export class DomainError extends Error {
  readonly code: DomainErrorCode
  /** The input field the error is about, when there is one. */
  readonly field: string | undefined
  /** Structured detail a client can show, such as the guardrail findings. */
  readonly details: unknown
  /**
   * Which rule refused, with its values: with `field`, what a client turns into a sentence in
   * the person's language (client/src/ui/error-sentences.ts). The message stays the English one.
   */
  readonly rule: ErrorRule | undefined

  constructor(
    code: DomainErrorCode,
    message: string,
    options: { field?: string; details?: unknown; rule?: ErrorRule } = {},
  ) {
    super(message)
    this.name = 'DomainError'
    this.code = code
    this.field = options.field
    this.details = options.details
    this.rule = options.rule
  }
}
