import { type Db, writeTransaction } from '../../db/connect'
import { DomainError } from '../../shared/errors'
import { appendEvent } from '../audit/ledger'
import { normalizeEmail } from '../domain/users'
import { verifyPassword } from './password'
import { createSession, endSession, type SessionPolicy } from './session'
import { ACCOUNT_RULE, ADDRESS_RULE, blockedFor, clearFailures, recordFailure } from './throttle'

const WRONG = 'The email or password is incorrect.'

/** Tails of the attempts under way, per throttle key. */
const inFlight = new Map<string, Promise<void>>()

/**
 * Runs attempts for one throttle key one after another. Without this, a burst of parallel guesses
 * would all pass the block check before the first failure is counted, and the throttle would
 * only start after the burst. (Per process: several instances each keep their own turns.)
 */
async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = inFlight.get(key) ?? Promise.resolve()
  const run = previous.then(work)
  const tail = run.then(
    () => undefined,
    () => undefined,
  )
  inFlight.set(key, tail)
  try {
    return await run
  } finally {
    if (inFlight.get(key) === tail) inFlight.delete(key)
  }
}

export function login(
  db: Db,
  policy: SessionPolicy,
  input: { email: string; password: string },
  meta: { ip: string | null; userAgent: string | null; previousSessionId: string | null },
) {
  return checkCredentials(db, input, meta, async (user, keys) => {
    await refuseIfPasswordOff(db, user.id)
    return writeTransaction(db, async (trx) => {
      await clearFailures(trx, keys.accountKey)
      // A new token at every sign-in, and the old one ends: no session fixation.
      if (meta.previousSessionId) await endSession(trx, meta.previousSessionId)
      const session = await createSession(trx, user.id, policy, meta)
      await appendEvent(
        trx,
        { userId: user.id, partyCode: user.partyCode },
        {
          partnershipId: null,
          action: 'session.started',
          entityType: 'user',
          entityId: user.id,
          after: { ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) ?? null },
        },
      )
      return { userId: user.id, ...session }
    })
  })
}

/**
 * A party that signs its people in through its own provider may switch passwords off for them
 * (identity_providers.password_sign_in). Asked only after the password matched, so the answer
 * tells nothing to someone who does not know it.
 */
async function refuseIfPasswordOff(db: Db, userId: string): Promise<void> {
  const row = await db
    .selectFrom('users')
    .innerJoin('identity_providers', 'identity_providers.party_id', 'users.party_id')
    .innerJoin('parties', 'parties.id', 'users.party_id')
    .select(['identity_providers.password_sign_in', 'parties.name'])
    .where('users.id', '=', userId)
    .executeTakeFirst()
  if (row && row.password_sign_in === 0) {
    throw new DomainError(
      'UNAUTHENTICATED',
      `${row.name} signs its people in through its own identity provider: use "Sign in with ${row.name}".`,
      { details: { reason: 'password_sign_in_off' } },
    )
  }
}

/**
 * Asks a signed-in person for their password again before a sensitive change (ending their other
 * sessions, changing the password). Throttled and recorded exactly like a sign-in.
 */
export function reauthenticate(
  db: Db,
  input: { email: string; password: string },
  meta: { ip: string | null },
): Promise<void> {
  return checkCredentials(db, input, meta, async (user, keys) => {
    await refuseIfPasswordOff(db, user.id)
    await clearFailures(db, keys.accountKey)
  })
}

interface Keys {
  email: string
  accountKey: string
  addressKey: string
}

/**
 * The one credential check: throttled per account and per address, every failure recorded
 * (throttle and ledger), one message for every failure. `onSuccess` runs in the same turn.
 */
function checkCredentials<T>(
  db: Db,
  input: { email: string; password: string },
  meta: { ip: string | null },
  onSuccess: (user: { id: string; partyCode: string | null }, keys: Keys) => Promise<T>,
): Promise<T> {
  const email = normalizeEmail(input.email)
  const keys = {
    email,
    accountKey: `account:${email}`,
    addressKey: `address:${meta.ip ?? 'unknown'}`,
  }
  // Always the account first, then the address: no attempt waits for an account while holding
  // an address, so two attempts never wait for each other.
  return oneAtATime(keys.accountKey, () =>
    oneAtATime(keys.addressKey, async () => {
      const user = await attempt(db, input.password, keys, meta)
      return onSuccess(user, keys)
    }),
  )
}

async function attempt(db: Db, password: string, keys: Keys, meta: { ip: string | null }) {
  const { email, accountKey, addressKey } = keys
  const wait = Math.max(await blockedFor(db, accountKey), await blockedFor(db, addressKey))
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000)
    throw new DomainError(
      'TOO_MANY_ATTEMPTS',
      `Too many failed sign-ins. Try again in ${seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`,
    )
  }
  const user = await db
    .selectFrom('users')
    .leftJoin('parties', 'parties.id', 'users.party_id')
    .select(['users.id', 'users.password_hash', 'users.status', 'parties.code as partyCode'])
    .where('users.email', '=', email)
    .executeTakeFirst()
  const passwordOk = await verifyPassword(user?.password_hash ?? null, password)
  if (!user || !passwordOk || user.status !== 'active') {
    await writeTransaction(db, async (trx) => {
      await recordFailure(trx, accountKey, ACCOUNT_RULE)
      await recordFailure(trx, addressKey, ADDRESS_RULE)
      await appendEvent(
        trx,
        { userId: user?.id ?? null, partyCode: user?.partyCode ?? null },
        {
          partnershipId: null,
          action: 'security.login_failed',
          entityType: 'user',
          entityId: user?.id ?? email,
          after: {
            email,
            ip: meta.ip,
            reason: !user
              ? 'unknown_email'
              : user.status !== 'active'
                ? 'disabled'
                : 'wrong_password',
          },
        },
      )
    })
    // One message for every case: a caller cannot learn which emails have accounts.
    throw new DomainError('UNAUTHENTICATED', WRONG)
  }
  return { id: user.id, partyCode: user.partyCode }
}
