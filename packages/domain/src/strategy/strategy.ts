/**
 * Strategy engine (issue 6), pure: a strategy is data — an ordered list of segments, each a set of
 * typed conditions (all must hold) and the actions to take; the first matching segment wins. A
 * segment may split its cases into champion and challenger arms by a stable hash (the same case
 * always lands in the same arm while the percentage stays). Every evaluation returns its reason.
 *
 * Operands are typed (design.md §6.15) with a closed operator set per type:
 * - days (DPD, days since last contact) and score: integers; money (outstanding): integer minor
 *   units — `eq ne lt lte gt gte between` (`between` is inclusive at both ends);
 * - enum (bucket, client, product, region, last result code, PTP state): `eq ne in not_in`;
 * - bool (has a valid phone): `is`;
 * - set (flags): `has lacks`;
 * - any: `is_null not_null` (e.g. never contacted: days since last contact is null).
 * A condition on a null value is false except `is_null` (and `ne`/`not_in`/`lacks`, which hold).
 */

export const FIELD_TYPES = {
  dpd: 'days', daysSinceContact: 'days', outstanding: 'money', score: 'number',
  bucket: 'enum', client: 'enum', product: 'enum', region: 'enum', lastResult: 'enum', ptpState: 'enum',
  hasValidPhone: 'bool', flags: 'set',
} as const;
export type Field = keyof typeof FIELD_TYPES;
type FieldType = (typeof FIELD_TYPES)[Field];

export const OPERATORS: Record<FieldType, readonly string[]> = {
  days: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'is_null', 'not_null'],
  money: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'is_null', 'not_null'],
  number: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'is_null', 'not_null'],
  enum: ['eq', 'ne', 'in', 'not_in', 'is_null', 'not_null'],
  bool: ['is', 'is_null', 'not_null'],
  set: ['has', 'lacks'],
};

export interface Condition {
  field: Field;
  op: string;
  value?: number | string | boolean | (number | string)[];
}

export type Action =
  | { type: 'send_sms' | 'send_email'; template: string }
  | { type: 'generate_letter'; template: string }
  | { type: 'set_priority'; priority: number }
  | { type: 'move_to_team'; teamId: number }
  | { type: 'request_visit' | 'refer_legal' }
  | { type: 'set_flag'; flag: string }
  | { type: 'schedule_followup'; inDays: number };

export interface Segment {
  id: string;
  name: string;
  when: Condition[];
  actions: Action[];
  /** challenger arm: `percent` (0–100) of the segment's cases take `actions` instead */
  challenger?: { percent: number; actions: Action[] };
}

export interface Strategy {
  id: string;
  version: number;
  segments: Segment[];
}

/** What the engine knows of a case on the day (money in minor units, days as whole days). */
export interface CaseFacts {
  caseId: number | string;
  dpd: number | null;
  daysSinceContact: number | null;
  outstanding: number | null;
  score: number | null;
  bucket: string | null;
  client: string | null;
  product: string | null;
  region: string | null;
  lastResult: string | null;
  ptpState: string | null;
  hasValidPhone: boolean | null;
  flags: string[];
}

export interface Evaluation {
  segmentId: string | null;
  arm: 'champion' | 'challenger' | null;
  actions: Action[];
  /** the matched segment's conditions as text, e.g. "dpd between 1 and 30" */
  reason: string[];
}

/** Every problem of a strategy (unknown field, operator not allowed for the type, bad operand). */
export function validateStrategy(s: Strategy): string[] {
  const errors: string[] = [];
  const ids = new Set<string>();
  s.segments.forEach((seg, i) => {
    const at = `segment ${i + 1} (${seg.id})`;
    if (ids.has(seg.id)) errors.push(`${at}: id used twice`);
    ids.add(seg.id);
    if (seg.challenger && !(seg.challenger.percent >= 0 && seg.challenger.percent <= 100)) errors.push(`${at}: challenger percent must be 0–100`);
    seg.when.forEach((c, j) => {
      const where = `${at}, condition ${j + 1}`;
      const type = FIELD_TYPES[c.field as Field];
      if (!type) return void errors.push(`${where}: unknown field ${c.field}`);
      if (!OPERATORS[type].includes(c.op)) return void errors.push(`${where}: ${c.field} (${type}) does not take ${c.op}; use ${OPERATORS[type].join(', ')}`);
      const problem = operandProblem(type, c);
      if (problem) errors.push(`${where}: ${problem}`);
    });
  });
  return errors;
}

function operandProblem(type: FieldType, c: Condition): string | null {
  if (c.op === 'is_null' || c.op === 'not_null') return null;
  const v = c.value;
  const scalar = (x: unknown) => {
    if (type === 'days' || type === 'money') return Number.isSafeInteger(x) ? null : `${c.field} needs a whole number${type === 'money' ? ' of minor units' : ' of days'}, got ${JSON.stringify(x)}`;
    if (type === 'number') return typeof x === 'number' && Number.isFinite(x) ? null : `${c.field} needs a number`;
    if (type === 'bool') return typeof x === 'boolean' ? null : `${c.field} needs true or false`;
    return typeof x === 'string' && x.length > 0 ? null : `${c.field} needs a text value`;
  };
  if (c.op === 'between') {
    if (!Array.isArray(v) || v.length !== 2) return `between needs [low, high]`;
    const p = scalar(v[0]) ?? scalar(v[1]);
    if (p) return p;
    return (v[0] as number) <= (v[1] as number) ? null : `between: low ${v[0]} is above high ${v[1]}`;
  }
  if (c.op === 'in' || c.op === 'not_in') return Array.isArray(v) && v.length > 0 ? (v.map(scalar).find((x) => x) ?? null) : `${c.op} needs a non-empty list`;
  return scalar(v);
}

function holds(c: Condition, f: CaseFacts): boolean {
  const x = f[c.field] as number | string | boolean | string[] | null;
  if (c.op === 'is_null') return x === null;
  if (c.op === 'not_null') return x !== null;
  if (c.op === 'has') return (x as string[]).includes(c.value as string);
  if (c.op === 'lacks') return !(x as string[]).includes(c.value as string);
  if (c.op === 'ne') return x !== c.value;
  if (c.op === 'not_in') return !(c.value as unknown[]).includes(x);
  if (x === null) return false;
  switch (c.op) {
    case 'eq': case 'is': return x === c.value;
    case 'in': return (c.value as unknown[]).includes(x);
    case 'lt': return (x as number) < (c.value as number);
    case 'lte': return (x as number) <= (c.value as number);
    case 'gt': return (x as number) > (c.value as number);
    case 'gte': return (x as number) >= (c.value as number);
    case 'between': { const [a, b] = c.value as number[]; return (x as number) >= a && (x as number) <= b; }
  }
  throw new RangeError(`unknown operator ${c.op}`);
}

const describe = (c: Condition) => `${c.field} ${c.op.replace('_', ' ')}${c.op === 'between' ? ` ${(c.value as number[])[0]} and ${(c.value as number[])[1]}` : c.value === undefined ? '' : ` ${JSON.stringify(c.value)}`}`;

/**
 * FNV-1a 32-bit of the text, as a bucket 0–99: stable across runs, machines and versions, so a case
 * stays in its arm (Fowler–Noll–Vo hash, IETF draft-eastlake-fnv).
 */
export function armBucket(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 100;
}

/** The first segment whose conditions all hold, its arm and actions, and why. */
export function evaluateCase(s: Strategy, f: CaseFacts): Evaluation {
  for (const seg of s.segments) {
    if (!seg.when.every((c) => holds(c, f))) continue;
    const challenger = !!seg.challenger && armBucket(`${s.id}:${seg.id}:${f.caseId}`) < seg.challenger.percent;
    return { segmentId: seg.id, arm: challenger ? 'challenger' : 'champion', actions: challenger ? seg.challenger!.actions : seg.actions, reason: seg.when.map(describe) };
  }
  return { segmentId: null, arm: null, actions: [], reason: [] };
}

export interface DryRunRow {
  segmentId: string | null;
  cases: number;
  outstanding: number;
  arms: { champion: number; challenger: number };
  actions: Record<string, number>;
}

/** Dry run: per segment (and unmatched, `segmentId: null`), cases, outstanding and actions that would fire. */
export function dryRun(s: Strategy, cases: Iterable<CaseFacts>): DryRunRow[] {
  const rows = new Map<string | null, DryRunRow>([...s.segments.map((g) => g.id), null].map((id) => [id, { segmentId: id, cases: 0, outstanding: 0, arms: { champion: 0, challenger: 0 }, actions: {} }]));
  for (const f of cases) {
    const e = evaluateCase(s, f);
    const row = rows.get(e.segmentId)!;
    row.cases++;
    row.outstanding += f.outstanding ?? 0;
    if (e.arm) row.arms[e.arm]++;
    for (const a of e.actions) row.actions[a.type] = (row.actions[a.type] ?? 0) + 1;
  }
  return [...rows.values()];
}
