/**
 * `concord witness`: what a party runs on its own machine, with its own key and state file
 * (docs/ledger-spec.md §8.1). It fetches the tree's newest checkpoint and a consistency proof from
 * the checkpoint it cosigned last, verifies both, records the new checkpoint as its state, and only
 * then hands back its cosignature. A checkpoint that does not extend what it saw (a rollback, a
 * split view) is refused, and its state is left as it was.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { verifyConsistency } from '../../shared/merkle'
import {
  base64Decode,
  base64Encode,
  cosignatureSigner,
  formatVerifierKey,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifyCheckpoint,
} from '../../shared/signed-note'

/** A refusal the witness's party must see: the log showed a history that does not add up. */
export class WitnessRefusal extends Error {
  override name = 'WitnessRefusal'
  constructor(
    readonly kind: 'rollback' | 'split_view' | 'bad_checkpoint' | 'bad_proof',
    message: string,
  ) {
    super(message)
  }
}

/** What the witness keeps between runs: the last checkpoint it cosigned. */
export interface WitnessState {
  origin: string
  size: number
  rootHash: string
  /** The checkpoint text (without signatures) it cosigned. */
  checkpoint: string
}

export function readState(file: string): WitnessState | null {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  const value = JSON.parse(text) as WitnessState
  if (
    typeof value.origin !== 'string' ||
    !Number.isSafeInteger(value.size) ||
    typeof value.rootHash !== 'string' ||
    typeof value.checkpoint !== 'string'
  )
    throw new Error(`${file} is not a witness state file`)
  return value
}

/** Written through a temporary file and a rename: the state is always one whole checkpoint. */
export function writeState(file: string, state: WitnessState): void {
  const temp = `${file}.${process.pid}.tmp`
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 })
  renameSync(temp, file)
}

/** The tRPC procedures the witness calls, over HTTP or in-process. */
export interface WitnessTransport {
  treeCheckpoint(input: {
    log: 'partnership' | 'deployment'
  }): Promise<{ checkpoint: { note: string; size: number } | null }>
  consistency(input: {
    log: 'partnership' | 'deployment'
    from: number
    to: number
  }): Promise<{ proof: string[] }>
  cosign(input: {
    log: 'partnership' | 'deployment'
    size: number
    cosignature: string
  }): Promise<unknown>
  /** audit.witnessRefused: tells the witness's party in the product (ADR 0035); best effort. */
  refused?(input: WitnessRefusalReport): Promise<unknown>
}

/** What a witness reports of a refusal (audit.witnessRefused). */
export interface WitnessRefusalReport {
  log: 'partnership' | 'deployment'
  vkey: string
  kind: WitnessRefusal['kind']
  size: number | null
  witnessedSize: number | null
  message: string
}

export interface WitnessRun {
  origin: string
  from: number
  to: number
  cosignature: string
}

/**
 * One round: verify the newest checkpoint against the state, record it, cosign it, send the
 * cosignature. Throws WitnessRefusal on anything that does not extend the state.
 */
export async function witnessOnce(options: WitnessOptions): Promise<WitnessRun> {
  const shown: { size: number | null } = { size: null }
  try {
    return await witnessRound(options, shown)
  } catch (error) {
    if (!(error instanceof WitnessRefusal) || !options.transport.refused) throw error
    // The refusal stands whatever the server answers: the exit code and the message are the
    // witness's own signal; the report is for the party's people in the product.
    const signer = await parseSignerKey(options.witnessKey)
    const state = readState(options.stateFile)
    await options.transport
      .refused({
        log: options.log,
        vkey: formatVerifierKey(signer),
        kind: error.kind,
        size: shown.size,
        witnessedSize: state?.size ?? null,
        message: error.message,
      })
      .catch(() => undefined)
    throw error
  }
}

export interface WitnessOptions {
  transport: WitnessTransport
  log: 'partnership' | 'deployment'
  /** The log's verifier key (type 0x01), obtained apart from the server's answers. */
  logKey: string
  /** The witness's signer key (type 0x04): `PRIVATE+KEY+...`. */
  witnessKey: string
  stateFile: string
  now?: () => number
}

async function witnessRound(
  options: WitnessOptions,
  shown: { size: number | null },
): Promise<WitnessRun> {
  const logKey = parseVerifierKey(options.logKey)
  const signer = await parseSignerKey(options.witnessKey)
  const state = readState(options.stateFile)
  if (state && state.origin !== logKey.name)
    throw new WitnessRefusal(
      'bad_checkpoint',
      `The state file is for ${state.origin}, but the log key is for ${logKey.name}.`,
    )
  const latest = await options.transport.treeCheckpoint({ log: options.log })
  if (!latest.checkpoint)
    throw new WitnessRefusal('bad_checkpoint', 'The log has no signed checkpoint yet.')
  let verified: Awaited<ReturnType<typeof verifyCheckpoint>>
  try {
    verified = await verifyCheckpoint(latest.checkpoint.note, logKey, [], logKey.name)
  } catch (error) {
    throw new WitnessRefusal(
      'bad_checkpoint',
      `The log's checkpoint does not verify with its key: ${(error as Error).message}.`,
    )
  }
  const cp = verified.checkpoint
  shown.size = cp.size
  const rootHash = base64Encode(cp.rootHash)
  const text = parseNote(latest.checkpoint.note).text
  const from = state?.size ?? 0
  if (state && cp.size < state.size)
    throw new WitnessRefusal(
      'rollback',
      `ROLLBACK: the log now shows ${cp.size} entries, but this witness cosigned ${state.size} before. The log went back in time, or this is not the log it witnessed.`,
    )
  if (state && cp.size === state.size && rootHash !== state.rootHash)
    throw new WitnessRefusal(
      'split_view',
      `SPLIT VIEW: the log shows a different tree of ${cp.size} entries than the one this witness cosigned (root ${rootHash} instead of ${state.rootHash}).`,
    )
  if (state && cp.size > state.size) {
    const { proof } = await options.transport.consistency({
      log: options.log,
      from: state.size,
      to: cp.size,
    })
    const hashes = proof.map((h) => base64Decode(h))
    const oldRoot = base64Decode(state.rootHash)
    const ok =
      oldRoot !== null &&
      hashes.every((h) => h !== null) &&
      verifyConsistency(state.size, cp.size, oldRoot, cp.rootHash, hashes as Uint8Array[])
    if (!ok)
      throw new WitnessRefusal(
        'split_view',
        `SPLIT VIEW: the log's tree of ${cp.size} entries does not extend the tree of ${state.size} entries this witness cosigned (the consistency proof fails). The log rewrote its history or shows others another one.`,
      )
  }
  // The new state is recorded before the cosignature leaves (ledger-spec §8).
  writeState(options.stateFile, { origin: cp.origin, size: cp.size, rootHash, checkpoint: text })
  const signed = await signNote(text, [cosignatureSigner(signer, options.now)])
  const line = signed.slice(text.length + 1)
  await options.transport.cosign({ log: options.log, size: cp.size, cosignature: line })
  return { origin: cp.origin, from, to: cp.size, cosignature: line }
}

/**
 * The procedures over HTTP (tRPC without a transformer): sign in with the party member's email
 * and password, then call as that session.
 */
export async function httpTransport(options: {
  url: string
  partnershipId: string
  email: string
  password: string
}): Promise<WitnessTransport> {
  const base = options.url.replace(/\/+$/, '')
  const call = async (path: string, method: 'GET' | 'POST', input: unknown, cookie?: string) => {
    const url =
      method === 'GET'
        ? `${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`
        : `${base}/trpc/${path}`
    const response = await fetch(url, {
      method,
      headers: {
        ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        ...(cookie ? { cookie } : {}),
      },
      body: method === 'POST' ? JSON.stringify(input) : undefined,
    })
    const body = (await response.json().catch(() => null)) as {
      result?: { data?: unknown }
      error?: { message?: string }
    } | null
    if (!response.ok || !body?.result)
      throw new Error(
        `${path}: ${body?.error?.message ?? `the server answered ${response.status}`}`,
      )
    return { data: body.result.data, response }
  }
  const login = await call('auth.login', 'POST', {
    email: options.email,
    password: options.password,
  })
  const cookie = (login.response.headers.getSetCookie?.() ?? [])
    .map((c) => c.split(';')[0])
    .join('; ')
  const scoped = (input: object) => ({ partnershipId: options.partnershipId, ...input })
  return {
    treeCheckpoint: async (input) =>
      (await call('audit.treeCheckpoint', 'GET', scoped(input), cookie)).data as Awaited<
        ReturnType<WitnessTransport['treeCheckpoint']>
      >,
    consistency: async (input) =>
      (await call('audit.consistency', 'GET', scoped(input), cookie)).data as Awaited<
        ReturnType<WitnessTransport['consistency']>
      >,
    cosign: async (input) => (await call('audit.cosign', 'POST', scoped(input), cookie)).data,
    refused: async (input) =>
      (await call('audit.witnessRefused', 'POST', scoped(input), cookie)).data,
  }
}
