import { describe, expect, it } from 'vitest';
import { matchHeader } from './fields.ts';

describe('installment schedule headers (kind installments)', () => {
  it('matches zh-CN and English aliases only for the installments kind', () => {
    const field = (h: string) => (t => (t.kind === 'field' ? t.field : t.kind))(matchHeader(h, 'installments'));
    expect(['期数', '期次', 'Installment No', '第几期'].map(field)).toEqual(Array(4).fill('installment_no'));
    expect(['应还日期', '到期日', 'Due Date', '还款日'].map(field)).toEqual(Array(4).fill('installment_due_date'));
    expect(['应还金额', '期供金额', 'Amount Due', '应还金额(元)'].map(field)).toEqual(Array(4).fill('installment_amount_due'));
    expect(['已还金额', 'Paid Amount'].map(field)).toEqual(['installment_paid_before', 'installment_paid_before']);
    expect(field('案件编号')).toBe('client_case_ref');
    // in a case file 还款日 stays the monthly due day and 期数 is a custom column
    expect(matchHeader('还款日')).toEqual({ kind: 'field', field: 'due_day' });
    expect(matchHeader('期数')).toEqual({ kind: 'custom', name: '期数' });
  });
});
