-- Issue 5 items 6 and 7: message templates (SMS, e-mail, letter; zh-CN and en-US; versioned),
-- provider settings, sent messages with their delivery status, registered letters, assisted
-- collection (协催) requests with SLA, and in-app notifications.

-- One template per (code, channel, locale). Every edit bumps `version` and keeps the old text in
-- message_template_versions (what a sent message or letter was rendered from stays known).
create table message_templates (
  id bigserial primary key,
  tenant_id int not null default 1,
  code text not null,
  channel text not null check (channel in ('sms', 'email', 'letter')),
  locale text not null check (locale in ('zh-CN', 'en-US')),
  name text not null,
  subject text,
  body text not null,
  version int not null default 1,
  active boolean not null default true,
  updated_by bigint references users(id),
  updated_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  unique (tenant_id, code, channel, locale)
);

create table message_template_versions (
  template_id bigint not null references message_templates(id) on delete cascade,
  version int not null,
  subject text,
  body text not null,
  edited_by bigint references users(id),
  edited_at timestamptz not null default now(),
  primary key (template_id, version)
);

-- Provider settings per channel ('sms' → an HTTP provider, 'email' → SMTP). `settings` holds the
-- non-secret part (URL, account id, sender, host, port, user); `secret` the auth token or SMTP
-- password, encrypted with the data key (AAD 'messaging_providers.secret'), never returned or logged.
create table messaging_providers (
  id bigserial not null unique,  -- for key rotation (security/pii-legacy.ts re-seals by id)
  tenant_id int not null default 1,
  channel text not null check (channel in ('sms', 'email')),
  kind text not null,
  settings jsonb not null default '{}',
  secret text,
  updated_by bigint references users(id),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, channel)
);

-- Every SMS / e-mail send, linked to its contact record (blocked ones too, with status 'blocked').
-- No rendered text is kept (it holds personal data): template id + version re-render it.
create table messages (
  id bigserial primary key,
  tenant_id int not null default 1,
  case_id bigint not null references cases(id) on delete cascade,
  channel text not null check (channel in ('sms', 'email')),
  template_id bigint references message_templates(id) on delete set null,
  template_version int,
  contact_record_id bigint references contact_records(id) on delete set null,
  source_ref text not null,
  status text not null check (status in ('blocked', 'queued', 'sent', 'delivered', 'failed')),
  provider_ref text,
  target_masked text,
  error text,
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, channel, source_ref)
);
create index messages_case on messages (case_id, created_at);
create index messages_provider_ref on messages (channel, provider_ref) where provider_ref is not null;

-- Letters: one row per generated letter, numbered per year (XH2026-000001).
create table letters (
  id bigserial primary key,
  tenant_id int not null default 1,
  letter_no text not null,
  case_id bigint not null references cases(id) on delete cascade,
  template_id bigint references message_templates(id) on delete set null,
  template_version int,
  address_id bigint references case_addresses(id) on delete set null,
  address_masked text,
  letter_date date not null,
  due_date date,             -- the payment date the letter asks for (re-rendering gives the same text)
  contact_record_id bigint references contact_records(id) on delete set null,
  print_batch text,
  status text not null default 'generated' check (status in ('generated', 'blocked', 'printed', 'sent', 'returned')),
  status_changed_by bigint references users(id),
  status_changed_at timestamptz,
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  unique (tenant_id, letter_no)
);
create index letters_case on letters (case_id);

-- Assisted collection (协催): SLA hours per request type (editable).
create table assist_types (
  tenant_id int not null default 1,
  type text not null,
  sla_hours int not null check (sla_hours > 0),
  primary key (tenant_id, type)
);
insert into assist_types (type, sla_hours) values ('locate', 72), ('verify', 48), ('letter', 24), ('visit', 120), ('legal', 72);

create table assist_requests (
  id bigserial primary key,
  tenant_id int not null default 1,
  case_id bigint not null references cases(id) on delete cascade,
  type text not null check (type in ('locate', 'verify', 'letter', 'visit', 'legal')),
  team_id bigint not null references teams(id),
  note text,
  requested_by bigint not null references users(id),
  requested_at timestamptz not null,
  due_at timestamptz not null,
  status text not null default 'open' check (status in ('open', 'in_progress', 'done', 'cancelled')),
  assignee_id bigint references users(id),
  taken_at timestamptz,
  completed_at timestamptz,
  result text,
  created_at timestamptz not null default now()
);
create index assist_requests_queue on assist_requests (team_id, status, due_at);
create index assist_requests_case on assist_requests (case_id);

-- In-app notifications (the header badge). `data` holds ids and codes, no personal data.
create table notifications (
  id bigserial primary key,
  tenant_id int not null default 1,
  user_id bigint not null references users(id) on delete cascade,
  kind text not null,
  entity text,
  entity_id bigint,
  data jsonb not null default '{}',
  read_at timestamptz,
  created_at timestamptz not null
);
create index notifications_user on notifications (user_id, read_at, created_at);

-- Default templates (editable; each starts at version 1).
insert into message_templates (code, channel, locale, name, subject, body) values
  ('reminder', 'sms', 'zh-CN', '还款提醒短信', null,
   '【{{clientName}}】{{debtorName}}您好，您的账户{{caseRef}}尚欠{{outstanding}}元，请于{{dueDate}}前还款。如有疑问请致电{{collectorPhone}}。'),
  ('reminder', 'sms', 'en-US', 'Payment reminder SMS', null,
   '{{clientName}}: Dear {{debtorName}}, account {{caseRef}} has {{currency}} {{outstanding}} outstanding. Please pay by {{dueDate}}. Questions: {{collectorPhone}}.'),
  ('reminder', 'email', 'zh-CN', '还款提醒邮件', '还款提醒：{{caseRef}}',
   E'{{debtorName}}您好：\n\n您在{{clientName}}的账户{{caseRef}}自{{overdueDate}}起逾期，截至{{today}}尚欠{{outstanding}}元。请于{{dueDate}}前还款。\n\n{{agencyName}} {{collectorName}}\n{{collectorPhone}}'),
  ('reminder', 'email', 'en-US', 'Payment reminder e-mail', 'Payment reminder: {{caseRef}}',
   E'Dear {{debtorName}},\n\nYour {{clientName}} account {{caseRef}} has been overdue since {{overdueDate}}; as of {{today}} {{currency}} {{outstanding}} is outstanding. Please pay by {{dueDate}}.\n\n{{agencyName}} {{collectorName}}\n{{collectorPhone}}'),
  ('demand', 'letter', 'zh-CN', '催收函', '催收函',
   E'{{debtorName}}先生/女士：\n\n受{{clientName}}委托，现就您的账户（编号{{caseRef}}）逾期欠款事宜致函。截至{{today}}，您尚欠本金{{principal}}元，利息{{interest}}元，费用{{fees}}元，合计{{outstanding}}元，已逾期{{dpd}}天。\n\n请您于{{dueDate}}前将上述款项还清。如已还款，请忽略本函；如有异议，请致电{{collectorPhone}}。\n\n函件编号：{{letterNo}}'),
  ('demand', 'letter', 'en-US', 'Demand letter', 'Payment demand',
   E'Dear {{debtorName}},\n\nWe write on behalf of {{clientName}} about account {{caseRef}}. As of {{today}} the outstanding balance is {{currency}} {{outstanding}} (principal {{principal}}, interest {{interest}}, fees {{fees}}), {{dpd}} days past due.\n\nPlease pay this amount by {{dueDate}}. If you have paid, please disregard this letter; if you dispute the debt, call {{collectorPhone}}.\n\nLetter no. {{letterNo}}');
insert into message_template_versions (template_id, version, subject, body) select id, 1, subject, body from message_templates;
