/**
 * What a version 3 bundle carries of the Merkle trees (ledger-spec §10.1, ADR 0035): every signed
 * checkpoint, with its stored cosignatures, and the registered witnesses, of the trees the viewer
 * belongs to (the deployment's and those of the partnerships it holds a role in; all of them for
 * the operator's full view). Another partnership's tree still verifies through its opaque leaves,
 * but its checkpoints and witnesses, which would say which parties it has, are not handed out.
 */
import type { Executor } from '../../db/connect'
import type { BundleWitness } from '../../shared/bundle-trees'
import { DEPLOYMENT_LOG } from '../../shared/ledger-hash'
import { treeCheckpoint } from './tree-checkpoints'
import type { Viewer } from './visibility'

export async function bundleTrees(
  db: Executor,
  viewer: Viewer,
): Promise<{ checkpoints: { log: string; note: string }[]; witnesses: BundleWitness[] }> {
  const logs = viewer.kind === 'full' ? null : [DEPLOYMENT_LOG, ...Object.keys(viewer.roles)]
  let rows = db.selectFrom('ledger_tree_checkpoints').select(['log', 'size'])
  if (logs) rows = rows.where('log', 'in', logs)
  const stored = await rows.orderBy('log').orderBy('size').execute()
  const checkpoints: { log: string; note: string }[] = []
  for (const r of stored) {
    const cp = await treeCheckpoint(db, r.log, { size: Number(r.size) })
    if (cp) checkpoints.push({ log: cp.log, note: cp.note })
  }
  let w = db.selectFrom('ledger_witnesses').select(['log', 'vkey', 'party_code'])
  if (logs) w = w.where('log', 'in', logs)
  const witnesses = (await w.orderBy('log').orderBy('added_at').execute()).map((x) => ({
    log: x.log,
    vkey: x.vkey,
    party: x.party_code,
  }))
  return { checkpoints, witnesses }
}
