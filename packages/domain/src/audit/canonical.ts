/**
 * Canonical serialisation of audit entries for the hash chain (issue 3 point 5). Pure: no IO, no clock.
 *
 * The serialisation is a JSON array in a fixed field order
 * `[seq, at, user_id, action, entity, entity_id, data, prev_hash]` where `at` is ISO-8601 UTC with
 * milliseconds (`2024-06-01T02:00:00.000Z`), ids are numbers/strings or null, and `data` is canonical
 * JSON: object keys sorted by UTF-16 code unit order at every depth, no whitespace, `undefined` object
 * members dropped (as JSON.stringify does), so the value read back from a `jsonb` column serialises to
 * the same bytes as the value written. The idea follows RFC 8785 (JSON Canonicalization Scheme) for
 * key order; numbers use JavaScript's shortest round-trip form, as RFC 8785 does.
 */

/** A JSON value as stored in the `data` column. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** Canonical JSON text of `value`: sorted keys, no whitespace. `undefined` at top level becomes `null`. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function').sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return 'null';
}

/** The fields of an audit entry that the hash covers. */
export interface ChainedFields {
  /** gap-free position in the chain, from 1 */
  seq: number;
  /** time of the entry; serialised as ISO-8601 UTC with milliseconds */
  at: Date;
  userId: number | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  /** the JSON data as stored (parsed), or null */
  data: unknown;
  /** hash of entry `seq - 1`, or {@link GENESIS_HASH} for the first entry */
  prevHash: string;
}

/** `prev_hash` of the first entry: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** The exact text the hash is computed over (see the module comment for the format). */
export function serializeEntry(e: ChainedFields): string {
  return `[${e.seq},${JSON.stringify(e.at.toISOString())},${e.userId === null ? 'null' : e.userId},${JSON.stringify(e.action)},${e.entity === null ? 'null' : JSON.stringify(e.entity)},${e.entityId === null ? 'null' : JSON.stringify(e.entityId)},${canonicalJson(e.data)},${JSON.stringify(e.prevHash)}]`;
}
