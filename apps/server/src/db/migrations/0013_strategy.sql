-- Issue 6: strategies as data (versioned, every save a new version), the daily run (aging, snapshots,
-- strategy evaluation) and the outbox of strategy actions it enqueues.

-- A strategy: one row per strategy, its definitions in strategy_versions (never overwritten). At most one
-- active strategy per client; an active strategy with no client is the default for every other client.
create table strategies (
  id bigserial primary key,
  tenant_id int not null default 1,
  name text not null,
  client_id bigint references clients(id),
  active boolean not null default false,
  current_version int not null default 1,
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index strategies_one_active on strategies (tenant_id, coalesce(client_id, 0)) where active;

create table strategy_versions (
  strategy_id bigint not null references strategies(id) on delete cascade,
  version int not null,
  definition jsonb not null,      -- { segments: Segment[] } (packages/domain/src/strategy/strategy.ts)
  note text,
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  primary key (strategy_id, version)
);

-- One daily run per day: the durable record of the job (status, progress cursor, counts). A run left
-- 'running' with an old heartbeat was interrupted and is resumed by the next start for that day.
create table daily_runs (
  id bigserial primary key,
  tenant_id int not null default 1,
  run_day date not null,
  status text not null default 'running' check (status in ('running', 'done', 'failed')),
  trigger text not null default 'manual' check (trigger in ('schedule', 'manual', 'cli')),
  started_by bigint references users(id),
  started_at timestamptz not null,
  heartbeat_at timestamptz,
  finished_at timestamptz,
  cursor_case_id bigint not null default 0,   -- last case id whose snapshot and actions are written
  cases_aged int not null default 0,
  actions_done int not null default 0,
  actions_blocked int not null default 0,
  actions_failed int not null default 0,
  attempts int not null default 1,
  error text,
  unique (tenant_id, run_day)
);

-- Daily snapshot per active case (reports, roll rates): bucket and DPD as of the day.
create table case_snapshots (
  day date not null,
  case_id bigint not null references cases(id) on delete cascade,
  tenant_id int not null default 1,
  client_id bigint not null references clients(id),
  dpd int not null,
  bucket text,
  outstanding bigint,
  currency char(3) not null default 'CNY',
  assigned_user_id bigint references users(id),
  strategy_id bigint references strategies(id),
  strategy_version int,
  segment_id text,
  arm text check (arm in ('champion', 'challenger')),
  primary key (day, case_id)
);
create index case_snapshots_case on case_snapshots (case_id, day);

-- Outbox of actions the strategy decided. The idempotency key is unique per (day, case, action): a rerun
-- of the day inserts nothing twice and sends nothing twice.
create table strategy_actions (
  id bigserial primary key,
  tenant_id int not null default 1,
  run_day date not null,
  case_id bigint not null references cases(id) on delete cascade,
  strategy_id bigint references strategies(id),
  strategy_version int,
  segment_id text not null,
  arm text,
  action_type text not null,
  action jsonb not null,
  idempotency_key text not null,
  status text not null default 'pending' check (status in ('pending', 'done', 'blocked', 'failed')),
  reasons jsonb not null default '[]',
  contact_record_id bigint references contact_records(id) on delete set null,
  created_at timestamptz not null default now(),
  done_at timestamptz,
  unique (tenant_id, idempotency_key)
);
create index strategy_actions_day on strategy_actions (run_day, status);
create index strategy_actions_case on strategy_actions (case_id);
