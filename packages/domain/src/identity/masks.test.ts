import { describe, expect, it } from 'vitest';
import { maskAddress, maskCard, maskFieldValue, maskLoose, piiKindOfField, scrubMessage } from './masks.ts';

describe('display masks (issue 3 point 4)', () => {
  it('cards and accounts: first 4 and last 4', () => {
    expect(maskCard('6222021234567890128')).toBe('6222 **** **** 0128');
    expect(maskCard('6222-0212-3456-7890')).toBe('6222 **** **** 7890');
    expect(maskCard('12345678')).toBe('****5678');
    expect(maskCard('1234')).toBe('****');
  });
  it('addresses: first 6 characters and ****', () => {
    expect(maskAddress('北京市东城区某某胡同1号')).toBe('北京市东城区****');
    expect(maskAddress('上海某路')).toBe('上海****');
  });
  it('loose values: 7+ digits mask as a phone, else as a name', () => {
    expect(maskLoose('13800138000')).toBe('138****8000');
    expect(maskLoose('本人')).toBe('本*');
  });
  it('import fields: personal kinds by field, contacts included; others unchanged', () => {
    expect(piiKindOfField('contacts[2].mobile')).toBe('phone');
    expect(piiKindOfField('placed_amount')).toBeNull();
    expect(maskFieldValue('id_number', '110101199003074515')).toBe('110101********4515');
    expect(maskFieldValue('contacts[1].name', '张大山')).toBe('张**');
    expect(maskFieldValue('placed_amount', '12,000')).toBe('12,000');
  });
  it('messages lose the raw value and any run of 7+ digits', () => {
    expect(scrubMessage('ID number "110101199003074515" fails its check digit', '110101199003074515', '110101********4515')).toBe('ID number "110101********4515" fails its check digit');
    expect(scrubMessage('Card number 6228480012345670 lost digits', '', '')).toBe('Card number ****5670 lost digits');
    expect(scrubMessage('row 12 of 300', '', '')).toBe('row 12 of 300');
  });
});
