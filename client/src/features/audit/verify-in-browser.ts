/**
 * The browser's own verification of the ledger: it fetches the checkpoints and the public key,
 * then every event page by page, and recomputes every hash and checks every signature itself with
 * WebCrypto (shared/audit-verify.ts, the same code the server and the CLI run), so an auditor
 * need not take the server's word for it.
 */
import { type AuditReport, AuditVerifier } from '../../../../shared/audit-verify'
import type { useTRPCClient } from '../../trpc'

type Client = ReturnType<typeof useTRPCClient>

export const PAGE = 1000

export interface Progress {
  checked: number
  total: number
}

export async function verifyInBrowser(
  client: Client,
  partnershipId: string,
  onProgress: (progress: Progress) => void,
  signal: AbortSignal,
): Promise<AuditReport & { headHashChecked: string | null }> {
  const { publicKey, checkpoints } = await client.audit.checkpoints.query(
    { partnershipId },
    { signal },
  )
  // Imports the Ed25519 key ('spki') and checks every checkpoint's hash and signature first.
  const verifier = await AuditVerifier.create({ checkpoints, publicKey })
  let afterSeq = 0
  let total = 0
  let lastHash: string | null = null
  for (;;) {
    const page = await client.audit.events.query(
      { partnershipId, afterSeq, limit: PAGE },
      { signal },
    )
    total = Math.max(total, page.headSeq)
    for (const event of page.events) {
      // Events this viewer may not read come opaque (leaf hash and position): they verify too.
      if (!(await verifier.push(event))) break
      const head = verifier.head()
      lastHash = head?.hash ?? lastHash
    }
    const last = page.events[page.events.length - 1]
    if (last) afterSeq = last.seq
    onProgress({ checked: afterSeq, total: Math.max(total, afterSeq) })
    if (verifier.done || page.events.length < PAGE) break
  }
  return { ...verifier.result(), headHashChecked: lastHash }
}
