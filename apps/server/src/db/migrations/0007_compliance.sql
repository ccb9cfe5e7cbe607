-- Saved compliance rule sets (issue 4): every save is a new version; old versions stay for the record
-- of which rules a past decision used. `definition` is { kind: 'extend', base, rules } or
-- { kind: 'complete', rules } (SaveRuleSetBody in @recova/contracts).
create table compliance_rule_sets (
  id bigserial primary key,
  tenant_id int not null default 1,
  name text not null,
  version int not null,
  definition jsonb not null,
  description text not null default '',
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  unique (tenant_id, name, version)
);

-- The rule set a client's cases are checked against: a preset (CN, US, UK) or a saved set's name.
alter table clients add column compliance_rule_set text not null default 'CN';
