import { hash } from 'node:crypto'
import { type Kysely, PostgresAdapter, sql } from 'kysely'

/**
 * Frozen in time. The Merkle trees of the ledger (docs/ledger-spec.md §2–§4, ADR 0015): one tree
 * per partnership plus one for the deployment-wide events, kept as the hash of every complete
 * subtree, and the signed checkpoints and witness cosignatures over them. Every event already in
 * the ledger becomes a leaf, in sequence order, without a byte of it changing: its entry is the
 * RFC 8785 header its chain hash was computed over.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter

  await db.schema
    .createTable('ledger_tree_hashes')
    .addColumn('log', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull()) // lowercase hex, 64 digits (backups are JSON)
    // Level 0 only: the event this leaf is.
    .addColumn('seq', 'integer')
    .addPrimaryKeyConstraint('ledger_tree_hashes_pk', ['log', 'level', 'idx'])
    .execute()
  await db.schema
    .createIndex('ledger_tree_hashes_seq_idx')
    .on('ledger_tree_hashes')
    .column('seq')
    .unique()
    .execute()

  await db.schema
    .createTable('ledger_tree_checkpoints')
    .addColumn('log', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    /** The C2SP signed note, as signed by the log key (cosignatures are kept apart). */
    .addColumn('note', 'text', (c) => c.notNull())
    /** The signing key: hex of its 4-byte note key ID, and its SPKI (base64). */
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('spki', 'text', (c) => c.notNull())
    .addColumn('made_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_tree_checkpoints_pk', ['log', 'size'])
    .execute()

  await db.schema
    .createTable('ledger_cosignatures')
    .addColumn('log', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    /** The witness's verifier key (name+id+key), as registered. */
    .addColumn('witness', 'text', (c) => c.notNull())
    /** The whole signature line, ready to append to the note. */
    .addColumn('line', 'text', (c) => c.notNull())
    .addColumn('timestamp', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_cosignatures_pk', ['log', 'size', 'witness'])
    .execute()

  await db.schema
    .createTable('ledger_witnesses')
    .addColumn('log', 'text', (c) => c.notNull())
    .addColumn('vkey', 'text', (c) => c.notNull())
    /** The party whose witness this is, or null for one of no party. */
    .addColumn('party_code', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_witnesses_pk', ['log', 'vkey'])
    .execute()

  // Append-only, as the ledger (0002, 0004): defence in depth; the signed roots are the guarantee.
  for (const table of ['ledger_tree_hashes', 'ledger_tree_checkpoints', 'ledger_cosignatures']) {
    if (postgres) {
      await sql`
        create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
        for each row execute function concord_ledger_append_only()`.execute(db)
      continue
    }
    await sql`
      create trigger ${sql.raw(`${table}_no_update`)} before update on ${sql.table(table)}
      begin select raise(abort, 'the audit ledger is append-only'); end`.execute(db)
    await sql`
      create trigger ${sql.raw(`${table}_no_delete`)} before delete on ${sql.table(table)}
      begin select raise(abort, 'the audit ledger is append-only'); end`.execute(db)
  }

  await backfill(db)
}

interface OldEvent {
  seq: number
  ts: string
  partnership_id: string | null
  actor_id: string | null
  actor_party: string | null
  action: string
  entity_type: string
  entity_id: string
  visibility: string
  payload_hash: string
  prev_hash: string
}

/**
 * docs/ledger-spec.md §2.4: the entry of an event is the RFC 8785 form of its header, the very
 * text its chain hash covers. Written out here so that this migration never changes: the keys in
 * code-unit order, strings as JSON.stringify writes them (RFC 8785's own rule), seq an integer.
 */
function entryOf(e: OldEvent): Buffer {
  const text = `{"action":${JSON.stringify(e.action)},"actorId":${JSON.stringify(e.actor_id)},"actorParty":${JSON.stringify(e.actor_party)},"entityId":${JSON.stringify(e.entity_id)},"entityType":${JSON.stringify(e.entity_type)},"partnershipId":${JSON.stringify(e.partnership_id)},"payloadHash":${JSON.stringify(e.payload_hash)},"prevHash":${JSON.stringify(e.prev_hash)},"seq":${Number(e.seq)},"ts":${JSON.stringify(e.ts)},"visibility":${JSON.stringify(e.visibility)}}`
  return Buffer.from(text, 'utf8')
}

const sha256 = (data: Buffer) => hash('sha256', data, 'buffer')

/**
 * Every existing event, in sequence order, becomes the next leaf of its tree. Each tree keeps
 * only its right edge (the roots of its complete subtrees) in memory, so this is O(n) hashing in
 * O(log n) memory per tree, written in batches.
 */
export async function backfill(db: Kysely<any>): Promise<void> {
  const trees = new Map<string, { size: number; edge: Buffer[] }>()
  let pending: { log: string; level: number; idx: number; hash: string; seq: number | null }[] = []
  const flush = async () => {
    for (let i = 0; i < pending.length; i += 500)
      await db
        .insertInto('ledger_tree_hashes')
        .values(pending.slice(i, i + 500))
        .execute()
    pending = []
  }
  let after = 0
  for (;;) {
    const rows = (await db
      .selectFrom('ledger_events')
      .select([
        'seq',
        'ts',
        'partnership_id',
        'actor_id',
        'actor_party',
        'action',
        'entity_type',
        'entity_id',
        'visibility',
        'payload_hash',
        'prev_hash',
      ])
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(2000)
      .execute()) as OldEvent[]
    for (const row of rows) {
      const log = row.partnership_id ?? 'deployment'
      let tree = trees.get(log)
      if (!tree) {
        tree = { size: 0, edge: [] }
        trees.set(log, tree)
      }
      const n = tree.size
      let h = sha256(Buffer.concat([Buffer.from([0]), entryOf(row)]))
      pending.push({ log, level: 0, idx: n, hash: h.toString('hex'), seq: Number(row.seq) })
      let level = 0
      for (let m = n; m % 2 === 1; m = (m - 1) / 2) {
        const left = tree.edge.pop() as Buffer
        h = sha256(Buffer.concat([Buffer.from([1]), left, h]))
        level += 1
        pending.push({
          log,
          level,
          idx: Math.floor(n / 2 ** level),
          hash: h.toString('hex'),
          seq: null,
        })
      }
      tree.edge.push(h)
      tree.size += 1
    }
    if (pending.length >= 4000) await flush()
    if (rows.length < 2000) break
    after = Number(rows[rows.length - 1]?.seq)
  }
  await flush()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'ledger_witnesses',
    'ledger_cosignatures',
    'ledger_tree_checkpoints',
    'ledger_tree_hashes',
  ])
    await db.schema.dropTable(table).execute()
}
