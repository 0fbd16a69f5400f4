/**
 * A log's keys over time (docs/ledger-spec.md §7, "Key rotation"): the current vkey, trusted for
 * every checkpoint, and each retired vkey, trusted only for checkpoints of at most the tree size
 * it last signed, at its rotation. A retired key that signs a larger tree signs something it had
 * no right to sign any more (it may have leaked): refused.
 */
import {
  NoteError,
  parseNote,
  parseVerifierKey,
  type VerifiedCheckpoint,
  type VerifierKey,
  verifyCheckpoint,
} from './signed-note'

export interface TrustedLogKey {
  /** The log's verifier key (type 0x01) for one origin. */
  vkey: string
  /** Retired: trusted for checkpoints of at most this many entries. Null: the current key. */
  untilSize: number | null
}

/**
 * Verifies a checkpoint with whichever trusted key signed it, respecting a retired key's limit.
 * Throws a NoteError when no trusted key signed it, or a retired key signed a tree it may not.
 */
export async function verifyWithLogKeys(
  note: string,
  keys: readonly TrustedLogKey[],
  origin: string,
  witnessKeys: readonly VerifierKey[] = [],
): Promise<VerifiedCheckpoint & { logKey: TrustedLogKey }> {
  const signatures = parseNote(note).signatures
  const candidates = keys
    .map((k) => ({ trusted: k, key: parseVerifierKey(k.vkey) }))
    .filter(({ key }) => signatures.some((s) => s.name === key.name && s.keyId === key.keyId))
  if (candidates.length === 0)
    throw new NoteError('unverified_note', `no key trusted for ${origin} signed the checkpoint`)
  let refusal: NoteError | null = null
  for (const { trusted, key } of candidates) {
    const verified = await verifyCheckpoint(note, key, witnessKeys, origin)
    if (trusted.untilSize === null || verified.checkpoint.size <= trusted.untilSize)
      return { ...verified, logKey: trusted }
    refusal = new NoteError(
      'unverified_note',
      `the checkpoint of ${verified.checkpoint.size} entries is signed by a key retired at ${trusted.untilSize} entries: it is trusted for no later checkpoint`,
    )
  }
  throw refusal as NoteError
}
