/**
 * Saved compliance rule sets: versioned, validated, audited (issue 4). A name resolves to a preset
 * (CN, US, UK) or to the latest (or a given) version of a saved set. A saved set that extends a preset
 * goes through `extendRuleSet`, so it can only be stricter than the law it starts from.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import { PRESET_NAMES, RuleSetSchema, type RuleSetItem, type SaveRuleSetBody } from '@recova/contracts';
import { PRESET_RULE_SETS, checkContact, extendRuleSet, isTimeZone, type RuleSet } from '@recova/domain/compliance/index';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { clientScopeSql } from '../access/scope.sql.ts';

type Definition = z.infer<typeof SaveRuleSetBody>;

/** The effective rule set of a saved definition (pure). */
export function buildRuleSet(name: string, version: number, def: Definition): RuleSet {
  if (def.kind === 'extend') {
    const base = PRESET_RULE_SETS[def.base];
    return extendRuleSet(base, { ...def.rules, id: name, version, description: def.description ?? `${base.description}, extended as ${name}` } as Parameters<typeof extendRuleSet>[1]);
  }
  return { ...(def.rules as Omit<RuleSet, 'id' | 'version'>), id: name, version, description: def.description ?? def.rules.description };
}

const isPreset = (name: string): name is (typeof PRESET_NAMES)[number] => (PRESET_NAMES as readonly string[]).includes(name);

/** Resolve a rule-set name (and optional version) to the rule set; NOT_FOUND when unknown. */
export async function resolveRuleSet(db: Kysely<DB>, name: string, version?: number): Promise<RuleSet> {
  if (isPreset(name)) return PRESET_RULE_SETS[name];
  let q = db.selectFrom('compliance_rule_sets').select(['version', 'definition']).where('tenant_id', '=', 1).where('name', '=', name);
  q = version ? q.where('version', '=', version) : q.orderBy('version', 'desc').limit(1);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound(`rule set ${name}${version ? ` version ${version}` : ''}`);
  return buildRuleSet(name, row.version, row.definition as Definition);
}

/** Presets and the latest version of every saved set. */
export async function listRuleSets(db: Kysely<DB>): Promise<RuleSetItem[]> {
  const presets: RuleSetItem[] = PRESET_NAMES.map((n) => ({ name: n, kind: 'preset', base: null, version: PRESET_RULE_SETS[n].version, description: PRESET_RULE_SETS[n].description, updatedAt: null }));
  const rows = await db
    .selectFrom('compliance_rule_sets as r')
    .select(['r.name', 'r.version', 'r.definition', 'r.description', 'r.created_at'])
    .where('r.tenant_id', '=', 1)
    .where('r.version', '=', (eb) => eb.selectFrom('compliance_rule_sets as r2').select(sql<number>`max(r2.version)`.as('v')).whereRef('r2.name', '=', 'r.name').where('r2.tenant_id', '=', 1))
    .orderBy('r.name')
    .execute();
  return [
    ...presets,
    ...rows.map((r): RuleSetItem => {
      const def = r.definition as Definition;
      return { name: r.name, kind: def.kind, base: def.kind === 'extend' ? def.base : null, version: r.version, description: r.description, updatedAt: new Date(r.created_at).toISOString() };
    }),
  ];
}

/**
 * Save the next version of `name`. Refuses (VALIDATION_FAILED, naming the field) a set whose zones
 * are unknown or which the engine cannot run. Audited with name and version.
 */
export async function saveRuleSet(db: Kysely<DB>, actor: Actor | null, name: string, def: Definition): Promise<RuleSetItem> {
  const probe = buildRuleSet(name, 1, def);
  const checked = RuleSetSchema.safeParse(probe);
  if (!checked.success) throw new AppError('VALIDATION_FAILED', 'the rule set is invalid', checked.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })));
  const badZone = probe.defaultTimeZones.find((z) => !isTimeZone(z));
  if (badZone) throw new AppError('VALIDATION_FAILED', 'unknown time zone', [{ field: 'rules.defaultTimeZones', value: badZone, reason: 'not an IANA time zone' }]);
  try {
    checkContact({ channel: 'call', at: '2026-01-05T10:00:00+08:00' }, [], { timeZones: [] }, probe, new Date('2026-01-05T02:00:00Z'));
  } catch (e) {
    throw new AppError('VALIDATION_FAILED', `the engine cannot run this rule set: ${(e as Error).message}`);
  }
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`rule-set:${name}`}))`.execute(tx);
    const last = await tx.selectFrom('compliance_rule_sets').select(sql<number>`coalesce(max(version), 0)`.as('v')).where('tenant_id', '=', 1).where('name', '=', name).executeTakeFirstOrThrow();
    const version = Number(last.v) + 1;
    const description = buildRuleSet(name, version, def).description;
    const row = await tx
      .insertInto('compliance_rule_sets')
      .values({ name, version, definition: JSON.stringify(def), description, created_by: actor?.id ?? null })
      .returning(['created_at'])
      .executeTakeFirstOrThrow();
    await audit(tx, actor?.id ?? null, 'compliance.rule_set_save', 'compliance_rule_set', name, { version, kind: def.kind });
    return { name, kind: def.kind, base: def.kind === 'extend' ? def.base : null, version, description, updatedAt: new Date(row.created_at).toISOString() };
  });
}

/**
 * Choose the rule set a client's cases are checked against (must resolve). A client outside the
 * actor's data scope is NOT_FOUND, like every other client route. Audited.
 */
export async function setClientRuleSet(db: Kysely<DB>, actor: Actor | null, clientId: number, name: string): Promise<void> {
  await resolveRuleSet(db, name);
  await db.transaction().execute(async (tx) => {
    let visible = tx.selectFrom('clients as c').select('c.id').where('c.id', '=', clientId);
    if (actor) visible = visible.where(clientScopeSql(actor.scope, 'c'));
    if (!(await visible.executeTakeFirst())) throw notFound('client');
    await tx.updateTable('clients').set({ compliance_rule_set: name }).where('id', '=', clientId).execute();
    await audit(tx, actor?.id ?? null, 'compliance.client_rule_set', 'client', clientId, { ruleSet: name });
  });
}
