-- Access control (issue 3 point 2 and the approval part of 6): departments above teams, a per-user
-- data scope with its departments/clients, the live role → permission matrix (overrides of the
-- defaults in @recova/contracts ROLE_PERMISSIONS), and export requests awaiting approval.
-- Depends only on 0001/0002.
create table departments (
  id bigserial primary key,
  tenant_id int not null default 1,
  name text not null,
  created_at timestamptz not null default now(),
  unique (tenant_id, name)
);

alter table teams add column department_id bigint references departments(id);
-- A user's department is their team's; department_id on the user is for users without a team
-- (e.g. a department manager).
alter table users add column department_id bigint references departments(id);
-- null = the role's default scope (collector own, team_lead team, manager/admin all, client_viewer client)
alter table users add column data_scope text check (data_scope in ('own', 'team', 'department', 'clients', 'client', 'all'));
create index users_team on users (team_id);
create index users_department on users (department_id);
create index teams_department on teams (department_id);

-- The clients a user with the 'clients' data scope may see.
create table user_clients (
  user_id bigint not null references users(id) on delete cascade,
  client_id bigint not null references clients(id) on delete cascade,
  primary key (user_id, client_id)
);
create index user_clients_client on user_clients (client_id);

-- A row exists only for a role whose permissions an administrator changed.
create table role_permissions (
  tenant_id int not null default 1,
  role text not null check (role in ('admin', 'manager', 'team_lead', 'collector', 'client_viewer')),
  permissions jsonb not null,
  updated_by bigint references users(id),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, role)
);

create table export_requests (
  id bigserial primary key,
  tenant_id int not null default 1,
  requested_by bigint not null references users(id),
  filter jsonb not null,
  format text not null,
  reveal boolean not null default false,
  row_count int not null,
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'downloaded')),
  decided_by bigint references users(id),
  decided_at timestamptz,
  expires_at timestamptz,
  downloaded_at timestamptz,
  created_at timestamptz not null default now()
);
create index export_requests_requester on export_requests (requested_by, id);
create index export_requests_status on export_requests (status, id);
