import { initTRPC, TRPCError } from '@trpc/server'
import { ZodError } from 'zod'
import type { Db } from '../db/connect'
import { DomainError, ERROR_CODES, type ErrorRule } from '../shared/errors'
import type { Role } from '../shared/roles'
import { partnershipScope, unstorableText } from '../shared/schemas/common'
import { recordRefusal } from './audit/refusals'
import type { AppConfig } from './config'
import { actorOf, isAdminAnywhere, rolesIn, type SessionUser } from './domain/users'

export interface Context {
  db: Db
  config: AppConfig
  user: SessionUser | null
  sessionId: string | null
  /** The request carried a session cookie that has ended (idle, absolute or disabled). */
  sessionExpired: boolean
  ip: string | null
  userAgent: string | null
  /** The request came over HTTPS: cookies get the Secure flag. */
  secure: boolean
  /** Headers to send with the response (Set-Cookie). */
  resHeaders: Headers
  /** Per-person limits on expensive procedures; set for HTTP requests (server/app.ts). */
  limiter?: CallLimiter | null
}

/**
 * Procedures that read the whole ledger: each call costs far more than a request, so each person
 * may call each of them at most `perMinute` times a minute (a batch of 40 counts 40).
 */
export const EXPENSIVE_PROCEDURES: Record<string, { perMinute: number }> = {
  'audit.verify': { perMinute: 10 },
  'audit.verifyCheckpoint': { perMinute: 10 },
  'audit.bundle': { perMinute: 5 },
  'audit.export': { perMinute: 10 },
}

/** A sliding one-minute window of call times per person and procedure, in this process. */
export class CallLimiter {
  private readonly calls = new Map<string, number[]>()

  /** Seconds to wait before the call may run, or 0 when it may run now (and is counted). */
  take(userId: string, procedure: string, perMinute: number, now = Date.now()): number {
    const key = `${userId} ${procedure}`
    const recent = (this.calls.get(key) ?? []).filter((at) => at > now - 60_000)
    if (recent.length >= perMinute) {
      this.calls.set(key, recent)
      return Math.max(1, Math.ceil(((recent[0] ?? now) + 60_000 - now) / 1000))
    }
    recent.push(now)
    this.calls.set(key, recent)
    if (this.calls.size > 10_000) {
      for (const [k, times] of this.calls)
        if (!times.some((at) => at > now - 60_000)) this.calls.delete(k)
    }
    return 0
  }
}

const INTERNAL_MESSAGE = 'Something went wrong on our side. Nothing was changed; please try again.'

/** The rule a schema check broke, by name, for the client to say in the person's language. */
function zodRule(error: ZodError): ErrorRule | null {
  const issue = error.issues[0]
  if (!issue) return null
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? { name: 'required' }
          : { name: 'tooShort', params: { min: Number(issue.minimum) } }
      return null
    case 'too_big':
      return issue.origin === 'string'
        ? { name: 'tooLong', params: { max: Number(issue.maximum) } }
        : null
    case 'invalid_format':
      return issue.format === 'date' ? { name: 'date' } : null
    case 'custom':
      // A refinement names its rule itself (shared/schemas: `params: { rule }`).
      return typeof issue.params?.rule === 'string' ? { name: issue.params.rule } : null
    default:
      return null
  }
}

function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ')
}

const t = initTRPC.context<Context>().create({
  // Nothing of the server's insides reaches a client: no stack, no SQL, no driver message.
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? error.cause : null
    const field =
      error.cause instanceof DomainError ? error.cause.field : zod?.issues[0]?.path.join('.')
    const message =
      error.code === 'INTERNAL_SERVER_ERROR'
        ? INTERNAL_MESSAGE
        : zod
          ? describeZodError(zod)
          : error.code === 'PARSE_ERROR' || error.cause instanceof SyntaxError
            ? 'The request body is not valid JSON.'
            : shape.message
    return {
      code: shape.code,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        field: field || null,
        domainCode: error.cause instanceof DomainError ? error.cause.code : null,
        rule:
          error.cause instanceof DomainError
            ? (error.cause.rule ?? null)
            : zod
              ? zodRule(zod)
              : null,
        details: error.cause instanceof DomainError ? (error.cause.details ?? null) : null,
      },
    }
  },
})

export const createCallerFactory = t.createCallerFactory
export const router = t.router

function isUniqueViolation(cause: unknown): boolean {
  const code = (cause as { code?: unknown } | null)?.code
  return (
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === '23505'
  )
}

/** Maps domain errors to tRPC codes in one place and records refused authorizations. */
const errors = t.middleware(async ({ ctx, path, type, next }) => {
  const result = await next()
  if (result.ok) return result
  let error = result.error
  const cause = error.cause
  if (cause instanceof DomainError) {
    error = new TRPCError({ code: ERROR_CODES[cause.code], message: cause.message, cause })
  } else if (error.code === 'INTERNAL_SERVER_ERROR' && isUniqueViolation(cause)) {
    error = new TRPCError({ code: 'CONFLICT', message: 'That already exists.', cause })
  }
  if (error.code === 'FORBIDDEN' && ctx.user) await recordDenial(ctx, ctx.user, path, type)
  throw error
})

async function recordDenial(
  ctx: Context,
  user: SessionUser,
  path: string,
  type: string,
): Promise<void> {
  try {
    const actor = actorOf(user)
    await recordRefusal(ctx.db, {
      userId: user.id,
      partyCode: actor.partyCode,
      procedure: path,
      type,
    })
  } catch (error) {
    console.error('could not record a refused authorization', error)
  }
}

/** The first string in the input that cannot be stored as it is: its dotted path and why. */
function unstorableField(input: unknown): { field: string; problem: string } | null {
  // A loop, not recursion: a deeply nested body must not overflow the stack.
  interface Node {
    value: unknown
    key: string
    parent: Node | null
  }
  const stack: Node[] = [{ value: input, key: 'input', parent: null }]
  while (stack.length > 0) {
    const node = stack.pop() as Node
    const problem = typeof node.value === 'string' ? unstorableText(node.value) : null
    if (problem) {
      const path: string[] = []
      for (let n: Node | null = node; n?.parent; n = n.parent) path.unshift(n.key)
      return { field: path.join('.') || 'input', problem }
    }
    if (node.value && typeof node.value === 'object') {
      for (const [key, value] of Object.entries(node.value)) {
        const keyProblem = unstorableText(key)
        if (keyProblem) return { field: 'input', problem: `a key ${keyProblem}` }
        stack.push({ value, key, parent: node })
      }
    }
  }
  return null
}

// PostgreSQL cannot store a NUL character in text, a lone surrogate is not Unicode, and no person
// types either: refuse them up front, naming the field, rather than fail deep inside a query with
// a 500 or store something other than what the ledger hashed.
async function refuseUnstorableInput(getRawInput: () => Promise<unknown>): Promise<void> {
  // A body that is not JSON (or none, as a client sends to a mutation without input) is the
  // input parser's business: a procedure that takes no input never reads it.
  const input = await getRawInput().catch(() => undefined)
  const found = unstorableField(input)
  if (found !== null) {
    throw new DomainError('VALIDATION', `${found.field}: ${found.problem}.`, {
      field: found.field,
    })
  }
}

const noNulCharacters = t.middleware(async ({ getRawInput, next }) => {
  await refuseUnstorableInput(getRawInput)
  return next()
})

/** The per-person limit of an expensive procedure (EXPENSIVE_PROCEDURES): refused when spent. */
function takeCallLimit(ctx: Context, user: SessionUser, path: string): void {
  const limit = EXPENSIVE_PROCEDURES[path]
  if (!limit || !ctx.limiter) return
  const wait = ctx.limiter.take(user.id, path, limit.perMinute)
  if (wait > 0) {
    ctx.resHeaders.set('retry-after', String(wait))
    throw new DomainError(
      'TOO_MANY_ATTEMPTS',
      `${path} may be called at most ${limit.perMinute} times a minute; try again in ${wait} s.`,
      { details: { retryAfterSeconds: wait } },
    )
  }
}

const base = t.procedure.use(errors)

export const publicProcedure = base.use(noNulCharacters)

// The session is checked before anything about the input, so an anonymous caller learns nothing;
// then the call limit, then the input's characters. One middleware: each one tRPC runs copies
// the context, and every authenticated request passes here.
export const authedProcedure = base.use(async ({ ctx, path, getRawInput, next }) => {
  if (!ctx.user || !ctx.sessionId) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: ctx.sessionExpired
        ? 'Your session has ended. Please sign in again.'
        : 'Please sign in.',
    })
  }
  takeCallLimit(ctx, ctx.user, path)
  await refuseUnstorableInput(getRawInput)
  return next({ ctx: { user: ctx.user, sessionId: ctx.sessionId } })
})

/** A procedure about one partnership: the caller must hold a role in it (any role, by default). */
export function partnershipProcedure(...allowed: Role[]) {
  return authedProcedure.input(partnershipScope).use(({ ctx, input, type, next }) => {
    const roles = rolesIn(ctx.user, input.partnershipId)
    // Not a member: the partnership might as well not exist.
    if (roles.length === 0)
      throw new TRPCError({ code: 'NOT_FOUND', message: 'No such partnership.' })
    if (allowed.length > 0 && !roles.some((r) => allowed.includes(r))) {
      const needs = `This needs one of the roles: ${allowed.join(', ')}.`
      // The brief's rule, said once: an auditor reads, verifies and exports; changes nothing.
      if (type === 'mutation' && roles.every((r) => r === 'auditor'))
        throw new DomainError(
          'FORBIDDEN',
          `Auditors read and verify the record; they change nothing. ${needs}`,
          {
            rule: { name: 'auditorsChangeNothing' },
          },
        )
      throw new TRPCError({ code: 'FORBIDDEN', message: needs })
    }
    return next({ ctx: { partnershipId: input.partnershipId, roles } })
  })
}

/** User administration: admins of any partnership. Administering never grants approving. */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!isAdminAnywhere(ctx.user))
    throw new TRPCError({ code: 'FORBIDDEN', message: 'This needs the admin role.' })
  return next()
})
