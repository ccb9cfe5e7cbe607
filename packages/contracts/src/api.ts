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
}

// ---------- users / teams ----------
export const CreateUserBody = z.object({
  username: z.string().regex(/^[A-Za-z0-9_.-]{3,64}$/),
  displayName: z.string().min(1).max(64),
  role: z.enum(ROLES),
  password: z.string().min(8).max(256),
  clientId: id.nullish(),
  teamId: id.nullish(),
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
  remarks: string | null;
  status: BatchStatus;
  caseCount: number;
  /** sum of placed amounts, minor units, in the client's currency */
  placedTotal: number;
  currency: string;
  createdAt: string;
}

// ---------- imports ----------
export const IMPORT_KINDS = ['cases', 'phones', 'addresses', 'comments', 'balances', 'records'] as const;
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
export const CASE_STATUSES = ['active', 'paused', 'closed'] as const;
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
export const CASE_SORTS = ['id', 'placedAmount', 'dpd', 'debtorName', 'placementDate', 'clientCaseRef'] as const;
export const CaseListQuery = CaseFilterSchema.extend({
  sort: z.enum(CASE_SORTS).default('id'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});

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
    z.object({ filter: CaseFilterSchema }),
  ]),
});

// ---------- settings ----------
/**
 * System settings an administrator edits (stored as one row per key; every change audited).
 * Durations in minutes or hours as named; thresholds are counts.
 */
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
});
export type Settings = z.infer<typeof SettingsSchema>;
/** PATCH body: any subset of the settings. */
export const UpdateSettingsBody = SettingsSchema.partial().strict();
/** Settings with every default filled in. */
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

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
export const CaseExportBody = z.object({ filter: CaseFilterSchema.default({}), reveal: z.boolean().default(false) }).strict();
