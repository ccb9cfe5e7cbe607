-- System settings (security policy, watermark, export approval threshold): one row per key,
-- value validated by SettingsSchema in @recova/contracts; missing keys take the schema default.
create table settings (
  tenant_id int not null default 1,
  key text not null,
  value jsonb not null,
  updated_by bigint references users(id),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, key)
);
