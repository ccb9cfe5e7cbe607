-- Tamper-evident audit log (issue 3 point 5).
--
-- 1. Hash chain: every entry carries a gap-free sequence number `seq`, the previous entry's hash
--    `prev_hash` and its own `hash` (SHA-256 over a canonical serialisation, computed in Node:
--    modules/audit/audit-chain.ts). Rows written before this migration have no hash yet; they are
--    chained once, in id order, by `sealLegacyAuditRows` at start-up (idempotent).
-- 2. Append-only: triggers refuse UPDATE, DELETE and TRUNCATE, and refuse INSERTs without a hash.
--    The only UPDATE allowed is sealing a legacy row: setting seq/prev_hash/hash on a row that had
--    none, with every other column unchanged.
--    A superuser (or the table owner) can still bypass triggers (`session_replication_role = replica`,
--    `alter table ... disable trigger`); that is why the chain exists, and why the head hash printed by
--    `recova audit verify` should be kept outside the database (anchoring) to catch a full re-chain.
alter table audit_log add column seq bigint;
alter table audit_log add column prev_hash text;
alter table audit_log add column hash text;
create unique index audit_log_seq_key on audit_log (seq);
create index audit_log_at_idx on audit_log (at);
create index audit_log_action_idx on audit_log (action text_pattern_ops);
create index audit_log_entity_idx on audit_log (entity, entity_id);
create index audit_log_user_idx on audit_log (user_id);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    if new.seq is null or new.hash is null then
      raise exception 'audit_log is hash-chained: insert entries through audit() (seq and hash required)'
        using errcode = 'check_violation';
    end if;
    return new;
  end if;
  if tg_op = 'UPDATE' and old.hash is null and new.hash is not null and new.seq is not null
     and new.id = old.id and new.tenant_id = old.tenant_id and new.at = old.at
     and new.user_id is not distinct from old.user_id and new.action = old.action
     and new.entity is not distinct from old.entity and new.entity_id is not distinct from old.entity_id
     and new.data is not distinct from old.data then
    return new; -- sealing a row written before the chain existed
  end if;
  raise exception 'audit_log is append-only: % is not allowed', tg_op
    using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_log_append_only_row
  before insert or update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_append_only_truncate
  before truncate on audit_log
  for each statement execute function audit_log_append_only();

-- rows still to be chained (written before this migration): found without a scan at every start-up
create index audit_log_unsealed_idx on audit_log (id) where hash is null;
