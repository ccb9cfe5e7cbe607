-- Issue 4/5 shared foundation: contact records (催记) made through the compliance gate, flags that
-- stop or limit contact, editable action/result code tables, promises to pay, and the per-case work
-- fields the queue, the strategy engine and allocation all read.

-- Every contact attempt the agency makes or receives, including the ones the compliance engine
-- blocked (status 'blocked': not made, kept with its reasons). `debtor_key` is the case's ID-number
-- blind index at the time: frequency caps count across every case (and client) of one person.
create table contact_records (
  id bigserial primary key,
  tenant_id int not null default 1,
  case_id bigint not null references cases(id) on delete cascade,
  debtor_key text,
  at timestamptz not null,
  channel text not null check (channel in ('call', 'sms', 'email', 'letter', 'visit', 'voice_robot', 'other')),
  direction text not null default 'outbound' check (direction in ('outbound', 'inbound')),
  phone_id bigint references case_phones(id) on delete set null,
  address_id bigint references case_addresses(id) on delete set null,
  target text,              -- encrypted (PII_COLUMNS): the number, e-mail or address as used
  target_masked text,
  party text not null default 'debtor' check (party in ('debtor', 'guarantor', 'third_party', 'nobody')),
  relation text,
  purpose text not null default 'collection' check (purpose in ('collection', 'payment_request', 'locate', 'relay_message')),
  action_code text,
  result_code text,
  outcome text,             -- the engine's outcome (OUTCOMES in domain/compliance/types.ts), from the result code
  note text,
  duration_seconds int check (duration_seconds is null or duration_seconds >= 0),
  next_follow_up_at timestamptz,
  status text not null default 'made' check (status in ('made', 'blocked', 'queued', 'failed')),
  decision text check (decision in ('allow', 'warn', 'block')),
  reasons jsonb not null default '[]',
  rule_set text,
  rule_set_version int,
  override_by bigint references users(id),
  override_reason text,
  source text not null default 'manual' check (source in ('manual', 'sms', 'email', 'letter', 'strategy', 'dialer', 'visit')),
  source_ref text,          -- idempotency key of an automatic attempt (e.g. strategy run day + action)
  created_by bigint references users(id),
  created_at timestamptz not null default now()
);
create index contact_records_case on contact_records (case_id, at);
create index contact_records_debtor on contact_records (debtor_key, at) where debtor_key is not null;
create index contact_records_status on contact_records (tenant_id, status, at);
create unique index contact_records_source_ref on contact_records (tenant_id, source, source_ref) where source_ref is not null;

-- Records are not edited after a short grace period; later corrections are annotations.
create table contact_record_notes (
  id bigserial primary key,
  record_id bigint not null references contact_records(id) on delete cascade,
  body text not null,
  author_user_id bigint references users(id),
  created_at timestamptz not null default now()
);
create index contact_record_notes_record on contact_record_notes (record_id);

-- Flags that stop or limit contact (FLAGS in domain/compliance/types.ts). A flag belongs to one case
-- or, with `debtor_key`, to the person (every case with that ID number). Never deleted: clearing
-- keeps who set it, who cleared it and why.
create table case_flags (
  id bigserial primary key,
  tenant_id int not null default 1,
  case_id bigint references cases(id) on delete cascade,
  debtor_key text,
  flag text not null check (flag in ('cease', 'dispute', 'deceased', 'bankruptcy', 'legal_hold', 'vulnerable',
    'breathing_space', 'opt_out_sms', 'opt_out_email', 'do_not_call', 'complaint_open')),
  phone_id bigint references case_phones(id) on delete cascade,
  note text,
  set_by bigint references users(id),
  set_at timestamptz not null,
  until timestamptz,
  cleared_by bigint references users(id),
  cleared_at timestamptz,
  clear_reason text,
  check (case_id is not null or debtor_key is not null)
);
create index case_flags_case on case_flags (case_id) where cleared_at is null;
create index case_flags_debtor on case_flags (debtor_key) where cleared_at is null and debtor_key is not null;

-- Times and channels the debtor asked for ("call me after 18:00", "e-mail only"): the engine allows a
-- time the debtor asked for even outside the normal window (CN guideline; Reg F §1006.6(b)(1) "prior
-- consent") and, where the rule set says so, only the stated channels. `debtor_key` = person level.
create table contact_preferences (
  id bigserial primary key,
  tenant_id int not null default 1,
  case_id bigint references cases(id) on delete cascade,
  debtor_key text,
  channel text check (channel in ('call', 'sms', 'email', 'letter', 'visit', 'voice_robot')),
  not_before text check (not_before ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  not_after text check (not_after ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$'),
  note text,
  set_by bigint references users(id),
  set_at timestamptz not null,
  cleared_by bigint references users(id),
  cleared_at timestamptz,
  check (case_id is not null or debtor_key is not null)
);
create index contact_preferences_case on contact_preferences (case_id) where cleared_at is null;
create index contact_preferences_debtor on contact_preferences (debtor_key) where cleared_at is null and debtor_key is not null;

-- Editable action and result codes. A result code says what the engine should count (`outcome`),
-- what it does to the phone (`phone_status`), which flag it sets, and whether it needs a promise.
create table contact_codes (
  id bigserial primary key,
  tenant_id int not null default 1,
  kind text not null check (kind in ('action', 'result')),
  code text not null,
  label_zh text not null,
  label_en text not null,
  channels text[] not null default '{}',
  outcome text,
  party text check (party in ('debtor', 'third_party', 'nobody')),
  phone_status text check (phone_status in ('valid', 'invalid')),
  sets_flag text,
  requires_promise boolean not null default false,
  right_party_contact boolean not null default false,
  sort int not null default 0,
  active boolean not null default true,
  unique (tenant_id, kind, code)
);

insert into contact_codes (kind, code, label_zh, label_en, channels, sort) values
  ('action', 'call_debtor', '致电本人', 'Call debtor', '{call}', 10),
  ('action', 'call_contact', '致电联系人', 'Call contact', '{call}', 20),
  ('action', 'call_employer', '致电单位', 'Call employer', '{call}', 30),
  ('action', 'inbound_call', '来电', 'Inbound call', '{call}', 40),
  ('action', 'sms', '发送短信', 'Send SMS', '{sms}', 50),
  ('action', 'email', '发送邮件', 'Send e-mail', '{email}', 60),
  ('action', 'letter', '发送信函', 'Send letter', '{letter}', 70),
  ('action', 'visit', '外访', 'Field visit', '{visit}', 80),
  ('action', 'other', '其他', 'Other', '{}', 90);

insert into contact_codes (kind, code, label_zh, label_en, channels, outcome, party, phone_status, sets_flag, requires_promise, right_party_contact, sort) values
  ('result', 'ptp', '承诺还款', 'Promise to pay', '{call,visit,other}', 'conversation', 'debtor', 'valid', null, true, true, 10),
  ('result', 'refused', '拒绝还款', 'Refused to pay', '{call,visit,other}', 'conversation', 'debtor', 'valid', null, false, true, 20),
  ('result', 'dispute', '有异议', 'Dispute', '{call,visit,email,letter,other}', 'dispute', 'debtor', 'valid', 'dispute', false, true, 30),
  ('result', 'claims_paid', '声称已还款', 'Claims paid', '{call,visit,other}', 'conversation', 'debtor', 'valid', null, false, true, 40),
  ('result', 'hardship', '经济困难', 'Hardship', '{call,visit,other}', 'conversation', 'debtor', 'valid', null, false, true, 50),
  ('result', 'callback_requested', '约定回电', 'Callback requested', '{call}', 'debtor_requested_contact', 'debtor', 'valid', null, false, true, 60),
  ('result', 'cease_request', '要求停止联系', 'Asked to stop contact', '{call,visit,email,letter,sms,other}', 'cease_request', 'debtor', 'valid', 'cease', false, true, 70),
  ('result', 'third_party_message', '第三方转告', 'Message via third party', '{call,visit}', 'third_party_conversation', 'third_party', 'valid', null, false, false, 80),
  ('result', 'third_party_objection', '第三方拒绝再联系', 'Third party objects', '{call,visit}', 'third_party_objection', 'third_party', 'valid', null, false, false, 90),
  ('result', 'wrong_number', '号码错误', 'Wrong number', '{call}', 'third_party_conversation', 'third_party', 'invalid', null, false, false, 100),
  ('result', 'deceased', '本人已故', 'Debtor deceased', '{call,visit,other}', 'third_party_conversation', 'third_party', null, 'deceased', false, false, 110),
  ('result', 'no_answer', '无人接听', 'No answer', '{call}', 'no_answer', 'nobody', null, null, false, false, 120),
  ('result', 'busy', '占线', 'Busy', '{call}', 'busy', 'nobody', null, null, false, false, 130),
  ('result', 'switched_off', '关机', 'Switched off', '{call}', 'no_answer', 'nobody', null, null, false, false, 140),
  ('result', 'suspended', '停机', 'Number suspended', '{call}', 'not_in_service', 'nobody', 'invalid', null, false, false, 150),
  ('result', 'not_in_service', '空号', 'Not in service', '{call}', 'not_in_service', 'nobody', 'invalid', null, false, false, 160),
  ('result', 'left_message', '已留言', 'Left message', '{call}', 'voicemail', 'nobody', null, null, false, false, 170),
  ('result', 'sent', '已发送', 'Sent', '{sms,email,letter}', 'sent', 'debtor', null, null, false, false, 180),
  ('result', 'delivered', '已送达', 'Delivered', '{sms,email,letter}', 'delivered', 'debtor', null, null, false, false, 190),
  ('result', 'failed', '发送失败', 'Failed', '{sms,email,letter}', 'failed', 'nobody', null, null, false, false, 200),
  ('result', 'not_found', '未见到本人', 'Not found at address', '{visit}', 'no_answer', 'nobody', null, null, false, false, 210),
  ('result', 'other', '其他', 'Other', '{}', 'conversation', 'debtor', null, null, false, false, 900);

-- Promises to pay: a single amount and date is a plan of one installment. Status is computed from
-- payments by domain/ptp/promise-status.ts and stored for the queue and the statistics.
create table promises (
  id bigserial primary key,
  tenant_id int not null default 1,
  case_id bigint not null references cases(id) on delete cascade,
  contact_record_id bigint references contact_records(id) on delete set null,
  promised_on date not null,
  amount bigint not null check (amount > 0),
  currency char(3) not null default 'CNY',
  grace_days int not null default 0 check (grace_days >= 0),
  status text not null default 'pending' check (status in ('pending', 'kept', 'partially_kept', 'broken', 'cancelled')),
  paid_amount bigint not null default 0,
  next_due_date date,
  breaks_on date,
  status_changed_at timestamptz,
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  cancelled_by bigint references users(id),
  cancelled_at timestamptz,
  cancel_reason text
);
create index promises_case on promises (case_id);
create index promises_open on promises (tenant_id, status, next_due_date);

create table promise_installments (
  promise_id bigint not null references promises(id) on delete cascade,
  seq int not null,
  due_date date not null,
  amount bigint not null check (amount > 0),
  paid bigint not null default 0,
  status text not null default 'pending' check (status in ('pending', 'kept', 'partially_kept', 'broken')),
  primary key (promise_id, seq)
);

-- Work fields of a case, kept current by contact records, the strategy engine and allocation.
alter table cases add column first_contact_at timestamptz;
alter table cases add column last_contact_at timestamptz;
alter table cases add column last_result_code text;
alter table cases add column next_follow_up_at timestamptz;
alter table cases add column priority int not null default 0;
alter table cases add column queue_team_id bigint references teams(id);
alter table cases add column assigned_at timestamptz;
create index cases_follow_up on cases (assigned_user_id, next_follow_up_at) where next_follow_up_at is not null;
