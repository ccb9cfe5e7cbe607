-- Recova initial schema. Forward-only; runs on PostgreSQL 15+ and PGlite.
-- Every business table carries tenant_id (design.md §3: keeps sharding by tenant open).
-- Money columns are bigint minor units (fen/cents) with the currency on the case; never float.

create table teams (
  id bigserial primary key,
  tenant_id int not null default 1,
  name text not null,
  created_at timestamptz not null default now(),
  unique (tenant_id, name)
);

create table clients (
  id bigserial primary key,
  tenant_id int not null default 1,
  code text not null,
  name text not null,
  currency char(3) not null default 'CNY',
  timezone text not null default 'Asia/Shanghai',
  remarks text,
  created_at timestamptz not null default now(),
  unique (tenant_id, code)
);

create table users (
  id bigserial primary key,
  tenant_id int not null default 1,
  username text not null,
  display_name text not null,
  password_hash text not null,
  role text not null check (role in ('admin', 'manager', 'team_lead', 'collector', 'client_viewer')),
  client_id bigint references clients(id),
  team_id bigint references teams(id),
  locale text not null default 'zh-CN',
  active boolean not null default true,
  must_change_password boolean not null default false,
  created_at timestamptz not null default now(),
  unique (tenant_id, username),
  check (role <> 'client_viewer' or client_id is not null)
);

create table sessions (
  token_hash text primary key,
  user_id bigint not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions (user_id);

create table batches (
  id bigserial primary key,
  tenant_id int not null default 1,
  client_id bigint not null references clients(id),
  batch_no text not null,
  placement_date date not null,
  expected_return_date date not null,
  region text,
  product_type text,
  commission_rate_bp int check (commission_rate_bp between 0 and 100000),
  remarks text,
  status text not null default 'not_imported' check (status in ('not_imported', 'imported', 'closed')),
  created_at timestamptz not null default now(),
  unique (tenant_id, client_id, batch_no),
  check (expected_return_date >= placement_date)
);

-- Saved column mappings per client and import kind ("the next file from that client maps itself").
create table client_mappings (
  id bigserial primary key,
  tenant_id int not null default 1,
  client_id bigint not null references clients(id) on delete cascade,
  kind text not null,
  -- [{ header, target }] matched by normalised header, not position
  columns jsonb not null,
  options jsonb not null default '{}',
  updated_by bigint references users(id),
  updated_at timestamptz not null default now(),
  unique (client_id, kind)
);

create table imports (
  id bigserial primary key,
  tenant_id int not null default 1,
  batch_id bigint not null references batches(id),
  kind text not null,
  file_name text not null,
  file_path text not null,
  file_sha256 text not null,
  file_size bigint not null,
  encoding text,
  sheet text,
  status text not null default 'uploaded' check (status in ('uploaded', 'parsed', 'running', 'committed', 'failed')),
  mapping jsonb,
  options jsonb,
  rows int, imported int, updated int, unchanged int, rejected int,
  failure text,
  -- refreshed while a run streams rows; a "running" import with an old heartbeat was interrupted
  heartbeat_at timestamptz,
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index imports_batch on imports (batch_id);

create table import_errors (
  import_id bigint not null references imports(id) on delete cascade,
  seq int not null,
  row_no int not null,
  column_name text not null,
  field text not null,
  value text not null,
  code text not null,
  message text not null,
  primary key (import_id, seq)
);

-- Staging: valid rows of an import land here in autocommitted chunks; one short transaction then
-- merges them into cases (so a killed import never leaves a half batch, and the server stays
-- responsive while a big file streams in).
create table import_rows (
  import_id bigint not null,
  source_row int not null,
  client_case_ref text,
  card_number text,
  id_number text,
  placement_date date,
  -- the row's primary match key: ref:<case ref> | card:<card>@<date> | id:<id number>@<date>
  match_key text,
  row_hash text not null,
  data jsonb not null,
  children jsonb not null default '{}',
  case_id bigint,
  outcome text,
  primary key (import_id, source_row)
);

create table cases (
  id bigserial primary key,
  tenant_id int not null default 1,
  client_id bigint not null references clients(id),
  batch_id bigint not null references batches(id),
  status text not null default 'active' check (status in ('active', 'paused', 'closed')),
  assigned_user_id bigint references users(id),
  row_hash text,
  client_case_ref text,
  debtor_name text,
  id_type text,
  id_number text,
  card_number text,
  account_number text,
  customer_number text,
  product text,
  currency char(3) not null default 'CNY',
  placed_amount bigint,
  principal bigint,
  interest bigint,
  penalty bigint,
  late_fee bigint,
  other_fees bigint,
  overdue_amount bigint,
  remaining_principal bigint,
  remaining_interest bigint,
  contract_amount bigint,
  paid_amount bigint,
  outstanding_amount bigint,
  installment_amount bigint,
  installments_total int,
  installments_paid int,
  overdue_installments int,
  loan_date date,
  due_day int,
  overdue_date date,
  overdue_date_derived boolean not null default false,
  client_dpd int,
  client_bucket text,
  last_payment_date date,
  last_payment_amount bigint,
  placement_date date,
  return_date date,
  province text,
  city text,
  region text,
  employer text,
  marital_status text,
  gender text,
  repayment_bank text,
  repayment_account text,
  commission_rate_bp int,
  client_name text,
  custom jsonb not null default '{}',
  flags text[] not null default '{}',
  created_import_id bigint,
  last_import_id bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index cases_batch_ref on cases (batch_id, client_case_ref) where client_case_ref is not null;
create index cases_batch_card on cases (batch_id, card_number, placement_date) where card_number is not null;
create index cases_batch_idno on cases (batch_id, id_number, placement_date) where id_number is not null;
create index cases_id_number on cases (tenant_id, id_number);
create index cases_client on cases (client_id);
create index cases_assigned on cases (assigned_user_id);
create index cases_overdue on cases (overdue_date);
create index cases_ref on cases (client_case_ref);

create table case_contacts (
  id bigserial primary key,
  case_id bigint not null references cases(id) on delete cascade,
  seq int not null,
  name text,
  relation text,
  mobile text,
  work_phone text,
  home_phone text,
  employer text,
  address text,
  unique (case_id, seq)
);

create table case_phones (
  id bigserial primary key,
  case_id bigint not null references cases(id) on delete cascade,
  owner text not null check (owner in ('debtor', 'contact')),
  contact_seq int,
  contact_name text,
  relation text,
  kind text not null check (kind in ('mobile', 'home', 'work', 'other')),
  number text not null,
  status text not null default 'unverified' check (status in ('valid', 'invalid', 'unverified')),
  source_import_id bigint,
  created_at timestamptz not null default now(),
  unique (case_id, number)
);
create index case_phones_number on case_phones (number);

create table case_addresses (
  id bigserial primary key,
  case_id bigint not null references cases(id) on delete cascade,
  owner text not null default 'debtor',
  contact_seq int,
  contact_name text,
  kind text not null check (kind in ('home', 'work', 'registered', 'mailing', 'other')),
  address text not null,
  source_import_id bigint,
  created_at timestamptz not null default now(),
  unique (case_id, kind, address)
);

create table case_comments (
  id bigserial primary key,
  case_id bigint not null references cases(id) on delete cascade,
  body text not null,
  body_hash text not null,
  author_user_id bigint references users(id),
  import_id bigint,
  created_at timestamptz not null default now(),
  unique (case_id, body_hash)
);

-- Past collection records brought in by "records" imports (the workbench adds its own in issue 4).
create table case_records (
  id bigserial primary key,
  case_id bigint not null references cases(id) on delete cascade,
  at timestamptz,
  channel text,
  target text,
  result text,
  note text,
  collector text,
  record_hash text not null,
  import_id bigint,
  created_at timestamptz not null default now(),
  unique (case_id, record_hash)
);

-- What happened to a case: state changes, assignments, imports (with reason and actor).
create table case_events (
  id bigserial primary key,
  case_id bigint not null references cases(id) on delete cascade,
  type text not null,
  reason text,
  user_id bigint references users(id),
  import_id bigint,
  data jsonb,
  at timestamptz not null default now()
);
create index case_events_case on case_events (case_id);

-- Audit trail (issue 3 adds the hash chain and verification).
create table audit_log (
  id bigserial primary key,
  tenant_id int not null default 1,
  at timestamptz not null default now(),
  user_id bigint,
  action text not null,
  entity text,
  entity_id text,
  data jsonb
);
