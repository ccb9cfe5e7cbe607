/**
 * Request schemas (zod, validated by the server) and response shapes shared by server and web.
 *
 * Units: money is integer minor units (fen for CNY, cents for USD) with a `currency`; dates are
 * `YYYY-MM-DD`; timestamps are ISO 8601 with offset; rates are basis points (1% = 100).
 */
import { z } from 'zod';
import { ROLES, type Role, type Permission } from './roles.ts';

/** A real calendar date `YYYY-MM-DD` (2024-02-30 is refused). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date');
const id = z.coerce.number().int().positive();

// ---------- auth ----------
export const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export interface Me {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  locale: string;
  clientId: number | null;
  teamId: number | null;
  permissions: Permission[];
  /** set by an admin-created account or a reset: every route but me/logout/password answers PASSWORD_CHANGE_REQUIRED */
  mustChangePassword?: boolean;
  /** TOTP two-factor sign-in is on for this user */
  totpEnabled?: boolean;
  /** admin/manager without TOTP while `totpRequiredForPrivileged` is on: only me/logout/password/TOTP enrolment work */
  mustEnrolTotp?: boolean;
}

// ---------- users / teams ----------
export const CreateUserBody = z.object({
  username: z.string().regex(/^[A-Za-z0-9_.-]{3,64}$/),
  displayName: z.string().min(1).max(64),
  role: z.enum(ROLES),
  password: z.string().min(8).max(256),
  clientId: id.nullish(),
  teamId: id.nullish(),
  /** the user must choose a new password at first sign-in (default true) */
  mustChangePassword: z.boolean().optional(),
});
export interface UserItem {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  clientId: number | null;
  teamId: number | null;
  active: boolean;
}
export const CreateTeamBody = z.object({ name: z.string().min(1).max(64) });
export interface TeamItem {
  id: number;
  name: string;
}

// ---------- clients ----------
export const CreateClientBody = z.object({
  code: z.string().regex(/^[A-Za-z0-9_-]{2,32}$/, 'letters, digits, _ or -, 2–32 chars'),
  name: z.string().min(1).max(128),
  currency: z.string().regex(/^[A-Z]{3}$/).default('CNY'),
  timezone: z.string().min(1).max(64).default('Asia/Shanghai'),
  remarks: z.string().max(1000).nullish(),
});
export interface ClientItem {
  id: number;
  code: string;
  name: string;
  currency: string;
  timezone: string;
  remarks: string | null;
  batchCount: number;
  caseCount: number;
  createdAt: string;
}

// ---------- batches ----------
export const BATCH_STATUSES = ['not_imported', 'imported', 'closed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export const CreateBatchBody = z.object({
  clientId: id,
  batchNo: z.string().min(1).max(64),
  placementDate: isoDate,
  expectedReturnDate: isoDate,
  region: z.string().max(64).nullish(),
  productType: z.string().max(64).nullish(),
  /** commission rate in percent as a decimal string, e.g. "12.5" → stored as 1250 basis points */
  commissionRate: z.string().regex(/^\d{1,3}(\.\d{1,2})?$/).nullish(),
  remarks: z.string().max(1000).nullish(),
});
export const UpdateBatchBody = CreateBatchBody.omit({ clientId: true }).partial();
export interface BatchItem {
  id: number;
  clientId: number;
  clientCode: string;
  clientName: string;
  batchNo: string;
  placementDate: string;
  expectedReturnDate: string;
  region: string | null;
  productType: string | null;
  commissionRateBp: number | null;
  /** days from assignment (else placement) within which a new case must be contacted (My queue); default 3 */
  firstContactDays: number;
  remarks: string | null;
  status: BatchStatus;
  caseCount: number;
  /** sum of placed amounts, minor units, in the client's currency */
  placedTotal: number;
  currency: string;
  createdAt: string;
}

// ---------- imports ----------
export const IMPORT_KINDS = ['cases', 'phones', 'addresses', 'comments', 'balances', 'records', 'payments', 'installments'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_STATUSES = ['uploaded', 'parsed', 'running', 'committed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const FieldTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('field'), field: z.string() }),
  z.object({ kind: z.literal('contact'), index: z.number().int().min(1).max(15), field: z.string() }),
  z.object({ kind: z.literal('custom'), name: z.string().min(1).max(128) }),
  z.object({ kind: z.literal('ignore') }),
]);
export const ColumnMappingSchema = z.object({ column: z.number().int().min(0), header: z.string(), target: FieldTargetSchema });

export const MappingOptionsSchema = z.object({
  /** generate client_case_ref as `<CLIENTCODE>-<sourceRow>` when the file has none */
  generateCaseRef: z.boolean().default(false),
  /** allow rows without a debtor name (e.g. anonymised lender data) */
  debtorNameOptional: z.boolean().default(false),
  /** currency for amounts when the file has no currency column */
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
});
export type MappingOptions = z.infer<typeof MappingOptionsSchema>;

export const PreviewBody = z.object({ sheet: z.string().optional(), encoding: z.string().optional() });
export const CommitImportBody = z.object({
  sheet: z.string().optional(),
  mapping: z.array(ColumnMappingSchema).min(1),
  options: MappingOptionsSchema.default({ generateCaseRef: false, debtorNameOptional: false }),
  saveAsTemplate: z.boolean().default(false),
  allOrNothing: z.boolean().default(false),
});

export interface ImportPreview {
  importId: number;
  batchId: number;
  kind: ImportKind;
  fileName: string;
  format: 'xlsx' | 'xls' | 'csv';
  encoding: string | null;
  sheets: { name: string; hidden: boolean }[];
  sheet: string | null;
  headerRows: number[];
  columns: { column: number; header: string; target: z.infer<typeof FieldTargetSchema>; samples: string[] }[];
  mappingSource: 'saved' | 'auto';
  options: MappingOptions;
  /** set when no header could be found on the chosen sheet */
  problem: string | null;
}

export interface ImportRowError {
  row: number;
  column: string;
  field: string;
  value: string;
  code: string;
  message: string;
}

export interface ImportResult {
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportItem {
  id: number;
  batchId: number;
  kind: ImportKind;
  fileName: string;
  status: ImportStatus;
  progress: { rowsRead: number; phase: string };
  result: ImportResult | null;
  errors: ImportRowError[];
  errorCount: number;
  failure: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface FieldInfo {
  key: string;
  label: string;
  labelEn: string;
  type: string;
}

// ---------- cases ----------
export const CASE_STATUSES = ['active', 'paused', 'closed', 'returned'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CaseFilterSchema = z.object({
  clientId: id.optional(),
  batchId: id.optional(),
  status: z.enum(CASE_STATUSES).optional(),
  bucket: z.string().max(8).optional(),
  dpdMin: z.coerce.number().int().min(0).optional(),
  dpdMax: z.coerce.number().int().min(0).optional(),
  /** minor units */
  amountMin: z.coerce.number().int().min(0).optional(),
  amountMax: z.coerce.number().int().min(0).optional(),
  region: z.string().max(64).optional(),
  /** user id, or 0 for unassigned */
  assignedUserId: z.coerce.number().int().min(0).optional(),
  /** name, exact ID number / phone / case ref, or last 4 digits of ID */
  q: z.string().max(64).optional(),
});
export type CaseFilter = z.infer<typeof CaseFilterSchema>;
/**
 * The filter inside a request body that acts on the cases it selects (bulk actions, exports, allocation):
 * an unknown key is refused, because a misspelt filter key would otherwise select every case in scope.
 */
export const StrictCaseFilterSchema = CaseFilterSchema.strict();
/** Deepest row a case-list page may start at: deeper offsets scan (and count) the whole scope on every request. */
export const MAX_LIST_OFFSET = 100_000;
export const CASE_SORTS = ['id', 'placedAmount', 'dpd', 'debtorName', 'placementDate', 'clientCaseRef'] as const;
export const CaseListQuery = CaseFilterSchema.extend({
  sort: z.enum(CASE_SORTS).default('id'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
}).refine((q) => (q.page - 1) * q.pageSize < MAX_LIST_OFFSET, { path: ['page'], message: 'pages end at row 100,000: narrow the filter or sort the other way' });

export interface CaseListItem {
  id: number;
  clientCaseRef: string;
  clientId: number;
  clientCode: string;
  batchId: number;
  batchNo: string;
  debtorName: string | null;
  /** masked, e.g. 110101********4514 */
  idNumberMasked: string | null;
  /** masked, e.g. 138****8000 */
  mobileMasked: string | null;
  currency: string;
  placedAmount: number | null;
  outstanding: number | null;
  dpd: number | null;
  bucket: string | null;
  clientDpd: number | null;
  region: string | null;
  province: string | null;
  status: CaseStatus;
  assignedUserId: number | null;
  assignedUserName: string | null;
  placementDate: string | null;
}

export interface CaseDetail extends CaseListItem {
  fields: Record<string, string | number | null>;
  custom: Record<string, string>;
  phones: { id: number; owner: string; kind: string; number: string; status: string; contactName: string | null; relation: string | null }[];
  addresses: { id: number; kind: string; address: string; contactName: string | null }[];
  contacts: { id: number; seq: number; name: string | null; relation: string | null; mobile: string | null; workPhone: string | null; homePhone: string | null; employer: string | null; address: string | null }[];
  comments: { id: number; body: string; author: string | null; createdAt: string; importId: number | null }[];
  records: { id: number; at: string | null; channel: string | null; target: string | null; result: string | null; note: string | null; collector: string | null }[];
  events: { id: number; type: string; reason: string | null; user: string | null; at: string; data: unknown }[];
  imports: { importId: number; kind: string; fileName: string; outcome: string; at: string }[];
}

export const CaseActionBody = z.object({
  action: z.enum(['pause', 'close', 'resume', 'assign']),
  reason: z.string().trim().min(1).max(500),
  assigneeId: id.nullish(),
  selection: z.union([
    z.object({ caseIds: z.array(id).min(1).max(10000) }),
    z.object({ filter: StrictCaseFilterSchema }),
  ]),
});

// ---------- settings ----------
/**
 * System settings an administrator edits (stored as one row per key; every change audited).
 * Durations in minutes or hours as named; thresholds are counts.
 */
/**
 * Default aging buckets, the same as `DEFAULT_BUCKETS` in `@recova/domain/aging/aging` (glossary: M0 ≤ 0,
 * M1 1–30 … M6 151–180, M7+ over 180 DPD); contracts do not depend on the domain, a test keeps them equal.
 */
export const AGING_DEFAULT_BUCKETS: readonly { name: string; min: number | null; max: number | null }[] = [
  { name: 'M0', min: null, max: 0 }, { name: 'M1', min: 1, max: 30 }, { name: 'M2', min: 31, max: 60 }, { name: 'M3', min: 61, max: 90 },
  { name: 'M4', min: 91, max: 120 }, { name: 'M5', min: 121, max: 150 }, { name: 'M6', min: 151, max: 180 }, { name: 'M7+', min: 181, max: null },
];
export const SettingsSchema = z.object({
  /** Minimum password length (NIST SP 800-63B §5.1.1.2 asks ≥ 8; we default to 10). */
  passwordMinLength: z.number().int().min(8).max(128).default(10),
  /** How many of the four classes (lower, upper, digit, symbol) a password needs. */
  passwordMinClasses: z.number().int().min(1).max(4).default(3),
  /** Failed sign-ins in a row before the account is locked temporarily. */
  lockoutThreshold: z.number().int().min(3).max(50).default(5),
  /** Length of the temporary lockout. */
  lockoutMinutes: z.number().int().min(1).max(1440).default(15),
  /** A session unused this long ends. */
  sessionIdleMinutes: z.number().int().min(5).max(24 * 60).default(30),
  /** A session ends this long after sign-in, however active. */
  sessionAbsoluteHours: z.number().int().min(1).max(24 * 30).default(12),
  /** Require TOTP two-factor sign-in for admin and manager roles. */
  totpRequiredForPrivileged: z.boolean().default(false),
  /** Overlay a faint watermark with the user's name on every screen. */
  screenWatermark: z.boolean().default(true),
  /** Exports of more rows than this need approval by a user with `exports.approve`; 0 = never. */
  exportApprovalThreshold: z.number().int().min(0).max(10_000_000).default(0),
  // ---- issue 6 aging ----
  /**
   * Aging buckets: inclusive DPD ranges `{ name, min, max }` (null = unbounded; only the lowest may lack
   * min, only the highest max). A PATCH is checked by the domain's `validateBuckets`: overlapping,
   * gapped or malformed sets are refused with AGING_BUCKETS_INVALID. Default = glossary M0…M7+.
   */
  agingBuckets: z
    .array(z.object({ name: z.string().trim().min(1).max(20), min: z.number().int().min(-100_000).max(100_000).nullable(), max: z.number().int().min(-100_000).max(100_000).nullable() }).strict())
    .min(1)
    .max(30)
    .default(() => AGING_DEFAULT_BUCKETS.map((b) => ({ ...b }))),
  /** Days after a due date before DPD starts counting (agency default; a client's aging_grace_days overrides it). */
  agingGraceDays: z.number().int().min(0).max(365).default(0),
  // ---- session 7 search guard (ADR 0012) ----
  /**
   * Case searches by a full ID, card or phone number (and, for users who see names masked, by a whole
   * name) that may find no case per user in a rolling 24 hours; the next is refused with
   * SEARCH_GUESS_LIMIT (429). Searches that find a case in the user's scope do not count. Users with
   * `cases.reveal` are not limited (they may see the values anyway, audited).
   */
  searchGuessBudget: z.number().int().min(1).max(10_000).default(30),
});
export type Settings = z.infer<typeof SettingsSchema>;
/**
 * PATCH body: any subset of the settings. Built from the fields without their defaults: zod's
 * `.partial()` keeps `.default()`, so `{ agingGraceDays: 2 }` used to parse into every setting at its
 * default and the PATCH reset all the others (export approval, lockout, buckets) to the defaults.
 */
const SETTINGS_SHAPE = SettingsSchema.shape;
type SettingsPatchShape = { [K in keyof typeof SETTINGS_SHAPE]: z.ZodOptional<ReturnType<(typeof SETTINGS_SHAPE)[K]['unwrap']>> };
export const UpdateSettingsBody = z
  .object(Object.fromEntries(Object.entries(SETTINGS_SHAPE).map(([k, v]) => [k, v.unwrap().optional()])) as SettingsPatchShape)
  .strict();
/** Settings with every default filled in. */
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

// ---------- access: permission matrix, data scopes, departments, export approval ----------
import { PERMISSIONS, ROLE_PERMISSIONS } from './roles.ts';

/**
 * Data scope of a user — which cases (and the clients, batches and imports holding them) they see:
 * own (assigned to them), team (assigned to their team), department (to any team of their
 * department), clients (of the clients linked to the user), client (of the client viewer's client), all.
 */
export const DATA_SCOPES = ['own', 'team', 'department', 'clients', 'client', 'all'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];
/** Scope of a user whose `dataScope` is not set. */
export const DEFAULT_DATA_SCOPE: Record<Role, DataScope> = { admin: 'all', manager: 'all', team_lead: 'team', collector: 'own', client_viewer: 'client' };
/** Scopes a client viewer may be given (never the agency's own cases). */
export const CLIENT_VIEWER_SCOPES: readonly DataScope[] = ['client', 'clients'];

/** One role of the live permission matrix; `defaults` from ROLE_PERMISSIONS, `isDefault` when equal as sets. */
export interface RoleMatrixItem {
  role: Role;
  permissions: Permission[];
  defaults: Permission[];
  isDefault: boolean;
}
/** PUT /api/roles/:role — the role's full permission list (unknown names refused). */
export const UpdateRolePermissionsBody = z.object({ permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length * 2) }).strict();
/** Permissions the admin role can never lose (lock-out guard). */
export const ADMIN_LOCKED_PERMISSIONS: readonly Permission[] = ['roles.write', 'users.write'];
/** The defaults, re-exported for the matrix page. */
export const DEFAULT_ROLE_PERMISSIONS = ROLE_PERMISSIONS;

export const CreateDepartmentBody = z.object({ name: z.string().trim().min(1).max(64) }).strict();
export interface DepartmentItem {
  id: number;
  name: string;
  teamIds: number[];
}
/** PATCH /api/teams/:id — move a team into a department (null = none). */
export const UpdateTeamBody = z.object({ departmentId: id.nullable() }).strict();

/** PATCH /api/users/:id — role, team, department, data scope, clients, active (each optional). */
export const UpdateUserAccessBody = z
  .object({
    displayName: z.string().min(1).max(64).optional(),
    role: z.enum(ROLES).optional(),
    teamId: id.nullable().optional(),
    departmentId: id.nullable().optional(),
    /** null = the role's default */
    dataScope: z.enum(DATA_SCOPES).nullable().optional(),
    /** the client viewer's own client */
    clientId: id.nullable().optional(),
    /** clients for the 'clients' scope (replaces the list) */
    clientIds: z.array(id).max(1000).optional(),
    active: z.boolean().optional(),
  })
  .strict();
/** A user with their access settings (admin user editing). */
export interface UserAccessItem extends UserItem {
  departmentId: number | null;
  /** stored value; null = role default */
  dataScope: DataScope | null;
  /** the scope in force */
  effectiveScope: DataScope;
  clientIds: number[];
}

export const EXPORT_REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'downloaded'] as const;
export type ExportRequestStatus = (typeof EXPORT_REQUEST_STATUSES)[number];
/** An export above the approval threshold, waiting for (or past) an approver's decision. */
export interface ExportRequestItem {
  id: number;
  requestedBy: { id: number; username: string; displayName: string };
  filter: CaseFilter;
  format: string;
  reveal: boolean;
  /** rows the export had when requested */
  rowCount: number;
  status: ExportRequestStatus;
  decidedBy: { id: number; username: string; displayName: string } | null;
  decidedAt: string | null;
  /** approved requests can be downloaded once until this instant (decision + 24 h) */
  expiresAt: string | null;
  /** approved but past expiresAt */
  expired: boolean;
  createdAt: string;
}

// ---------- audit log (issue 3 point 5) ----------
/**
 * `GET /api/audit` query. `action` is exact, or a prefix when it ends with `.` or `*` (`auth.` matches
 * `auth.login`, `auth.login_failed`). `from`/`to` are ISO-8601 instants (`from` inclusive, `to`
 * exclusive). Newest first; `pageSize` ≤ 200.
 */
export const AuditListQuery = z.object({
  userId: z.coerce.number().int().min(1).optional(),
  action: z.string().trim().min(1).max(100).optional(),
  entity: z.string().trim().min(1).max(50).optional(),
  entityId: z.string().trim().min(1).max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditListQueryInput = z.input<typeof AuditListQuery>;

/** One audit entry as listed: `at` ISO-8601 UTC; `data` holds ids, counts and field names only. */
export interface AuditEntry {
  id: number;
  seq: number | null;
  at: string;
  userId: number | null;
  username: string | null;
  userDisplayName: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  data: unknown;
}

/** A problem found by chain verification, naming the entry (see `recova audit verify`). */
export interface AuditProblemDto {
  kind: 'edited' | 'deleted' | 'chain_broken' | 'unsealed' | 'anchor_mismatch' | 'truncated';
  seq: number | null;
  id: number | null;
  action: string | null;
  at: string | null;
  missing?: { from: number; to: number };
  message: string;
}

/** `POST /api/audit/verify` response: entries checked, chain head (keep it outside the database), problems (≤ 1,000 listed). */
export interface AuditVerifyResult {
  ok: boolean;
  count: number;
  head: { seq: number; hash: string; id: number; at: string } | null;
  problems: AuditProblemDto[];
  problemCount: number;
  problemsTruncated: boolean;
}
// ---------- authentication and sessions (issue 3 §1) ----------
/** Sign-in body: `totp` is the 6-digit RFC 6238 code, required when the user has TOTP on. */
export const LoginRequestBody = LoginBody.extend({ totp: z.string().regex(/^\d{6}$/, 'six digits').optional() });
/** Response of login and `GET /api/auth/me`: the user plus this session's CSRF token (send it as `x-csrf-token`). */
export type SessionMe = Me & { mustChangePassword: boolean; totpEnabled: boolean; mustEnrolTotp: boolean; csrfToken: string };
/** Own password change (`POST /api/auth/password`). */
export const ChangePasswordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) });
/** Admin reset (`POST /api/users/:id/password`): the user must change it at next sign-in unless `mustChangePassword` is false. */
export const ResetPasswordBody = z.object({ password: z.string().min(1).max(256), mustChangePassword: z.boolean().optional() });
/** `POST /api/auth/totp/enable` */
export const TotpEnableBody = z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') });
/** `POST /api/auth/totp/disable` */
export const TotpDisableBody = z.object({ password: z.string().min(1).max(256) });
/** Response of `POST /api/auth/totp/setup`: base32 secret, otpauth:// URI and the URI as a PNG QR-code data URL. */
export interface TotpSetup {
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
}
/** `PATCH /api/users/:id`: deactivate (ends the user's sessions) or reactivate. */
export const UpdateUserBody = z.object({ active: z.boolean() }).strict();
/** Header carrying the CSRF token on POST/PUT/PATCH/DELETE. */
export const CSRF_HEADER = 'x-csrf-token';
// ---------- personal data: search by body, reveal, export (issue 3 points 3–4; ADR 0007) ----------
/**
 * `POST /api/cases/search`: the list filter, sort and page in the body, so ID, card and phone numbers
 * never travel in a URL (they would land in access logs and browser history).
 */
export const CaseSearchBody = CaseListQuery;

/** Fields a user with `cases.reveal` may reveal; the ones with a `ref` name a row by its id. */
export const REVEAL_FIELDS = ['debtor_name', 'id_number', 'card_number', 'account_number', 'repayment_account', 'phone', 'address', 'contact_name', 'contact_mobile', 'contact_work_phone', 'contact_home_phone', 'contact_address', 'record_target'] as const;
export type RevealField = (typeof REVEAL_FIELDS)[number];
/** Fields that need `ref`: phone → case_phones.id, address → case_addresses.id, contact_* → case_contacts.id, record_target → case_records.id. */
export const REVEAL_REF_FIELDS: readonly RevealField[] = ['phone', 'address', 'contact_name', 'contact_mobile', 'contact_work_phone', 'contact_home_phone', 'contact_address', 'record_target'];
export const RevealBody = z
  .object({ field: z.enum(REVEAL_FIELDS), ref: id.optional() })
  .strict()
  .refine((b) => !REVEAL_REF_FIELDS.includes(b.field) || b.ref !== undefined, { message: 'ref is required for this field', path: ['ref'] });
/** `POST /api/cases/:id/reveal` answer: the one full value (null when the case has none). Audited. */
export interface RevealResult {
  field: RevealField;
  ref: number | null;
  value: string | null;
}

/** `POST /api/cases/export`: filter in the body; `reveal` asks for full values (needs `cases.reveal`). */
export const CaseExportBody = z.object({ filter: StrictCaseFilterSchema.default({}), reveal: z.boolean().default(false) }).strict();
