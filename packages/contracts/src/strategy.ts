/**
 * Strategy engine API shapes (issue 6). The zod schemas check structure only; the meaning (operator
 * allowed for the field type, operand types, templates, teams, flags) is checked by the domain
 * (`validateStrategy`, `validateActions`) and refused with STRATEGY_INVALID naming segment and condition.
 * Money is integer minor units; dates `YYYY-MM-DD`.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, 'not a calendar date');

/** Condition fields of the engine, in the order the editor offers them (domain FIELD_TYPES). */
export const STRATEGY_FIELDS = ['dpd', 'bucket', 'outstanding', 'score', 'client', 'product', 'region', 'lastResult', 'ptpState', 'daysSinceContact', 'hasValidPhone', 'flags'] as const;
export const STRATEGY_ACTION_TYPES = ['send_sms', 'send_email', 'generate_letter', 'set_priority', 'move_to_team', 'request_visit', 'refer_legal', 'set_flag', 'schedule_followup'] as const;

const Scalar = z.union([z.number(), z.string(), z.boolean()]);
// operands are bounded: an `in` list of 10,000 strings would be evaluated for every case of every daily run
const Operand = z.union([z.number(), z.string().max(200)]);
export const ConditionSchema = z.object({ field: z.string().min(1).max(40), op: z.string().min(1).max(20), value: z.union([z.number(), z.string().max(200), z.boolean(), z.array(Operand).max(500)]).optional() }).strict();
export const ActionSchema = z.object({
  type: z.string().min(1),
  template: z.string().optional(), priority: z.number().optional(), teamId: z.number().optional(), flag: z.string().optional(), inDays: z.number().optional(),
}).strict();
export const SegmentSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ or -, at most 40'),
  name: z.string().trim().min(1).max(100),
  when: z.array(ConditionSchema).max(30),
  actions: z.array(ActionSchema).max(20),
  challenger: z.object({ percent: z.number().int().min(0).max(100), actions: z.array(ActionSchema).max(20) }).strict().optional(),
}).strict();

/** `POST /api/strategies`: a new strategy (version 1). `clientId` null = the default for clients without their own. */
export const CreateStrategyBody = z.object({
  name: z.string().trim().min(1).max(100),
  clientId: z.number().int().positive().nullable().default(null),
  segments: z.array(SegmentSchema).min(1).max(50),
  note: z.string().max(500).optional(),
}).strict();
export type CreateStrategyBody = z.infer<typeof CreateStrategyBody>;

/** `PUT /api/strategies/:id`: save a new version (the old ones are kept). */
export const SaveStrategyBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  segments: z.array(SegmentSchema).min(1).max(50),
  note: z.string().max(500).optional(),
}).strict();
export type SaveStrategyBody = z.infer<typeof SaveStrategyBody>;

/** `POST /api/strategies/:id/dry-run` and `POST /api/daily-runs`: the day (agency zone); default today. */
export const RunDayBody = z.object({ date: isoDate.optional() }).strict();
/** `GET /api/strategy-report?from&to`: days of the snapshots compared (inclusive). */
export const StrategyReportQuery = z.object({ strategyId: z.coerce.number().int().positive().optional(), from: isoDate, to: isoDate }).strict()
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });

export interface StrategySummary {
  id: number; name: string; clientId: number | null; clientName: string | null; active: boolean;
  currentVersion: number; updatedAt: string;
}
export interface StrategyVersionInfo { version: number; note: string | null; createdBy: string | null; createdAt: string }
export interface StrategyDetail extends StrategySummary {
  segments: z.infer<typeof SegmentSchema>[];
  versions: StrategyVersionInfo[];
}
/** One row of a dry run: per segment (null = no segment matched), cases, outstanding (minor units), arms, actions by type. */
export interface DryRunSegment {
  segmentId: string | null; name: string | null; cases: number; outstanding: number;
  arms: { champion: number; challenger: number }; actions: Record<string, number>;
}
export interface DryRunResult { strategyId: number; version: number; date: string; segments: DryRunSegment[] }
export interface DailyRunInfo {
  id: number; runDay: string; status: 'running' | 'done' | 'failed'; trigger: string; startedAt: string; finishedAt: string | null;
  casesAged: number; snapshots: number; actions: { pending: number; done: number; blocked: number; failed: number };
  attempts: number; error: string | null;
}
/** Champion/challenger comparison: rates in basis points (1% = 100), recovery in minor units. */
export interface ArmReportRow {
  strategyId: number; segmentId: string | null; arm: 'champion' | 'challenger';
  cases: number; contacted: number; contactRateBp: number; promises: number; ptpRateBp: number; kept: number; keptRateBp: number;
  recovered: number | null; recoveryRateBp: number | null;
}
/** Field types and their operators, for the editor (mirrors FIELD_TYPES / OPERATORS in domain/strategy/strategy.ts). */
export const STRATEGY_FIELD_TYPES: Record<(typeof STRATEGY_FIELDS)[number], 'days' | 'money' | 'number' | 'enum' | 'bool' | 'set'> = {
  dpd: 'days', daysSinceContact: 'days', outstanding: 'money', score: 'number', bucket: 'enum', client: 'enum', product: 'enum', region: 'enum',
  lastResult: 'enum', ptpState: 'enum', hasValidPhone: 'bool', flags: 'set',
};
export const STRATEGY_OPERATORS: Record<'days' | 'money' | 'number' | 'enum' | 'bool' | 'set', readonly string[]> = {
  days: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'is_null', 'not_null'],
  money: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'is_null', 'not_null'],
  number: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'is_null', 'not_null'],
  enum: ['eq', 'ne', 'in', 'not_in', 'is_null', 'not_null'],
  bool: ['is', 'is_null', 'not_null'],
  set: ['has', 'lacks'],
};
export type StrategySegment = z.infer<typeof SegmentSchema>;
export type StrategyCondition = z.infer<typeof ConditionSchema>;
export type StrategyAction = z.infer<typeof ActionSchema>;
