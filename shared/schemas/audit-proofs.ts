import { z } from 'zod'

/** Which of the partnership's two trees: its own, or the deployment-wide events' (ledger-spec §2.3). */
const log = z.enum(['partnership', 'deployment']).default('partnership')
const size = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)

/** audit.prove: an event's inclusion in its tree, at a checkpoint's size or a size given. */
export const auditProveInput = z.object({
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** The tree size to prove against; by default the newest checkpoint that covers the event. */
  size: size.min(1).optional(),
})

/** audit.consistency: that the tree of `to` leaves extends the tree of `from` leaves. */
export const auditConsistencyInput = z.object({
  log,
  from: size,
  /** By default the newest checkpoint's size. */
  to: size.optional(),
})

/** audit.treeCheckpoint: the newest signed checkpoint of a tree, or the one of `size` leaves. */
export const auditTreeCheckpointInput = z.object({ log, size: size.optional() })

/** audit.cosign: a witness hands back its cosignature line for a checkpoint (ledger-spec §8). */
export const auditCosignInput = z.object({
  log,
  size,
  /** One signature line, "— <name> <base64>\n", as the witness wrote it. */
  cosignature: z.string().min(10).max(400),
})

/** audit.witnessRefused: a party's witness reports a checkpoint it refused (ADR 0035). */
export const auditWitnessRefusedInput = z.object({
  log,
  vkey: z.string().trim().min(10).max(300),
  kind: z.enum(['rollback', 'split_view', 'bad_checkpoint', 'bad_proof']),
  size: size.nullable(),
  witnessedSize: size.nullable(),
  message: z.string().trim().min(1).max(1000),
})

/** audit.witnessStatus: each registered witness of a tree, what it cosigned last, if it refuses. */
export const auditWitnessStatusInput = z.object({ log })

/** audit.addWitness: a party's witness key, `<name>+<key id>+<base64 key>` (ledger-spec §6). */
export const auditAddWitnessInput = z.object({
  log,
  vkey: z.string().trim().min(10).max(300),
})
