-- Issue 6 aging workstream: a case's installment schedule (还款计划), imported by the update-file kind
-- `installments`, and a per-client override of the agency's aging grace days (settings `agingGraceDays`).
-- The daily run ages a case from its schedule with its posted payments (FIFO, oldest installment first)
-- when it has one, else from cases.overdue_date. Paused periods are not stored here: they are derived
-- from the case's 'pause' events (case_events, 0001) and the status event that follows each.

create table case_installments (
  id bigserial primary key,
  tenant_id int not null default 1,
  case_id bigint not null references cases(id) on delete cascade,
  -- the installment number as the client numbers it (期数), 1-based
  seq int not null check (seq between 1 and 1200),
  due_date date not null,
  -- what falls due on due_date, integer minor units (fen)
  amount bigint not null check (amount >= 0),
  -- what the client says was already paid on it before placement (已还金额), minor units; our own
  -- posted payments come on top (settled FIFO by the domain)
  paid_before bigint not null default 0 check (paid_before >= 0 and paid_before <= amount),
  currency char(3) not null,
  import_id bigint references imports(id) on delete set null,
  source_row int,
  created_at timestamptz not null default now(),
  unique (case_id, seq)
);
create index case_installments_due on case_installments (case_id, due_date);

-- null = the agency default (settings agingGraceDays)
alter table clients add column aging_grace_days int check (aging_grace_days between 0 and 365);
