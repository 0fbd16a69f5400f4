import { randomUUID } from 'node:crypto'
import { type Db, type Executor, writeTransaction } from '../../../db/connect'
import type { Proposal } from '../../../db/schema'
import { DomainError } from '../../../shared/errors'
import { recordTimeNow } from '../../clock'
import { once } from '../idempotency'
import { actorOf, type SessionUser } from '../users'
import { loadProposal } from './access'
import { proposalEvent, visibilityOf } from './events'
import { announceComment } from './notices'
import { authorize } from './transition'

/**
 * Comments are `joint` (both parties) or `internal` (the commenter's party only, its auditors
 * included). Other parties and external auditors never see an internal comment, in any view, and
 * its ledger event is private to that party too.
 */
export async function addComment(
  db: Db,
  user: SessionUser,
  input: {
    proposalId: string
    body: string
    visibility: 'joint' | 'internal'
    idempotencyKey?: string | null
  },
) {
  const { idempotencyKey: key, ...request } = input
  const scope = { userId: user.id, procedure: 'comment.add', key, request }
  return writeTransaction(db, (trx) =>
    once(trx, scope, async () => {
      const p = await loadProposal(trx, user, input.proposalId)
      await authorize(trx, user, p, 'comment')
      const party = user.partyCode
      if (!party)
        throw new DomainError('FORBIDDEN', 'Only people of a party to the partnership can comment.')
      const id = randomUUID()
      const comment = {
        id,
        proposal_id: p.id,
        revision: p.current_revision,
        author_id: user.id,
        party,
        visibility: input.visibility,
        body: input.body,
        created_at: recordTimeNow(),
      }
      await trx.insertInto('comments').values(comment).execute()
      await proposalEvent(trx, actorOf(user), p, {
        action: 'comment.added',
        visibility: input.visibility === 'internal' ? `party:${party}` : visibilityOf(p),
        after: {
          commentId: id,
          visibility: input.visibility,
          revision: p.current_revision,
          body: input.body,
        },
      })
      await announceComment(trx, user, p, comment)
      return { id, createdAt: comment.created_at }
    }),
  )
}

export async function commentsFor(db: Executor, user: SessionUser, p: Proposal) {
  let q = db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .select([
      'c.id',
      'c.revision',
      'c.party',
      'c.visibility',
      'c.body',
      'c.created_at',
      'u.id as authorId',
      'u.name as authorName',
    ])
    .where('c.proposal_id', '=', p.id)
    .orderBy('c.created_at')
    .orderBy('c.id')
  const party = user.partyCode
  q = party
    ? q.where((eb) => eb.or([eb('c.visibility', '=', 'joint'), eb('c.party', '=', party)]))
    : q.where('c.visibility', '=', 'joint')
  return (await q.execute()).map((c) => ({
    id: c.id,
    revision: c.revision,
    party: c.party,
    visibility: c.visibility,
    body: c.body,
    createdAt: c.created_at,
    author: { id: c.authorId, name: c.authorName },
  }))
}

/** The comments of a proposal the user may see, as they may see them. */
export async function listComments(db: Executor, user: SessionUser, proposalId: string) {
  return commentsFor(db, user, await loadProposal(db, user, proposalId))
}
