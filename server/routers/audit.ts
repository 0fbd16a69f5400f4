import { type CheckpointCheck, checkCheckpoint, describeReport } from '../../shared/audit-verify'
import { DomainError } from '../../shared/errors'
import { CHECKPOINT_ROLES } from '../../shared/roles'
import {
  auditEventsInput,
  auditExportInput,
  auditListInput,
  auditTimelineInput,
  auditVerifyInput,
  verifyCheckpointInput,
} from '../../shared/schemas/audit'
import {
  auditAddWitnessInput,
  auditConsistencyInput,
  auditCosignInput,
  auditProveInput,
  auditTreeCheckpointInput,
  auditWitnessRefusedInput,
  auditWitnessStatusInput,
} from '../../shared/schemas/audit-proofs'
import { listCheckpoints, makeCheckpoint } from '../audit/checkpoints'
import { signingKey } from '../audit/keys'
import { ledgerHead } from '../audit/ledger'
import { logId, proveConsistency, proveEvent } from '../audit/proofs'
import {
  EXPORT_LIMIT,
  eventsPage,
  exportEvents,
  ledgerPage,
  timeline,
  writeBundle,
} from '../audit/query'
import { treeSize } from '../audit/tree'
import { newestWitnessed, treeCheckpoint } from '../audit/tree-checkpoints'
import { requireIntactLedger, verifyLedger } from '../audit/verify'
import { viewerOf } from '../audit/visibility'
import { acceptCosignature, addWitness, listWitnesses } from '../audit/witness'
import { recordWitnessRefusal, witnessStatus } from '../audit/witness-refusal'
import { withEntityCode } from '../domain/codes'
import { actorOf } from '../domain/users'
import { partnershipProcedure, router } from '../trpc'

/** Auditors and partnership leads read the whole record and verify it. */
const overseers = () => partnershipProcedure('auditor', 'partnership_lead')

export const auditRouter = router({
  /** Walks the whole chain and every checkpoint signature on the server. */
  verify: overseers()
    .input(auditVerifyInput)
    .query(async ({ ctx, input }) => {
      const report = await verifyLedger(ctx.db, {
        publicKey: signingKey(ctx.config).publicKey,
        saved: input.checkpoint ? [input.checkpoint] : [],
      })
      return { ...report, summary: describeReport(report) }
    }),

  /**
   * The public key and every checkpoint: what a browser or a party needs to check them; and the
   * ledger's head sequence, so a reader sees how many events came after the newest checkpoint.
   */
  checkpoints: partnershipProcedure().query(async ({ ctx }) => {
    const [checkpoints, head] = await Promise.all([listCheckpoints(ctx.db), ledgerHead(ctx.db)])
    return { publicKey: signingKey(ctx.config).publicKey, checkpoints, headSeq: head.seq }
  }),

  /**
   * Signs a checkpoint over today's head, now: a write to the ledger, for a partnership lead or an
   * admin. Auditors change nothing (refused with rule `auditorsChangeNothing`); the server signs
   * one on its own every CHECKPOINT_EVERY events.
   */
  createCheckpoint: partnershipProcedure(...CHECKPOINT_ROLES).mutation(async ({ ctx }) => {
    const checkpoint = await makeCheckpoint(ctx.db, signingKey(ctx.config), actorOf(ctx.user), {
      reason: 'request',
    })
    if (!checkpoint) throw new Error('a requested checkpoint is always made')
    return { checkpoint, publicKey: signingKey(ctx.config).publicKey }
  }),

  /**
   * Does today's ledger still extend a checkpoint a party saved? Its signature must hold, the
   * event at its sequence number must have its head hash, and the whole chain must verify.
   */
  verifyCheckpoint: overseers()
    .input(verifyCheckpointInput)
    .query(async ({ ctx, input }): Promise<CheckpointCheck & { summary: string }> => {
      const key = signingKey(ctx.config)
      const cp = input.checkpoint
      const cryptoKey = await globalThis.crypto.subtle.importKey(
        'spki',
        Buffer.from(key.publicKey.spki, 'base64'),
        { name: 'Ed25519' },
        false,
        ['verify'],
      )
      const signatureProblem = await checkCheckpoint(cp, { keyId: key.publicKey.keyId, cryptoKey })
      const atSeq = await ctx.db
        .selectFrom('ledger_events')
        .select('hash')
        .where('seq', '=', cp.seq)
        .executeTakeFirst()
      const onChain = atSeq?.hash === cp.headHash
      const report = await verifyLedger(ctx.db, { publicKey: key.publicKey, saved: [cp] })
      const holds = !signatureProblem && onChain && report.ok
      const message = signatureProblem
        ? `${signatureProblem}.`
        : !onChain
          ? atSeq
            ? `Today's chain has another hash at sequence ${cp.seq}: history was rewritten.`
            : `Today's chain has no event ${cp.seq}: it was cut short.`
          : report.ok
            ? `The checkpoint holds: today's chain still has head hash ${cp.headHash} at sequence ${cp.seq} and extends it to ${report.headSeq}.`
            : `The checkpoint is on the chain, but the chain is broken: ${describeReport(report)}`
      return {
        holds,
        signatureValid: !signatureProblem,
        onChain,
        message,
        summary: describeReport(report),
      }
    }),

  /** An event's inclusion proof in its Merkle tree (docs/ledger-spec.md §5), O(log n). */
  prove: partnershipProcedure()
    .input(auditProveInput)
    .query(({ ctx, input }) =>
      proveEvent(ctx.db, signingKey(ctx.config), ctx.partnershipId, input),
    ),

  /** A consistency proof between two sizes of a tree, O(log n). */
  consistency: partnershipProcedure()
    .input(auditConsistencyInput)
    .query(({ ctx, input }) =>
      proveConsistency(ctx.db, signingKey(ctx.config), ctx.partnershipId, input),
    ),

  /**
   * The newest signed C2SP checkpoint of a tree (or the one of `size`), with its cosignatures,
   * and the witnesses registered for the tree.
   */
  treeCheckpoint: partnershipProcedure()
    .input(auditTreeCheckpointInput)
    .query(async ({ ctx, input }) => {
      const log = logId(ctx.partnershipId, input.log)
      const [checkpoint, witnesses, witnessed, size] = await Promise.all([
        treeCheckpoint(ctx.db, log, { size: input.size }),
        listWitnesses(ctx.db, log),
        newestWitnessed(ctx.db, log),
        treeSize(ctx.db, log),
      ])
      // How many entries no witness has vouched for yet (all of them without a witnessed one).
      return {
        checkpoint,
        witnesses,
        witnessed,
        treeSize: size,
        afterWitnessed: size - (witnessed?.size ?? 0),
      }
    }),

  /** A party admin registers the party's witness key (type 0x04) for a tree. */
  addWitness: partnershipProcedure('admin')
    .input(auditAddWitnessInput)
    .mutation(({ ctx, input }) =>
      addWitness(ctx.db, actorOf(ctx.user), {
        log: logId(ctx.partnershipId, input.log),
        logName: input.log,
        vkey: input.vkey,
        party: ctx.user.partyCode,
      }),
    ),

  /**
   * A witness's cosignature of a stored checkpoint; kept only if it verifies. Handed in by a lead
   * or an admin of the witness's own party (ADR 0035): never an auditor, never the other party.
   */
  cosign: partnershipProcedure(...CHECKPOINT_ROLES)
    .input(auditCosignInput)
    .mutation(({ ctx, input }) =>
      acceptCosignature(ctx.db, actorOf(ctx.user), {
        log: logId(ctx.partnershipId, input.log),
        logName: input.log,
        size: input.size,
        cosignature: input.cosignature,
        callerParty: ctx.user.partyCode,
      }),
    ),

  /** A party's witness refused a checkpoint: recorded, and told to that party only (ADR 0035). */
  witnessRefused: partnershipProcedure(...CHECKPOINT_ROLES)
    .input(auditWitnessRefusedInput)
    .mutation(({ ctx, input }) =>
      recordWitnessRefusal(ctx.db, actorOf(ctx.user), {
        ...input,
        log: logId(ctx.partnershipId, input.log),
        logName: input.log,
        callerParty: ctx.user.partyCode,
      }),
    ),

  /** Each witness of a tree: its party, what it cosigned last, its newest refusal. */
  witnessStatus: partnershipProcedure()
    .input(auditWitnessStatusInput)
    .query(({ ctx, input }) => witnessStatus(ctx.db, logId(ctx.partnershipId, input.log))),

  /**
   * Search: entity, actor, party, action, time range; newest or oldest first. Keyset pages both
   * ways (`nextCursor`, `prevCursor`) with their position and the count of matches, and the
   * codes and names of the ids on the page (`refs`).
   */
  list: overseers()
    .input(auditListInput)
    .query(async ({ ctx, input }) =>
      ledgerPage(
        ctx.db,
        viewerOf(ctx.user),
        ctx.partnershipId,
        await withEntityCode(ctx.db, ctx.user, ctx.partnershipId, input),
      ),
    ),

  /** The history of one thing, for any member, with what the viewer may not read left out. */
  timeline: partnershipProcedure()
    .input(auditTimelineInput)
    .query(({ ctx, input }) => timeline(ctx.db, viewerOf(ctx.user), ctx.partnershipId, input)),

  /** Raw events in sequence order, page by page, for the browser's own verification. */
  events: partnershipProcedure()
    .input(auditEventsInput)
    .query(({ ctx, input }) => eventsPage(ctx.db, viewerOf(ctx.user), input)),

  /** The filtered list as JSON Lines or CSV text (up to EXPORT_LIMIT events). */
  export: overseers()
    .input(auditExportInput)
    .query(async ({ ctx, input }) => {
      await requireIntactLedger(ctx.db, signingKey(ctx.config).publicKey)
      return exportEvents(
        ctx.db,
        viewerOf(ctx.user),
        ctx.partnershipId,
        await withEntityCode(ctx.db, ctx.user, ctx.partnershipId, input),
      )
    }),

  /** The verifiable bundle of the whole chain, as this viewer may see it. */
  bundle: overseers().query(async ({ ctx }) => {
    await requireIntactLedger(ctx.db, signingKey(ctx.config).publicKey)
    const lines: string[] = []
    const written = await writeBundle(
      ctx.db,
      viewerOf(ctx.user),
      signingKey(ctx.config),
      { email: ctx.user.email, party: ctx.user.partyCode },
      (line) => {
        lines.push(line)
        if (lines.length > EXPORT_LIMIT + 100)
          throw new DomainError(
            'VALIDATION',
            `The ledger has more than ${EXPORT_LIMIT} events: export the bundle with the command line (npm run concord -- audit export --as ${ctx.user.email}).`,
          )
      },
    )
    return {
      filename: `concord-bundle-${written.headSeq}.jsonl`,
      contentType: 'application/x-ndjson',
      headSeq: written.headSeq,
      text: `${lines.join('\n')}\n`,
    }
  }),
})
