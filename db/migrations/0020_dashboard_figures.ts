import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time. The dashboard's counts kept as they change (docs/decisions/0026): proposals by
 * partnership, workstream, state and draft owner, and decisions by month, maintained by triggers
 * in the transaction of every write that touches them, so `stats.dashboard` reads a handful of
 * rows instead of grouping the whole record. Derived data, like the search index: a backup leaves
 * them out and the triggers rebuild them as a restore inserts the rows.
 *
 * `workstream_key` is the workstream's id or '' for none; `draft_party` is the author's party
 * while the proposal was never submitted (only that party may count it) and '' once submitted.
 * A count may fall to 0 and stay as a row; readers skip zeros.
 *
 * `stats_ready` holds when each proposal last became ready for sign-off, the `ts` of its latest
 * `proposal.ready_for_signoff` event, kept by a trigger on the ledger's insert: the dashboard
 * measures sign-off times from it without searching the ledger.
 *
 * Two indexes serve the bounded windows the dashboard reads (its latest decisions and sign-offs)
 * and one its overdue list.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter.supportsTransactionalDdl
  await sql`
    create table stats_proposal_counts (
      partnership_id text not null,
      workstream_key text not null,
      state text not null,
      draft_party text not null,
      n integer not null,
      primary key (partnership_id, workstream_key, state, draft_party)
    )`.execute(db)
  await sql`
    create table stats_decision_months (
      partnership_id text not null,
      month text not null,
      n integer not null,
      primary key (partnership_id, month)
    )`.execute(db)
  await sql`create index decisions_created_idx on decisions (partnership_id, created_at)`.execute(
    db,
  )
  await sql`create index signoffs_created_idx on signoffs (created_at)`.execute(db)
  await sql`create index proposals_decide_by_idx on proposals (partnership_id, decide_by)`.execute(
    db,
  )
  await sql`
    create table stats_ready (
      proposal_id text not null primary key,
      ready_at text not null
    )`.execute(db)
  if (postgres) await triggersPostgres(db)
  else await triggersSqlite(db)
  await sql`
    insert into stats_ready (proposal_id, ready_at)
    select entity_id, max(ts) from ledger_events
    where action = 'proposal.ready_for_signoff' and entity_type = 'proposal'
    group by entity_id`.execute(db)

  await sql`
    insert into stats_proposal_counts (partnership_id, workstream_key, state, draft_party, n)
    select partnership_id, coalesce(workstream_id, ''), state,
      case when submitted_at is null then author_party else '' end, count(*)
    from proposals
    group by partnership_id, coalesce(workstream_id, ''), state,
      case when submitted_at is null then author_party else '' end`.execute(db)
  await sql`
    insert into stats_decision_months (partnership_id, month, n)
    select partnership_id, substr(created_at, 1, 7), count(*)
    from decisions
    group by partnership_id, substr(created_at, 1, 7)`.execute(db)
}

/** The key columns of a proposal row (`r` is `new` or `old`). */
const proposalKey = (r: 'new' | 'old') =>
  sql.raw(`${r}.partnership_id, coalesce(${r}.workstream_id, ''), ${r}.state,
    case when ${r}.submitted_at is null then ${r}.author_party else '' end`)
const proposalMatch = (r: 'new' | 'old') =>
  sql.raw(`partnership_id = ${r}.partnership_id
    and workstream_key = coalesce(${r}.workstream_id, '') and state = ${r}.state
    and draft_party = case when ${r}.submitted_at is null then ${r}.author_party else '' end`)
/** Whether an update moves a proposal to another key; `differ` is the null-safe inequality. */
const proposalKeyChanged = (differ: 'is distinct from' | 'is not') =>
  sql.raw(`old.partnership_id ${differ} new.partnership_id
    or old.workstream_id ${differ} new.workstream_id or old.state ${differ} new.state
    or (old.submitted_at is null) <> (new.submitted_at is null)
    or old.author_party ${differ} new.author_party`)

const readyUpsert = sql`insert into stats_ready (proposal_id, ready_at) values (new.entity_id, new.ts)
  on conflict (proposal_id) do update set ready_at = excluded.ready_at;`

async function triggersSqlite(db: Kysely<any>) {
  const add = (r: 'new' | 'old') => sql`
    insert into stats_proposal_counts (partnership_id, workstream_key, state, draft_party, n)
      values (${proposalKey(r)}, 1)
      on conflict (partnership_id, workstream_key, state, draft_party) do update set n = n + 1;`
  const remove = (r: 'new' | 'old') =>
    sql`update stats_proposal_counts set n = n - 1 where ${proposalMatch(r)};`
  const addMonth = (r: 'new' | 'old') => sql`
    insert into stats_decision_months (partnership_id, month, n)
      values (${sql.raw(`${r}.partnership_id, substr(${r}.created_at, 1, 7)`)}, 1)
      on conflict (partnership_id, month) do update set n = n + 1;`
  const removeMonth = (r: 'new' | 'old') => sql`
    update stats_decision_months set n = n - 1
      where ${sql.raw(`partnership_id = ${r}.partnership_id and month = substr(${r}.created_at, 1, 7)`)};`
  for (const statement of [
    sql`create trigger stats_proposal_ai after insert on proposals begin ${add('new')} end`,
    sql`create trigger stats_proposal_ad after delete on proposals begin ${remove('old')} end`,
    sql`create trigger stats_proposal_au
      after update of partnership_id, workstream_id, state, submitted_at, author_party on proposals
      when ${proposalKeyChanged('is not')}
      begin ${remove('old')} ${add('new')} end`,
    sql`create trigger stats_ready_ai after insert on ledger_events
      when new.action = 'proposal.ready_for_signoff' and new.entity_type = 'proposal'
      begin ${readyUpsert} end`,
    sql`create trigger stats_decision_ai after insert on decisions begin ${addMonth('new')} end`,
    sql`create trigger stats_decision_ad after delete on decisions begin ${removeMonth('old')} end`,
    sql`create trigger stats_decision_au after update of partnership_id, created_at on decisions
      when old.partnership_id is not new.partnership_id
        or substr(old.created_at, 1, 7) is not substr(new.created_at, 1, 7)
      begin ${removeMonth('old')} ${addMonth('new')} end`,
  ]) {
    await statement.execute(db)
  }
}

async function triggersPostgres(db: Kysely<any>) {
  for (const statement of [
    sql`create function stats_proposal_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and not (${proposalKeyChanged('is distinct from')}) then
        return null;
      end if;
      if tg_op in ('UPDATE', 'DELETE') then
        update stats_proposal_counts set n = n - 1 where ${proposalMatch('old')};
      end if;
      if tg_op in ('UPDATE', 'INSERT') then
        insert into stats_proposal_counts (partnership_id, workstream_key, state, draft_party, n)
          values (${proposalKey('new')}, 1)
          on conflict (partnership_id, workstream_key, state, draft_party)
          do update set n = stats_proposal_counts.n + 1;
      end if;
      return null;
    end $$`,
    sql`create trigger stats_proposal_aiud after insert or delete or update of partnership_id,
      workstream_id, state, submitted_at, author_party on proposals
      for each row execute function stats_proposal_changed()`,
    sql`create function stats_ready_recorded() returns trigger language plpgsql as $$
    begin
      ${readyUpsert}
      return null;
    end $$`,
    sql`create trigger stats_ready_ai after insert on ledger_events for each row
      when (new.action = 'proposal.ready_for_signoff' and new.entity_type = 'proposal')
      execute function stats_ready_recorded()`,
    sql`create function stats_decision_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.partnership_id = new.partnership_id
          and substr(old.created_at, 1, 7) = substr(new.created_at, 1, 7) then
        return null;
      end if;
      if tg_op in ('UPDATE', 'DELETE') then
        update stats_decision_months set n = n - 1
          where partnership_id = old.partnership_id and month = substr(old.created_at, 1, 7);
      end if;
      if tg_op in ('UPDATE', 'INSERT') then
        insert into stats_decision_months (partnership_id, month, n)
          values (new.partnership_id, substr(new.created_at, 1, 7), 1)
          on conflict (partnership_id, month) do update set n = stats_decision_months.n + 1;
      end if;
      return null;
    end $$`,
    sql`create trigger stats_decision_aiud after insert or delete or update of partnership_id,
      created_at on decisions for each row execute function stats_decision_changed()`,
  ]) {
    await statement.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter.supportsTransactionalDdl
  if (postgres) {
    await sql`drop trigger stats_proposal_aiud on proposals`.execute(db)
    await sql`drop trigger stats_decision_aiud on decisions`.execute(db)
    await sql`drop trigger stats_ready_ai on ledger_events`.execute(db)
    await sql`drop function stats_ready_recorded()`.execute(db)
    await sql`drop function stats_proposal_changed()`.execute(db)
    await sql`drop function stats_decision_changed()`.execute(db)
  } else {
    for (const name of [
      'stats_proposal_ai',
      'stats_proposal_ad',
      'stats_proposal_au',
      'stats_decision_ai',
      'stats_decision_ad',
      'stats_decision_au',
      'stats_ready_ai',
    ])
      await sql`drop trigger ${sql.raw(name)}`.execute(db)
  }
  await sql`drop table stats_ready`.execute(db)
  await sql`drop index proposals_decide_by_idx`.execute(db)
  await sql`drop index signoffs_created_idx`.execute(db)
  await sql`drop index decisions_created_idx`.execute(db)
  await sql`drop table stats_decision_months`.execute(db)
  await sql`drop table stats_proposal_counts`.execute(db)
}
