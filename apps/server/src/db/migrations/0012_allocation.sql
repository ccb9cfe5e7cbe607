-- Allocation (分案, issue 6): collectors' allocation profile, case requirements, the `returned` case
-- status (退案), and the record of every allocation run (preview parameters and summary).

-- What a collector may take. Capacity is a relative weight (100 = a standard full-time collector);
-- null lists = any region / product / language; skill_level ≥ the case's required skill.
alter table users add column alloc_capacity int not null default 100 check (alloc_capacity between 1 and 10000);
alter table users add column alloc_regions text[];
alter table users add column alloc_products text[];
alter table users add column alloc_languages text[];
alter table users add column skill_level int not null default 0 check (skill_level between 0 and 9);
-- A team's share when cases go to teams as a whole (null = the sum of its active collectors' capacities).
alter table teams add column alloc_capacity int check (alloc_capacity is null or alloc_capacity between 1 and 1000000);

-- What a case needs (set by import mapping, the strategy engine or by hand): a language and a skill level.
alter table cases add column language text;
alter table cases add column required_skill int not null default 0 check (required_skill between 0 and 9);
alter table cases add column returned_at timestamptz;
alter table cases add column return_reason text check (return_reason is null or return_reason in ('batch_expiry', 'client_request'));

-- 退案: a returned case leaves every queue and allocation.
alter table cases drop constraint cases_status_check;
alter table cases add constraint cases_status_check check (status in ('active', 'paused', 'closed', 'returned'));

-- One row per committed allocation, rotation or return: parameters, summary, who and when.
create table allocations (
  id bigserial primary key,
  tenant_id int not null default 1,
  kind text not null check (kind in ('allocate', 'rotate', 'return')),
  params jsonb not null,
  summary jsonb not null,
  token text,
  moved int not null default 0,
  created_by bigint references users(id),
  created_at timestamptz not null default now()
);
create index allocations_created on allocations (tenant_id, created_at);
create index cases_status_assigned on cases (status, assigned_user_id);
