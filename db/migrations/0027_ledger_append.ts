import { type Kysely, PostgresAdapter, sql } from 'kysely'

/**
 * Frozen in time. The ledger's append on PostgreSQL as one function call (ADR 0038): the event
 * and its Merkle tree hashes, inserted only if the ledger's head and the tree's last leaf are the
 * ones the caller sealed the event against. Otherwise nothing is written and the function says
 * what the tip is: the head, the tree's size and its right edge (per level, the hash of the last
 * complete subtree), so the caller seals again and calls once more.
 *
 * A function rather than a statement: PL/pgSQL keeps its statements planned per connection, so an
 * append costs one round trip and no planning (the same as one statement cost planning it each
 * time, as long again as running it). SQLite runs the same steps as statements
 * (server/audit/ledger-tip.ts): there a statement is a function call already.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return
  await sql`
    create function concord_ledger_append(
      p_seq integer, p_ts text, p_partnership_id text, p_actor_id text, p_actor_party text,
      p_action text, p_entity_type text, p_entity_id text, p_visibility text, p_payload text,
      p_payload_hash text, p_prev_hash text, p_hash text, p_entry_version integer,
      p_payload_salt text, p_log text, p_last_leaf text,
      p_levels integer[], p_idxs integer[], p_hashes text[],
      out appended boolean, out head_seq integer, out head_hash text, out tree_size integer,
      out edge text[]
    ) language plpgsql as $$
    declare
      last_leaf text;
    begin
      select e.seq, e.hash into head_seq, head_hash from ledger_events e order by e.seq desc limit 1;
      head_seq := coalesce(head_seq, 0);
      head_hash := coalesce(head_hash, repeat('0', 64));
      select h.idx + 1, h.hash into tree_size, last_leaf from ledger_tree_hashes h
        where h.log = p_log and h.level = 0 order by h.idx desc limit 1;
      tree_size := coalesce(tree_size, 0);
      appended := coalesce(head_seq = p_seq - 1 and head_hash = p_prev_hash
        and tree_size = p_idxs[1] and coalesce(last_leaf, '') = coalesce(p_last_leaf, ''), false);
      if appended then
        insert into ledger_events (seq, ts, partnership_id, actor_id, actor_party, action,
          entity_type, entity_id, visibility, payload, payload_hash, prev_hash, hash,
          entry_version, payload_salt)
        values (p_seq, p_ts, p_partnership_id, p_actor_id, p_actor_party, p_action,
          p_entity_type, p_entity_id, p_visibility, p_payload, p_payload_hash, p_prev_hash, p_hash,
          p_entry_version, p_payload_salt);
        insert into ledger_tree_hashes (log, level, idx, hash, seq)
          select p_log, w.level, w.idx, w.hash, case when w.level = 0 then p_seq end
          from unnest(p_levels, p_idxs, p_hashes) as w (level, idx, hash);
        return;
      end if;
      -- Not appended: the right edge of the tree as it is, level by level.
      select array_agg(h.hash order by l.level) into edge
        from generate_series(0, 30) as l (level)
        join ledger_tree_hashes h
          on h.log = p_log and h.level = l.level and h.idx = (tree_size >> l.level) - 1
        where (tree_size >> l.level) >= 1;
    end $$`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return
  await sql`drop function concord_ledger_append`.execute(db)
}
