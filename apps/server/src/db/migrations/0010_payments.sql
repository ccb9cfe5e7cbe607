-- Issue 5 payments workstream: payments with their waterfall split, per-client allocation order and
-- promise grace, per-batch first-contact deadline, the case's opening balance for recomputation,
-- remaining-balance columns the waterfall keeps current, and saved queue views.

-- Allocation order (domain/payments/waterfall.ts COMPONENTS, each exactly once) and the promise grace
-- (days after a due date before an unpaid promise is broken; a floor for every promise of the client).
alter table clients add column payment_order text[] not null default '{fees,penalty,interest,principal}';
alter table clients add column promise_grace_days int not null default 0 check (promise_grace_days between 0 and 60);

-- A newly assigned/placed case must be contacted within this many days (the queue shows it overdue after).
alter table batches add column first_contact_days int not null default 3 check (first_contact_days between 0 and 365);

-- What the waterfall keeps current on the case (the client's own columns principal/interest/... stay as
-- placed). overpaid_amount = money received beyond what was owed (flagged, never applied).
alter table cases add column remaining_fees bigint;
alter table cases add column remaining_penalty bigint;
alter table cases add column overpaid_amount bigint not null default 0;

-- The balance the first posted payment met: recomputation (after a reversal) starts from here.
create table case_balance_openings (
  case_id bigint primary key references cases(id) on delete cascade,
  fees bigint not null check (fees >= 0),
  penalty bigint not null check (penalty >= 0),
  interest bigint not null check (interest >= 0),
  principal bigint not null check (principal >= 0),
  paid_before bigint not null default 0,
  captured_at timestamptz not null
);

create table payments (
  id bigserial primary key,
  tenant_id int not null default 1,
  client_id bigint not null references clients(id),
  case_id bigint not null references cases(id) on delete cascade,
  amount bigint not null check (amount > 0),
  currency char(3) not null,
  paid_on date not null,
  channel text,
  reference text,
  -- without a reference an imported row is recognised on re-import by this hash (case, date, amount, channel, occurrence)
  row_key text,
  note text,
  source text not null check (source in ('import', 'manual')),
  import_id bigint references imports(id) on delete set null,
  source_row int,
  status text not null check (status in ('pending_approval', 'posted', 'rejected', 'reversed')),
  applied_fees bigint not null default 0,
  applied_penalty bigint not null default 0,
  applied_interest bigint not null default 0,
  applied_principal bigint not null default 0,
  overpayment bigint not null default 0,
  created_by bigint references users(id),
  created_at timestamptz not null,
  approved_by bigint references users(id),
  approved_at timestamptz,
  rejected_by bigint references users(id),
  rejected_at timestamptz,
  reject_reason text,
  reversed_by bigint references users(id),
  reversed_at timestamptz,
  reversal_reason text
);
-- one live payment per client reference (a rejected entry frees its reference; a reversed one keeps it)
create unique index payments_reference on payments (tenant_id, client_id, reference) where reference is not null and status <> 'rejected';
create unique index payments_row_key on payments (tenant_id, client_id, row_key) where row_key is not null;
create index payments_case on payments (case_id, paid_on);
create index payments_status on payments (tenant_id, status, paid_on);

-- Saved "My queue" views: a name and a filter, per user.
create table queue_views (
  id bigserial primary key,
  tenant_id int not null default 1,
  user_id bigint not null references users(id) on delete cascade,
  name text not null,
  filter jsonb not null default '{}',
  created_at timestamptz not null default now(),
  unique (user_id, name)
);
