/**
 * Kysely table types, kept in step with `migrations/*.sql` by hand (the SQL is the source of truth).
 * bigint columns come back as JS numbers (see database.ts); dates as 'YYYY-MM-DD' strings.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Id = Generated<number>;
type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object | null = object> = JSONColumnType<T, string | T, string | T>;

export interface TeamsTable { id: Id; tenant_id: Generated<number>; name: string; created_at: Ts }
export interface ClientsTable {
  id: Id; tenant_id: Generated<number>; code: string; name: string; currency: Generated<string>;
  timezone: Generated<string>; remarks: string | null; created_at: Ts; compliance_rule_set: Generated<string>;
}
export interface UsersTable {
  id: Id; tenant_id: Generated<number>; username: string; display_name: string; password_hash: string;
  role: string; client_id: number | null; team_id: number | null; locale: Generated<string>;
  active: Generated<boolean>; must_change_password: Generated<boolean>; created_at: Ts;
  // 0003_auth
  failed_logins: Generated<number>; locked_until: Date | string | null; totp_secret: string | null;
  totp_enabled: Generated<boolean>; totp_last_step: number | null; password_changed_at: Date | string | null;
}
export interface SessionsTable { token_hash: string; user_id: number; created_at: Ts; last_seen_at: Ts; expires_at: Date | string; csrf_hash: string | null /* 0003_auth */ }
export interface BatchesTable {
  id: Id; tenant_id: Generated<number>; client_id: number; batch_no: string; placement_date: string;
  expected_return_date: string; region: string | null; product_type: string | null; commission_rate_bp: number | null;
  remarks: string | null; status: Generated<string>; created_at: Ts;
}
export interface ClientMappingsTable {
  id: Id; tenant_id: Generated<number>; client_id: number; kind: string; columns: Json; options: Json;
  updated_by: number | null; updated_at: Ts;
}
export interface ImportsTable {
  id: Id; tenant_id: Generated<number>; batch_id: number; kind: string; file_name: string; file_path: string;
  file_sha256: string; file_size: number; encoding: string | null; sheet: string | null; status: Generated<string>;
  mapping: Json | null; options: Json | null; rows: number | null; imported: number | null; updated: number | null;
  unchanged: number | null; rejected: number | null; failure: string | null; heartbeat_at: Date | string | null; created_by: number | null;
  created_at: Ts; finished_at: Date | string | null;
}
export interface ImportErrorsTable {
  import_id: number; seq: number; row_no: number; column_name: string; field: string; value: string; code: string; message: string;
}
export interface CasesTable {
  id: Id; tenant_id: Generated<number>; client_id: number; batch_id: number; status: Generated<string>;
  assigned_user_id: number | null; row_hash: string | null; client_case_ref: string | null; debtor_name: string | null;
  id_type: string | null; id_number: string | null; card_number: string | null; account_number: string | null;
  customer_number: string | null; product: string | null; currency: Generated<string>;
  placed_amount: number | null; principal: number | null; interest: number | null; penalty: number | null;
  late_fee: number | null; other_fees: number | null; overdue_amount: number | null; remaining_principal: number | null;
  remaining_interest: number | null; contract_amount: number | null; paid_amount: number | null;
  outstanding_amount: number | null; installment_amount: number | null; installments_total: number | null;
  installments_paid: number | null; overdue_installments: number | null; loan_date: string | null; due_day: number | null;
  overdue_date: string | null; overdue_date_derived: Generated<boolean>; client_dpd: number | null; client_bucket: string | null;
  last_payment_date: string | null; last_payment_amount: number | null; placement_date: string | null; return_date: string | null;
  province: string | null; city: string | null; region: string | null; employer: string | null; marital_status: string | null;
  gender: string | null; repayment_bank: string | null; repayment_account: string | null; commission_rate_bp: number | null;
  client_name: string | null; custom: Generated<Json<Record<string, string>>>; flags: Generated<string[]>;
  created_import_id: number | null; last_import_id: number | null; created_at: Ts; updated_at: Ts;
}
export interface CaseContactsTable {
  id: Id; case_id: number; seq: number; name: string | null; relation: string | null; mobile: string | null;
  work_phone: string | null; home_phone: string | null; employer: string | null; address: string | null;
}
export interface CasePhonesTable {
  id: Id; case_id: number; owner: string; contact_seq: number | null; contact_name: string | null; relation: string | null;
  kind: string; number: string; status: Generated<string>; source_import_id: number | null; created_at: Ts;
}
export interface CaseAddressesTable {
  id: Id; case_id: number; owner: Generated<string>; contact_seq: number | null; contact_name: string | null;
  kind: string; address: string; source_import_id: number | null; created_at: Ts;
}
export interface CaseCommentsTable {
  id: Id; case_id: number; body: string; body_hash: string; author_user_id: number | null; import_id: number | null; created_at: Ts;
}
export interface CaseRecordsTable {
  id: Id; case_id: number; at: Date | string | null; channel: string | null; target: string | null; result: string | null;
  note: string | null; collector: string | null; record_hash: string; import_id: number | null; created_at: Ts;
}
export interface CaseEventsTable {
  id: Id; case_id: number; type: string; reason: string | null; user_id: number | null; import_id: number | null;
  data: Json | null; at: Ts;
}
export interface AuditLogTable {
  id: Id; tenant_id: Generated<number>; at: Ts; user_id: number | null; action: string; entity: string | null;
  entity_id: string | null; data: Json | null;
  /** hash chain (0004_audit.sql): gap-free position, previous entry's hash, own SHA-256 hex; null only before sealing */
  seq: number | null; prev_hash: string | null; hash: string | null;
}
export interface ImportRowsTable {
  import_id: number; source_row: number; client_case_ref: string | null; card_bidxs: string[] | null; id_bidxs: string[] | null;
  match_shown: string | null; placement_date: string | null; match_key: string | null; row_hash: string; data: Json; children: Json; case_id: number | null; outcome: string | null;
}
export interface SettingsTable { tenant_id: Generated<number>; key: string; value: Json<any>; updated_by: number | null; updated_at: Ts }
export interface ComplianceRuleSetsTable {
  id: Id; tenant_id: Generated<number>; name: string; version: number; definition: Json<any>; description: Generated<string>;
  created_by: number | null; created_at: Ts;
}

// ---------- access (0006); columns added to existing tables by interface merging ----------
export interface TeamsTable { department_id: Generated<number | null> }
export interface UsersTable { department_id: Generated<number | null>; data_scope: Generated<string | null> }
export interface DepartmentsTable { id: Id; tenant_id: Generated<number>; name: string; created_at: Ts }
export interface UserClientsTable { user_id: number; client_id: number }
export interface RolePermissionsTable { tenant_id: Generated<number>; role: string; permissions: Json<string[]>; updated_by: number | null; updated_at: Ts }
export interface ExportRequestsTable {
  id: Id; tenant_id: Generated<number>; requested_by: number; filter: Json; format: string; reveal: Generated<boolean>; row_count: number;
  status: Generated<string>; decided_by: number | null; decided_at: Date | string | null; expires_at: Date | string | null;
  downloaded_at: Date | string | null; created_at: Ts;
}

export interface DB {
  teams: TeamsTable;
  clients: ClientsTable;
  users: UsersTable;
  sessions: SessionsTable;
  batches: BatchesTable;
  client_mappings: ClientMappingsTable;
  imports: ImportsTable;
  import_errors: ImportErrorsTable;
  import_rows: ImportRowsTable;
  cases: CasesTable;
  case_contacts: CaseContactsTable;
  case_phones: CasePhonesTable;
  case_addresses: CaseAddressesTable;
  case_comments: CaseCommentsTable;
  case_records: CaseRecordsTable;
  case_events: CaseEventsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  compliance_rule_sets: ComplianceRuleSetsTable;
  departments: DepartmentsTable;
  user_clients: UserClientsTable;
  role_permissions: RolePermissionsTable;
  export_requests: ExportRequestsTable;
}

// ---------- 0005 personal data at rest (ADR 0007): interface merging adds the blind-index and masked columns ----------
export interface CasesTable {
  id_number_bidx: string | null; id_number_masked: string | null; card_number_bidx: string | null; card_number_masked: string | null;
}
export interface CasePhonesTable { number_bidx: string | null; number_masked: string | null }
export interface CaseAddressesTable { address_bidx: string | null; address_masked: string | null }

// ---------- 0008 contacts: contact records, flags, code tables, promises, case work fields ----------
export interface CasesTable {
  first_contact_at: Date | string | null; last_contact_at: Date | string | null; last_result_code: string | null;
  next_follow_up_at: Date | string | null; priority: Generated<number>; queue_team_id: number | null; assigned_at: Date | string | null;
}
export interface ContactRecordsTable {
  id: Id; tenant_id: Generated<number>; case_id: number; debtor_key: string | null; at: Date | string; channel: string;
  direction: Generated<string>; phone_id: number | null; address_id: number | null; target: string | null; target_masked: string | null;
  party: Generated<string>; relation: string | null; purpose: Generated<string>; action_code: string | null; result_code: string | null;
  outcome: string | null; note: string | null; duration_seconds: number | null; next_follow_up_at: Date | string | null;
  status: Generated<string>; decision: string | null; reasons: ColumnType<Array<{ ruleId: string; message: string; source: string }>, string | undefined, string>;
  rule_set: string | null; rule_set_version: number | null; override_by: number | null; override_reason: string | null;
  source: Generated<string>; source_ref: string | null; created_by: number | null; created_at: Ts;
}
export interface ContactRecordNotesTable { id: Id; record_id: number; body: string; author_user_id: number | null; created_at: Ts }
export interface CaseFlagsTable {
  id: Id; tenant_id: Generated<number>; case_id: number | null; debtor_key: string | null; flag: string; phone_id: number | null;
  note: string | null; set_by: number | null; set_at: Date | string; until: Date | string | null;
  cleared_by: number | null; cleared_at: Date | string | null; clear_reason: string | null;
}
export interface ContactPreferencesTable {
  id: Id; tenant_id: Generated<number>; case_id: number | null; debtor_key: string | null; channel: string | null;
  not_before: string | null; not_after: string | null; note: string | null; set_by: number | null; set_at: Date | string;
  cleared_by: number | null; cleared_at: Date | string | null;
}
export interface ContactCodesTable {
  id: Id; tenant_id: Generated<number>; kind: string; code: string; label_zh: string; label_en: string; channels: Generated<string[]>;
  outcome: string | null; party: string | null; phone_status: string | null; sets_flag: string | null;
  requires_promise: Generated<boolean>; right_party_contact: Generated<boolean>; sort: Generated<number>; active: Generated<boolean>;
}
export interface PromisesTable {
  id: Id; tenant_id: Generated<number>; case_id: number; contact_record_id: number | null; promised_on: string; amount: number;
  currency: Generated<string>; grace_days: Generated<number>; status: Generated<string>; paid_amount: Generated<number>;
  next_due_date: string | null; breaks_on: string | null; status_changed_at: Date | string | null; created_by: number | null; created_at: Ts;
  cancelled_by: number | null; cancelled_at: Date | string | null; cancel_reason: string | null;
}
export interface PromiseInstallmentsTable {
  promise_id: number; seq: number; due_date: string; amount: number; paid: Generated<number>; status: Generated<string>;
}
export interface DB {
  contact_records: ContactRecordsTable;
  contact_record_notes: ContactRecordNotesTable;
  case_flags: CaseFlagsTable;
  contact_preferences: ContactPreferencesTable;
  contact_codes: ContactCodesTable;
  promises: PromisesTable;
  promise_installments: PromiseInstallmentsTable;
}

// ---------- 0010 payments: payments, openings, allocation order and grace per client, queue views ----------
export interface ClientsTable { payment_order: Generated<string[]>; promise_grace_days: Generated<number> }
export interface BatchesTable { first_contact_days: Generated<number> }
export interface CasesTable { remaining_fees: number | null; remaining_penalty: number | null; overpaid_amount: Generated<number> }
export interface CaseBalanceOpeningsTable {
  case_id: number; fees: number; penalty: number; interest: number; principal: number; paid_before: Generated<number>; captured_at: Date | string;
}
export interface PaymentsTable {
  id: Id; tenant_id: Generated<number>; client_id: number; case_id: number; amount: number; currency: string; paid_on: string;
  channel: string | null; reference: string | null; row_key: string | null; note: string | null; source: string; import_id: number | null;
  source_row: number | null; status: string; applied_fees: Generated<number>; applied_penalty: Generated<number>;
  applied_interest: Generated<number>; applied_principal: Generated<number>; overpayment: Generated<number>;
  created_by: number | null; created_at: Date | string; approved_by: number | null; approved_at: Date | string | null;
  rejected_by: number | null; rejected_at: Date | string | null; reject_reason: string | null;
  reversed_by: number | null; reversed_at: Date | string | null; reversal_reason: string | null;
}
export interface QueueViewsTable { id: Id; tenant_id: Generated<number>; user_id: number; name: string; filter: Json<Record<string, unknown>>; created_at: Ts }
export interface DB {
  case_balance_openings: CaseBalanceOpeningsTable;
  payments: PaymentsTable;
  queue_views: QueueViewsTable;
}

// ---------- 0011 messaging: templates, providers, messages, letters, assists, notifications ----------
export interface MessageTemplatesTable {
  id: Id; tenant_id: Generated<number>; code: string; channel: string; locale: string; name: string; subject: string | null; body: string;
  version: Generated<number>; active: Generated<boolean>; updated_by: number | null; updated_at: Ts; created_at: Ts;
}
export interface MessageTemplateVersionsTable { template_id: number; version: number; subject: string | null; body: string; edited_by: number | null; edited_at: Ts }
export interface MessagingProvidersTable {
  id: Id; tenant_id: Generated<number>; channel: string; kind: string; settings: Json<Record<string, unknown>>; secret: string | null; updated_by: number | null; updated_at: Ts;
}
export interface MessagesTable {
  id: Id; tenant_id: Generated<number>; case_id: number; channel: string; template_id: number | null; template_version: number | null;
  contact_record_id: number | null; source_ref: string; status: string; provider_ref: string | null; target_masked: string | null;
  error: string | null; created_by: number | null; created_at: Ts; updated_at: Ts;
}
export interface LettersTable {
  id: Id; tenant_id: Generated<number>; letter_no: string; case_id: number; template_id: number | null; template_version: number | null;
  address_id: number | null; address_masked: string | null; letter_date: string; due_date: string | null; contact_record_id: number | null; print_batch: string | null;
  status: Generated<string>; status_changed_by: number | null; status_changed_at: Date | string | null; created_by: number | null; created_at: Ts;
}
export interface AssistTypesTable { tenant_id: Generated<number>; type: string; sla_hours: number }
export interface AssistRequestsTable {
  id: Id; tenant_id: Generated<number>; case_id: number; type: string; team_id: number; note: string | null; requested_by: number;
  requested_at: Date | string; due_at: Date | string; status: Generated<string>; assignee_id: number | null; taken_at: Date | string | null;
  completed_at: Date | string | null; result: string | null; created_at: Ts;
}
export interface NotificationsTable {
  id: Id; tenant_id: Generated<number>; user_id: number; kind: string; entity: string | null; entity_id: number | null;
  data: Json<Record<string, unknown>>; read_at: Date | string | null; created_at: Date | string;
}
export interface DB {
  message_templates: MessageTemplatesTable;
  message_template_versions: MessageTemplateVersionsTable;
  messaging_providers: MessagingProvidersTable;
  messages: MessagesTable;
  letters: LettersTable;
  assist_types: AssistTypesTable;
  assist_requests: AssistRequestsTable;
  notifications: NotificationsTable;
}

// ---------- 0012 allocation ----------
export interface UsersTable {
  alloc_capacity: Generated<number>; alloc_regions: string[] | null; alloc_products: string[] | null;
  alloc_languages: string[] | null; skill_level: Generated<number>;
}
export interface TeamsTable { alloc_capacity: number | null }
export interface CasesTable {
  language: string | null; required_skill: Generated<number>; returned_at: Date | string | null; return_reason: string | null;
}
export interface AllocationsTable {
  id: Id; tenant_id: Generated<number>; kind: string; params: Json<Record<string, unknown>>; summary: Json<Record<string, unknown>>; token: string | null;
  moved: Generated<number>; created_by: number | null; created_at: Ts;
}
export interface DB {
  allocations: AllocationsTable;
}

// ---------- 0013 strategy engine: strategies, versions, daily runs, snapshots, action outbox ----------
export interface StrategiesTable {
  id: Id; tenant_id: Generated<number>; name: string; client_id: number | null; active: Generated<boolean>;
  current_version: Generated<number>; created_by: number | null; created_at: Ts; updated_at: Ts;
}
export interface StrategyVersionsTable {
  strategy_id: number; version: number; definition: Json<{ segments: unknown[] }>; note: string | null; created_by: number | null; created_at: Ts;
}
export interface DailyRunsTable {
  id: Id; tenant_id: Generated<number>; run_day: string; status: Generated<string>; trigger: Generated<string>; started_by: number | null;
  started_at: Date | string; heartbeat_at: Date | string | null; finished_at: Date | string | null; cursor_case_id: Generated<number>;
  cases_aged: Generated<number>; actions_done: Generated<number>; actions_blocked: Generated<number>; actions_failed: Generated<number>;
  attempts: Generated<number>; error: string | null;
}
export interface CaseSnapshotsTable {
  day: string; case_id: number; tenant_id: Generated<number>; client_id: number; dpd: number; bucket: string | null; outstanding: number | null;
  currency: Generated<string>; assigned_user_id: number | null; strategy_id: number | null; strategy_version: number | null;
  segment_id: string | null; arm: string | null;
}
export interface StrategyActionsTable {
  id: Id; tenant_id: Generated<number>; run_day: string; case_id: number; strategy_id: number | null; strategy_version: number | null;
  segment_id: string; arm: string | null; action_type: string; action: Json<Record<string, unknown>>; idempotency_key: string;
  status: Generated<string>; reasons: Generated<Json<Array<{ ruleId: string; message: string; source: string }>>>;
  contact_record_id: number | null; created_at: Ts; done_at: Date | string | null;
}
export interface DB {
  strategies: StrategiesTable;
  strategy_versions: StrategyVersionsTable;
  daily_runs: DailyRunsTable;
  case_snapshots: CaseSnapshotsTable;
  strategy_actions: StrategyActionsTable;
}

// ---------- 0014 installments and aging: case schedules, per-client aging grace ----------
export interface CaseInstallmentsTable {
  id: Id; tenant_id: Generated<number>; case_id: number; seq: number; due_date: string; amount: number; paid_before: Generated<number>;
  currency: string; import_id: number | null; source_row: number | null; created_at: Ts;
}
export interface ClientsTable { aging_grace_days: number | null }
export interface DB {
  case_installments: CaseInstallmentsTable;
}

// ---------- 0016 search guard (ADR 0012): guesses that found no case, per user ----------
export interface SearchGuessesTable {
  id: Id; tenant_id: Generated<number>; user_id: number; at: Date | string; kind: 'identifier' | 'name';
}
export interface DB {
  search_guesses: SearchGuessesTable;
}
