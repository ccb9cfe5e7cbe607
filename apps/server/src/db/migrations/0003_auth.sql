-- Authentication hardening (issue 3 §1): lockout counters, TOTP two-factor, per-session CSRF token.
alter table users add column failed_logins int not null default 0;
alter table users add column locked_until timestamptz;
-- base32 TOTP secret (RFC 6238); set by setup, active once totp_enabled. Plain text until the PII
-- encryption workstream wraps it.
alter table users add column totp_secret text;
alter table users add column totp_enabled boolean not null default false;
-- last accepted TOTP time step (unix seconds / 30): a code is never accepted twice
alter table users add column totp_last_step bigint;
alter table users add column password_changed_at timestamptz;
-- SHA-256 of the session's CSRF token (synchronizer token, OWASP CSRF Prevention Cheat Sheet)
alter table sessions add column csrf_hash text;
