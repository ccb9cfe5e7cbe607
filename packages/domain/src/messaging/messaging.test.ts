import { describe, expect, it } from 'vitest';
import { renderTemplate, templateVariables, validateTemplate, TEMPLATE_VARIABLES, type TemplateValues } from './template.ts';
import { formatAmount, formatLocalDate } from './format.ts';
import { assistDueAt, isAssistOverdue } from './assist-sla.ts';

const values = Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, ''])) as TemplateValues;

describe('formatAmount (fen → grouped yuan)', () => {
  it.each([
    [123456, '1,234.56'], [0, '0.00'], [5, '0.05'], [-5, '-0.05'], [99999, '999.99'], [100000, '1,000.00'],
    [100000000, '1,000,000.00'], [-123456789, '-1,234,567.89'],
  ])('%i → %s', (fen, s) => expect(formatAmount(fen)).toBe(s));
  it('JPY has no decimals', () => expect(formatAmount(1234567, 'JPY')).toBe('1,234,567'));
});

describe('formatLocalDate', () => {
  it('Chinese dates', () => expect(formatLocalDate('2026-03-02', 'zh-CN')).toBe('2026年3月2日'));
  it('English dates', () => expect(formatLocalDate('2026-12-31', 'en-US')).toBe('December 31, 2026'));
  it('empty stays empty', () => expect(formatLocalDate(null, 'zh-CN')).toBe(''));
  it('refuses other shapes', () => expect(() => formatLocalDate('2026/3/2', 'zh-CN')).toThrow(RangeError));
});

describe('validateTemplate', () => {
  it('accepts known variables and if/unless blocks', () => {
    expect(validateTemplate('{{debtorName}}您好，欠款{{outstanding}}元{{#if dueDate}}，请于{{dueDate}}前还款{{else}}。{{/if}}{{#unless cardTail}}!{{/unless}}')).toEqual([]);
  });
  it('names an unknown variable', () => {
    expect(validateTemplate('您好 {{debtorName}}，余额 {{balance}}')).toEqual([{ variable: 'balance', reason: 'unknown variable' }]);
  });
  it('names an unknown variable inside a block condition and body', () => {
    expect(validateTemplate('{{#if foo}}{{bar}}{{/if}}').map((p) => p.variable)).toEqual(['foo', 'bar']);
  });
  it.each([
    ['{{lookup this "x"}}', 'helpers'], ['{{> partial}}', 'PartialStatement'], ['{{@root.x}}', 'plain variable'],
    ['{{case.ref}}', 'plain variable'], ['{{#each debtorName}}x{{/each}}', 'only {{#if'], ['{{debtorName', 'syntax'],
    ['{{{{raw}}}}x{{{{/raw}}}}', 'only {{#if'],
  ])('refuses %s', (t, reason) => {
    const p = validateTemplate(t);
    expect(p.length).toBeGreaterThan(0);
    expect(p.map((x) => x.reason).join(' ')).toContain(reason);
  });
  it('lists the variables used', () => expect(templateVariables('{{caseRef}} {{#if dpd}}{{outstanding}}{{/if}} {{caseRef}}')).toEqual(['caseRef', 'dpd', 'outstanding']));
});

describe('renderTemplate', () => {
  it('merges values without escaping', () => {
    const v = { ...values, debtorName: '张三', outstanding: '1,234.56', dueDate: '2026年3月9日', clientName: 'A&B <银行>' };
    expect(renderTemplate('【{{clientName}}】{{debtorName}}您好，您尚欠{{outstanding}}元，请于{{dueDate}}前还款。', v))
      .toBe('【A&B <银行>】张三您好，您尚欠1,234.56元，请于2026年3月9日前还款。');
  });
  it('if block on an empty value takes the else branch', () => {
    expect(renderTemplate('{{#if dueDate}}by {{dueDate}}{{else}}now{{/if}}', values)).toBe('now');
  });
  it('refuses to render an invalid template', () => expect(() => renderTemplate('{{nope}}', values)).toThrow(/nope/));
});

describe('assist SLA', () => {
  const at = new Date('2026-03-02T01:00:00Z');
  const due = assistDueAt(at, 24);
  it('due after sla hours', () => expect(due.toISOString()).toBe('2026-03-03T01:00:00.000Z'));
  it('not overdue at the due instant, overdue one millisecond later', () => {
    expect(isAssistOverdue({ status: 'open', dueAt: due }, new Date('2026-03-03T01:00:00Z'))).toBe(false);
    expect(isAssistOverdue({ status: 'in_progress', dueAt: due }, new Date('2026-03-03T01:00:00.001Z'))).toBe(true);
  });
  it('done late counts as overdue, done in time does not, cancelled never', () => {
    const later = new Date('2026-03-05T00:00:00Z');
    expect(isAssistOverdue({ status: 'done', dueAt: due, completedAt: new Date('2026-03-03T02:00:00Z') }, later)).toBe(true);
    expect(isAssistOverdue({ status: 'done', dueAt: due, completedAt: new Date('2026-03-02T20:00:00Z') }, later)).toBe(false);
    expect(isAssistOverdue({ status: 'cancelled', dueAt: due }, later)).toBe(false);
  });
  it('refuses a non-positive SLA', () => expect(() => assistDueAt(at, 0)).toThrow(RangeError));
});
