/**
 * Issues a decision's certificate (docs/ledger-spec.md §11) for one viewer: the ledger entries of
 * the decision's history (its proposal's and its own) that the viewer may read, each with its
 * inclusion proof in the smallest checkpoint
 * every party's witness cosigned. The server runs the shared verifier over what it built before
 * handing it out: a certificate that would not verify is never issued.
 */
import type { Executor } from '../../../db/connect'
import { canonicalize } from '../../../shared/canonical-json'
import {
  CERTIFICATE_FORMAT,
  CERTIFICATE_VERSION,
  type CertificateEntry,
  type CertificateSignoff,
  type DecisionCertificate,
  describeCertificate,
  verifyCertificate,
} from '../../../shared/decision-certificate'
import { DomainError } from '../../../shared/errors'
import { isOpaque, sha256Hex } from '../../../shared/ledger-hash'
import { base64Encode, parseNote } from '../../../shared/signed-note'
import { inclusionProof } from '../../audit/tree'
import { treeCheckpoint } from '../../audit/tree-checkpoints'
import { type Viewer, viewEvent } from '../../audit/visibility'
import { listWitnesses } from '../../audit/witness'
import { contentOf } from '../proposals/revision'
import { decisionFinality } from './finality'

export async function decisionCertificate(
  db: Executor,
  viewer: Viewer,
  partnershipIds: string[],
  decisionId: string,
): Promise<{ filename: string; contentType: string; text: string }> {
  const d = await db
    .selectFrom('decisions')
    .innerJoin('proposals', 'proposals.id', 'decisions.proposal_id')
    .select([
      'decisions.id',
      'decisions.partnership_id',
      'decisions.proposal_id',
      'decisions.revision',
      'proposals.charter_version',
    ])
    .where('decisions.id', '=', decisionId)
    .executeTakeFirst()
  if (!d || !partnershipIds.includes(d.partnership_id))
    throw new DomainError('NOT_FOUND', 'No such decision.', { field: 'decisionId' })
  const log = d.partnership_id
  const finality = await decisionFinality(db, { id: d.id, partnershipId: log })
  if (!finality.witnessed || !finality.event)
    throw new DomainError(
      'CONFLICT',
      'This decision is not final yet: no checkpoint that includes it is cosigned by every party’s witness.',
      { field: 'decisionId', rule: { name: 'decision_not_witnessed' } },
    )
  const size = finality.witnessed.size
  const [checkpoint, witnesses, rows, revision] = await Promise.all([
    treeCheckpoint(db, log, { size }),
    listWitnesses(db, log),
    db
      .selectFrom('ledger_events as e')
      .innerJoin('ledger_tree_hashes as h', 'h.seq', 'e.seq')
      .selectAll('e')
      .select(['h.idx', 'h.hash as leaf_hash'])
      .where('e.partnership_id', '=', log)
      .where('h.level', '=', 0)
      .where('h.idx', '<', size)
      .where((eb) =>
        eb.or([
          eb.and([eb('e.entity_type', '=', 'proposal'), eb('e.entity_id', '=', d.proposal_id)]),
          eb.and([eb('e.entity_type', '=', 'decision'), eb('e.entity_id', '=', d.id)]),
        ]),
      )
      .orderBy('e.seq')
      .execute(),
    db
      .selectFrom('proposal_revisions')
      .selectAll()
      .where('proposal_id', '=', d.proposal_id)
      .where('number', '=', d.revision)
      .executeTakeFirstOrThrow(),
  ])
  if (!checkpoint) throw new Error(`the witnessed checkpoint of ${size} entries is missing`)
  const cosigned = parseNote(checkpoint.note).signatures
  const entries: CertificateEntry[] = []
  const signoffs: CertificateSignoff[] = []
  let decision: DecisionCertificate['decision'] | null = null
  for (const row of rows) {
    const index = Number(row.idx)
    const viewed = viewEvent(viewer, row)
    // What the viewer may not read is left out, not sealed: a sealed entry tied to this proposal
    // would still tell how many private steps the other party took on it, and when (ADR 0024).
    if (isOpaque(viewed)) continue
    const { proof } = await inclusionProof(db, log, index, size)
    const { hash: _chainHash, payload, payloadSalt, ...entry } = viewed
    entries.push({
      leafIndex: index,
      entry,
      payload,
      ...(payloadSalt === undefined ? {} : { payloadSalt }),
      proof: proof.map(base64Encode),
    })
    const after = (payload as { after?: Record<string, unknown> } | null)?.after ?? {}
    if (row.action === 'decision.issued')
      decision = {
        id: d.id,
        code: String(after.code),
        title: String(after.title),
        partnershipId: log,
        proposalId: String(after.proposalId),
        proposal: String(after.proposal),
        revision: Number(after.revision),
        effectiveDate: String(after.effectiveDate),
        seq: Number(row.seq),
      }
    if (row.action === 'signoff.recorded' && after.revision === d.revision)
      signoffs.push({
        seq: Number(row.seq),
        signoffId: String(after.signoffId),
        party: String(after.party),
        signerId: String(row.actor_id),
        verdict: after.verdict as 'approve' | 'reject',
        rationale: String(after.rationale),
        authentication: after.authentication ?? null,
      })
  }
  if (!decision) throw new Error(`decision ${d.id} has no readable decision.issued event`)
  const text = contentOf(revision)
  const certificate: DecisionCertificate = {
    type: CERTIFICATE_FORMAT,
    version: CERTIFICATE_VERSION,
    decision,
    revision: { number: d.revision, hash: await sha256Hex(canonicalize(text)), text },
    charterVersion: d.charter_version,
    signoffs,
    entries,
    checkpoint: {
      // Only the log's signature and the cosignatures of the registered witnesses.
      note: checkpoint.note,
      logKey: checkpoint.vkey,
      witnesses: witnesses
        .filter((w) => w.party !== null && cosigned.some((s) => w.vkey.startsWith(`${s.name}+`)))
        .map((w) => ({ party: w.party as string, vkey: w.vkey })),
    },
  }
  const json = `${JSON.stringify(certificate, null, 2)}\n`
  // What the server hands out, it has checked with the verifier everyone else runs.
  const verdict = await verifyCertificate(json)
  if (!verdict.ok)
    throw new Error(`the certificate of ${decision.code}: ${describeCertificate(verdict)}`)
  return {
    filename: `${decision.code}-certificate.json`,
    contentType: 'application/json',
    text: json,
  }
}
