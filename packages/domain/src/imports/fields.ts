/**
 * Canonical case fields for import and export, with the header aliases clients use.
 *
 * Source: `shared/design.md` §4 (canonical fields and common aliases), grown from real client files
 * (the bid document's standard template, `shared/samples/import/*`). Aliases are matched after
 * {@link normalizeHeader}; add new aliases here, never in importer code.
 */

/** How a cell is parsed for a field. Money is integer minor units (fen/cents); dates are `YYYY-MM-DD`. */
export type FieldType =
  | 'text'
  | 'id_number' // resident identity number, ISO 7064 MOD 11-2 (GB 11643-1999)
  | 'digits' // card numbers: digits only, leading zeros kept, Luhn-checked when 13–19 digits
  | 'identifier' // account / customer numbers: kept exactly as text
  | 'money' // integer minor units
  | 'int'
  | 'date'
  | 'phone'
  | 'percent' // basis points (1% = 100)
  | 'currency' // ISO 4217 code
  | 'enum';

export interface FieldDef {
  /** canonical field name (snake_case, English) — also the export column name */
  key: string;
  type: FieldType;
  /** zh-CN label, used as the standard template's header */
  label: string;
  /** en-US label, used as the standard template's English header row */
  labelEn: string;
  /** header aliases (already in normalised form or not — both are normalised before matching) */
  aliases: string[];
}

const f = (key: string, type: FieldType, label: string, labelEn: string, aliases: string[] = []): FieldDef => ({
  key,
  type,
  label,
  labelEn,
  aliases: [label, labelEn, key, ...aliases],
});

/** Every canonical single-valued case field, in template order. Contacts are separate: see {@link CONTACT_FIELDS}. */
export const CASE_FIELDS: readonly FieldDef[] = [
  f('client_case_ref', 'identifier', '案件编号', 'Case No', ['个案序列号', '案件号', '合同编号', '合同号', '借据号', '序列号', 'Account Ref', 'Case Ref', '案件序列号']),
  f('debtor_name', 'text', '姓名', 'Name', ['客户姓名', '债务人姓名', '持卡人姓名', '借款人姓名', '债务人', 'Debtor Name']),
  f('id_type', 'enum', '证件类型', 'ID Type'),
  f('id_number', 'id_number', '身份证号', 'ID Number', ['身份证号码', '证件号', '证件号码', '身份证']),
  f('card_number', 'digits', '卡号', 'Card Number', ['信用卡号', '银行卡号']),
  f('account_number', 'identifier', '账号', 'Account Number', ['账户号', '贷款账号']),
  f('customer_number', 'identifier', '客户号', 'Customer Number', ['客户编号']),
  f('product', 'text', '产品', 'Product', ['产品名称', '产品系列', '产品类型', '业务类型']),
  f('currency', 'currency', '币种', 'Currency'),
  f('placed_amount', 'money', '委案金额', 'Placed Amount', ['委托金额', '案件金额', '逾期总金额', '欠款金额', '委案总金额']),
  f('principal', 'money', '逾期本金', 'Principal', ['本金']),
  f('interest', 'money', '逾期利息', 'Interest', ['利息']),
  f('penalty', 'money', '逾期罚息', 'Penalty', ['罚息']),
  f('late_fee', 'money', '滞纳金', 'Late Fee'),
  f('other_fees', 'money', '其他费用', 'Other Fees', ['费用']),
  f('overdue_amount', 'money', '逾期金额', 'Overdue Amount', ['逾期应还金额']),
  f('remaining_principal', 'money', '剩余本金', 'Remaining Principal'),
  f('remaining_interest', 'money', '剩余利息', 'Remaining Interest'),
  f('contract_amount', 'money', '合同金额', 'Contract Amount', ['贷款金额', '借款金额']),
  f('paid_amount', 'money', '已还款金额', 'Paid Amount', ['已还金额']),
  f('installment_amount', 'money', '每期还款金额', 'Installment Amount', ['月还款额']),
  f('installments_total', 'int', '总期数', 'Installments Total'),
  f('installments_paid', 'int', '已还款期数', 'Installments Paid', ['已还期数']),
  f('overdue_installments', 'int', '逾期期数', 'Overdue Installments'),
  f('loan_date', 'date', '贷款日期', 'Loan Date', ['放款日期', '借款日期']),
  f('due_day', 'int', '每期还款日', 'Due Day', ['还款日']),
  f('overdue_date', 'date', '逾期日期', 'Overdue Date', ['首次逾期日', '首次逾期日期', '逾期开始日期']),
  f('client_dpd', 'int', '逾期天数', 'Client DPD', ['DPD']),
  f('client_bucket', 'text', '账龄', 'Client Bucket', ['逾期阶段', '逾期账龄']),
  f('last_payment_date', 'date', '最近还款日期', 'Last Payment Date', ['最后还款日', '最后还款日期', '最近还款日']),
  f('last_payment_amount', 'money', '最近还款金额', 'Last Payment Amount', ['最后还款金额']),
  f('placement_date', 'date', '委案日期', 'Placement Date', ['委托日期']),
  f('return_date', 'date', '退案日期', 'Return Date', ['结案日期', '委案到期日', '预计退案日', '预计退案日期']),
  f('mobile', 'phone', '手机', 'Mobile', ['手机号', '手机号码', '本人手机', '本人手机号', '联系电话']),
  f('home_phone', 'phone', '家庭电话', 'Home Phone', ['家庭固话', '住宅电话', '家庭号码', '家庭电话号码']),
  f('work_phone', 'phone', '单位电话', 'Work Phone', ['工作单位电话', '单位号码', '单位电话号码']),
  f('home_address', 'text', '家庭地址', 'Home Address', ['家庭住址', '现居地址', '居住地址', '现住址']),
  f('work_address', 'text', '单位地址', 'Work Address', ['工作单位地址']),
  f('registered_address', 'text', '户籍地址', 'Registered Address', ['身份证户籍地址', '户口地址']),
  f('mailing_address', 'text', '通讯地址', 'Mailing Address', ['账单地址', '邮寄地址']),
  f('province', 'text', '省份', 'Province/State', ['省', 'State']),
  f('city', 'text', '城市', 'City', ['市']),
  f('region', 'text', '催收区域', 'Region', ['区域']),
  f('employer', 'text', '单位名称', 'Employer', ['工作单位', '工作单位名称', '公司名称']),
  f('marital_status', 'enum', '婚姻状况', 'Marital Status', ['婚姻状态']),
  f('gender', 'enum', '性别', 'Gender'),
  f('repayment_bank', 'text', '客户还款卡银行', 'Repayment Bank', ['还款银行']),
  f('repayment_account', 'identifier', '客户还款卡号', 'Repayment Account', ['还款卡号', '还款账号']),
  f('commission_rate', 'percent', '佣金比例', 'Commission Rate', ['佣金率']),
  f('client_name', 'text', '委托方', 'Client', ['委托方名称', '委托机构']),
  f('comment', 'text', '备注', 'Comment', ['评语', '备注信息']),
];

/**
 * Fields of a past collection record (催记), used only by "records" update imports. `record_at` is
 * kept as text here and parsed as a local date-time by the importer.
 */
export const RECORD_FIELDS: readonly FieldDef[] = [
  f('record_at', 'text', '催收时间', 'Record Time', ['记录时间', '跟进时间', '联系时间', '催记时间', '时间']),
  f('record_channel', 'text', '催收方式', 'Channel', ['联系方式', '渠道', '催收手段']),
  f('record_target', 'text', '联系号码', 'Target', ['拨打号码', '联系对象', '电话号码']),
  f('record_result', 'text', '催收结果', 'Result', ['结果', '联系结果', '行动码']),
  f('record_note', 'text', '催收记录', 'Note', ['记录内容', '催记内容', '内容', '催收内容']),
  f('record_collector', 'text', '催收员', 'Collector', ['操作人', '催收人员', '记录人']),
];

/**
 * Fields of a repayment (还款) file, used only by "payments" imports (issue 5): the client's own
 * statement of what the debtor paid. `payment_reference` is the client's transaction number (流水号),
 * unique per client: re-importing a file never creates a payment twice.
 */
export const PAYMENT_FIELDS: readonly FieldDef[] = [
  f('payment_amount', 'money', '还款金额', 'Payment Amount', ['实还金额', '回款金额', '入账金额', '实收金额', '还款额', '金额', 'amount', 'paymentamount']),
  f('payment_date', 'date', '还款日期', 'Payment Date', ['还款时间', '入账日期', '回款日期', '交易日期', '实还日期', 'date', 'paidon', 'paymentdate']),
  f('payment_channel', 'text', '还款渠道', 'Payment Channel', ['还款方式', '渠道', '支付方式', 'channel']),
  f('payment_reference', 'identifier', '交易流水号', 'Payment Reference', ['流水号', '还款流水号', '交易编号', '参考号', '交易参考号', 'reference', 'ref']),
];

/**
 * Fields of an installment-schedule (还款计划) file, used only by "installments" imports (issue 6):
 * one row per installment of a case — its number (期数), due date and amount due, and optionally what
 * the client says was already paid on it (已还金额). A re-import replaces the case's whole schedule.
 */
export const INSTALLMENT_FIELDS: readonly FieldDef[] = [
  f('installment_no', 'int', '期数', 'Installment No', ['期次', '期号', '第几期', '还款期数', '当前期数', 'installment', 'installmentnumber', 'seq', 'period']),
  f('installment_due_date', 'date', '应还日期', 'Due Date', ['到期日', '到期日期', '应还款日期', '还款日', '还款日期', '计划还款日', 'duedate', 'due']),
  f('installment_amount_due', 'money', '应还金额', 'Amount Due', ['期供金额', '期供', '应还款金额', '本期应还', '应还本息', '每期应还', '月供', 'amountdue', 'amount']),
  f('installment_paid_before', 'money', '已还金额', 'Paid Amount', ['本期已还', '已还款金额', '实还金额', 'paid', 'paidamount']),
];

/** Per-contact sub-fields; header form `联系人N<label>` with N = 1…15. */
export const CONTACT_FIELDS: readonly FieldDef[] = [
  f('name', 'text', '姓名', 'Name'),
  f('relation', 'text', '关系', 'Relation', ['与客户关系', '与本人关系', '与债务人关系']),
  f('mobile', 'phone', '手机号码', 'Mobile', ['手机', '手机号', '电话', '联系电话']),
  f('work_phone', 'phone', '单位电话', 'Work Phone'),
  f('home_phone', 'phone', '住宅电话', 'Home Phone', ['家庭电话']),
  f('employer', 'text', '工作单位', 'Employer', ['单位名称']),
  f('address', 'text', '现居地址', 'Address', ['地址', '家庭地址']),
];

/** Highest contact index accepted (design.md §4: N = 1…15). */
export const MAX_CONTACTS = 15;

/**
 * Normalise a header for alias matching: NFKC (full-width → half-width), strip spaces, a trailing
 * unit suffix such as `(元)` / `（元）` / `(%)`, a trailing `*` (required marker), and lower-case Latin.
 */
export function normalizeHeader(raw: string): string {
  let s = String(raw ?? '').normalize('NFKC').replace(/[\s\u00a0\u3000\ufeff]+/g, '');
  s = s.replace(/^\*+|\*+$/g, '');
  s = s.replace(/\((元|万元|人民币|RMB|CNY|USD|%|天|日|期|yyyy-mm-dd|YYYY-MM-DD)\)$/i, '');
  return s.toLowerCase().replace(/[_\-.]/g, '');
}

const ALIAS_INDEX: Map<string, string> = (() => {
  const m = new Map<string, string>();
  for (const def of CASE_FIELDS) for (const a of def.aliases) if (!m.has(normalizeHeader(a))) m.set(normalizeHeader(a), def.key);
  return m;
})();

const RECORD_ALIAS_INDEX: Map<string, string> = (() => {
  const m = new Map<string, string>();
  for (const def of RECORD_FIELDS) for (const a of def.aliases) m.set(normalizeHeader(a), def.key);
  return m;
})();

const PAYMENT_ALIAS_INDEX: Map<string, string> = (() => {
  const m = new Map<string, string>();
  for (const def of PAYMENT_FIELDS) for (const a of [def.label, def.labelEn, ...def.aliases]) m.set(normalizeHeader(a), def.key);
  return m;
})();

const INSTALLMENT_ALIAS_INDEX: Map<string, string> = (() => {
  const m = new Map<string, string>();
  for (const def of INSTALLMENT_FIELDS) for (const a of def.aliases) m.set(normalizeHeader(a), def.key);
  return m;
})();

const CONTACT_ALIAS_INDEX: Map<string, string> = (() => {
  const m = new Map<string, string>();
  for (const def of CONTACT_FIELDS) for (const a of def.aliases) m.set(normalizeHeader(a), def.key);
  return m;
})();

/** Target of a column: a canonical case field, a contact sub-field, or a custom field (kept as text). */
export type FieldTarget =
  | { kind: 'field'; field: string }
  | { kind: 'contact'; index: number; field: string }
  | { kind: 'custom'; name: string }
  | { kind: 'ignore' };

/**
 * Match one source header to a canonical target by name and alias; unknown headers become custom fields.
 * `联系人2手机号码` → `{ kind: 'contact', index: 2, field: 'mobile' }`.
 */
export function matchHeader(raw: string, kind: string = 'cases'): FieldTarget {
  const h = normalizeHeader(raw);
  if (!h) return { kind: 'ignore' };
  if (kind === 'records') {
    const rec = RECORD_ALIAS_INDEX.get(h);
    if (rec) return { kind: 'field', field: rec };
  }
  if (kind === 'payments') {
    const pay = PAYMENT_ALIAS_INDEX.get(h);
    if (pay) return { kind: 'field', field: pay };
  }
  if (kind === 'installments') {
    const inst = INSTALLMENT_ALIAS_INDEX.get(h);
    if (inst) return { kind: 'field', field: inst };
  }
  const direct = ALIAS_INDEX.get(h);
  if (direct) return { kind: 'field', field: direct };
  const m = /^(?:联系人|contact)(\d{1,2})(.*)$/.exec(h);
  if (m) {
    const index = Number(m[1]);
    const sub = CONTACT_ALIAS_INDEX.get(m[2]);
    if (sub && index >= 1 && index <= MAX_CONTACTS) return { kind: 'contact', index, field: sub };
  }
  return { kind: 'custom', name: String(raw).normalize('NFKC').trim() };
}

/** True when a header names a known field (used to score candidate header rows and sheets). */
export function isKnownHeader(raw: string): boolean {
  const t = matchHeader(raw);
  return t.kind === 'field' || t.kind === 'contact';
}

export const FIELD_BY_KEY: ReadonlyMap<string, FieldDef> = new Map([...CASE_FIELDS, ...RECORD_FIELDS, ...PAYMENT_FIELDS, ...INSTALLMENT_FIELDS].map((d) => [d.key, d]));
export const CONTACT_FIELD_BY_KEY: ReadonlyMap<string, FieldDef> = new Map(CONTACT_FIELDS.map((d) => [d.key, d]));
